import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_it_reports_every_part(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert body["broker"] == {"ok": True, "mode": "in-process"}
        assert body["worker"] == {"ok": True, "mode": "in-process"}
    else:
        assert body["broker"]["ok"] is True
        assert "workers" in body["worker"]


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    from config import health

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["database"] == {"ok": False, "error": "OperationalError"}


@pytest.mark.django_db
def test_an_unreachable_broker_and_worker_are_reported_not_fatal(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from config.celery_app import app

    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 200
    body = response.json()
    assert body["broker"]["ok"] is False
    assert body["worker"]["ok"] is False


def test_it_needs_no_login_and_wrong_method_is_405(client, db):
    assert client.post("/healthz").status_code == 405


def _production(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup()"],
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
