"""The nginx configuration in deploy/ is one nginx accepts, for Docker and natively."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

import nginx_conf  # noqa: E402


def test_the_template_is_filled_in_and_nginx_variables_are_left_alone():
    teks = nginx_conf.server_block(upstream="web:8000", listen="80")
    assert "${" not in teks
    assert "server web:8000;" in teks
    assert "listen 80;" in teks
    assert "$proxy_add_x_forwarded_for" in teks


def test_docker_compose_mounts_the_same_template():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "./deploy/nginx-portal.conf.template:/etc/nginx/templates/" in compose


@pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed",
)
def test_nginx_accepts_the_native_configuration(tmp_path):
    utama = nginx_conf.tulis(upstream="127.0.0.1:1", listen="127.0.0.1:1", folder=tmp_path)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(utama)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
