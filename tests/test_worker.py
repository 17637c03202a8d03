"""One Celery task end to end: through the real Redis broker to a real worker process.

Runs when REDIS_URL is set (CI's PostgreSQL + Redis pass sets it).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from config.tasks import DETAK_KEY, detak_worker

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set"),
]


@pytest.fixture
def worker():
    # Tasks queued by earlier tests of this run (on commit, with no worker listening) are
    # for rows long gone: a worker started now would work through that backlog first.
    from config.celery_app import app

    app.control.purge()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            "uji@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_task_runs_in_a_real_worker(worker):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    cache.delete(DETAK_KEY)
    result = detak_worker.delay()
    value = result.get(timeout=60)
    assert cache.get(DETAK_KEY) == value
    assert result.successful()


@pytest.mark.django_db
def test_healthz_sees_the_worker(worker, client, akun):
    client.force_login(akun.superadmin)  # anonymous callers get the status only
    detak_worker.delay().get(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body = client.get("/healthz").json()
        if body["worker"]["ok"]:
            break
        time.sleep(0.5)
    assert body["broker"] == {"ok": True, "mode": "redis"}
    assert body["worker"]["ok"] is True
    assert body["worker"]["last_heartbeat"]
    assert body["worker"]["age_seconds"] < 60
