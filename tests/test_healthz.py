import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from config.tasks import DETAK_KEY

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def staf(client, akun):
    client.force_login(akun.superadmin)
    return client


@pytest.fixture
def broker_mati():
    """The broker points at a port where nothing listens; tasks are no longer in-process."""
    from config.celery_app import app

    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    yield
    app.conf.broker_url = old


def _detak(detik_lalu: int) -> str:
    return (timezone.now() - datetime.timedelta(seconds=detik_lalu)).isoformat()


@pytest.mark.django_db
def test_it_tells_anonymous_callers_the_status_only(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_tells_a_superadmin_every_part(staf, settings):
    response = staf.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["vendor"] in ("sqlite", "postgresql")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert body["broker"] == {"ok": True, "mode": "in-process"}
        assert body["worker"] == {"ok": True, "mode": "in-process"}
    else:
        assert body["broker"]["ok"] is True
        assert "last_heartbeat" in body["worker"]


def test_other_roles_get_the_status_only(client, akun):
    for user in (akun.petugas, akun.admin_binawidya, akun.dinsos, akun.pimpinan):
        client.force_login(user)
        assert client.get("/healthz").json() == {"status": "ok"}, user.peran


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    from config import health

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error"}


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_down(client, settings, broker_mati):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_a_superadmin_sees_the_broker_and_worker_down(staf, settings, broker_mati):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.set(DETAK_KEY, _detak(10))
    body = staf.get("/healthz").json()
    assert body["broker"] == {"ok": False, "mode": "redis", "error": body["broker"]["error"]}
    assert body["worker"]["ok"] is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("detak", "status"),
    [
        (lambda: _detak(30), 200),  # the last beat's
        (lambda: _detak(170), 200),  # two beats missed: late, not yet down
        (lambda: _detak(200), 503),  # three missed: no worker runs tasks
        (lambda: None, 503),  # never ran since Redis started
        (lambda: "bukan waktu", 503),
    ],
    ids=["fresh", "two-missed", "three-missed", "never", "garbled"],
)
def test_in_production_a_stale_heartbeat_answers_503(client, settings, detak, status):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTHZ_DETAK_WAJIB = True
    nilai = detak()
    if nilai is None:
        cache.delete(DETAK_KEY)
    else:
        cache.set(DETAK_KEY, nilai)
    response = client.get("/healthz")
    assert response.status_code == status
    assert response.json() == {"status": "ok" if status == 200 else "error"}


@pytest.mark.django_db
def test_outside_production_a_stale_heartbeat_is_shown_not_fatal(staf, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(DETAK_KEY)
    response = staf.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == {"ok": False, "last_heartbeat": None}


@pytest.mark.django_db
def test_in_process_tasks_need_no_heartbeat_even_in_production(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.HEALTHZ_DETAK_WAJIB = True
    cache.delete(DETAK_KEY)
    assert client.get("/healthz").status_code == 200


def test_production_settings_require_the_heartbeat():
    result = _production({"SECRET_KEY": "k3y-" * 12}, "print(settings.HEALTHZ_DETAK_WAJIB)")
    assert result.stdout.strip() == "True", result.stderr


@pytest.mark.django_db
def test_it_stays_cheap(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get("/healthz")


def test_it_needs_no_login_and_wrong_method_is_405(client, db):
    assert client.post("/healthz").status_code == 405


def _production(env: dict, code: str = "") -> subprocess.CompletedProcess:
    setup = "import django; django.setup(); from django.conf import settings"
    return subprocess.run(
        [sys.executable, "-c", f"{setup}\n{code}"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_production_refuses_the_default_secret_key():
    result = _production({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _production({"SECRET_KEY": "x" * 50, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_a_real_key():
    result = _production({"SECRET_KEY": "k3y-" * 12})
    assert result.returncode == 0, result.stderr


def test_passwords_are_hashed_with_argon2():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
