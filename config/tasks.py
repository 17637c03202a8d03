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
