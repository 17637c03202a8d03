"""/healthz: can the portal do its work? 200 when it can, 503 when it cannot.

A load balancer polls it, so it stays cheap: one `SELECT 1`, one connection to
the broker, one cache read; no call that waits for workers to answer. It fails
when the database or the broker is down, and in production (where beat sends
the heartbeat every minute) when no worker has run the heartbeat for a few
beats: photos and imports would wait for ever without anyone noticing. With
tasks in-process (no REDIS_URL) there is no broker or worker to lose.

Anonymous callers, the load balancer among them, get the status only; how it
is set up (database vendor, broker, error names) is for staff and superadmins.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from akun.access import peran_efektif
from akun.models import Peran
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


def detak_basi_setelah() -> datetime.timedelta:
    """Three beats: one late or lost heartbeat is not an outage, three are."""
    detik = settings.CELERY_BEAT_SCHEDULE["detak-worker"]["schedule"]
    return datetime.timedelta(seconds=3 * detik)


def _worker(broker_ok: bool) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    try:
        last_beat = cache.get(DETAK_KEY) if broker_ok else None
    except Exception:  # the cache is the same Redis as the broker
        last_beat = None
    try:
        umur = datetime.datetime.now(datetime.UTC) - datetime.datetime.fromisoformat(last_beat)
    except (TypeError, ValueError):
        umur = None
    segar = umur is not None and umur < detak_basi_setelah()
    body = {"ok": segar, "last_heartbeat": last_beat}
    if umur is not None:
        body["age_seconds"] = int(umur.total_seconds())
    return body


def _boleh_lihat_rincian(request: HttpRequest) -> bool:
    user = request.user
    return peran_efektif(user) == Peran.SUPERADMIN or (user.is_active and user.is_staff)


@json_api
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database()
    broker = _broker()
    worker = _worker(broker["ok"])
    # Outside production no beat may be running (tests, a developer's worker
    # without beat): the heartbeat is shown but does not fail the check.
    worker_wajib = settings.HEALTHZ_DETAK_WAJIB
    ok = database["ok"] and broker["ok"] and (worker["ok"] or not worker_wajib)
    body = {"status": "ok" if ok else "error"}
    if _boleh_lihat_rincian(request):
        body.update(database=database, broker=broker, worker=worker)
    return JsonResponse(body, status=200 if ok else 503)
