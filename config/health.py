"""/healthz: is the database, the broker and a worker reachable?

A load balancer takes the portal out when this is not 200, so only the
database (without which nothing works) makes it fail; a broker or worker
that is down delays background work but pages still serve.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery_app import app as celery_app
from config.galat import json_api
from config.tasks import DETAK_KEY


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"ok": False, "mode": "redis", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "redis"}


def _worker(broker_ok: bool) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    if not broker_ok:
        return {"ok": False, "workers": 0}
    try:
        replies = celery_app.control.ping(timeout=1.0)
    except Exception as exc:
        return {"ok": False, "workers": 0, "error": exc.__class__.__name__}
    try:
        last_beat = cache.get(DETAK_KEY)
    except Exception:
        last_beat = None
    return {"ok": bool(replies), "workers": len(replies), "last_heartbeat": last_beat}


@json_api
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database()
    broker = _broker()
    worker = _worker(broker["ok"])
    body = {
        "status": "ok" if database["ok"] else "error",
        "database": database,
        "broker": broker,
        "worker": worker,
    }
    return JsonResponse(body, status=200 if database["ok"] else 503)
