from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

DETAK_KEY = "health:detak-worker"


@shared_task(name="config.tasks.detak_worker")
def detak_worker() -> str:
    """Beat sends this every minute; /healthz shows when a worker last ran it."""
    now = timezone.now().isoformat()
    cache.set(DETAK_KEY, now, timeout=None)
    return now


@shared_task(name="config.tasks.hapus_unggah_sementara", ignore_result=True)
def hapus_unggah_sementara() -> int:
    """Sent by beat: upload temp files older than an hour (config/unggah_sementara.py)."""
    from config.unggah_sementara import unggah_sementara_hapus

    return unggah_sementara_hapus()
