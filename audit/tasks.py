"""Celery tasks of the audit: each calls a service."""

from celery import shared_task
from django.conf import settings


@shared_task(name="audit.tasks.hapus_log_baca_lama", ignore_result=True)
def hapus_log_baca_lama() -> int:
    from audit.services import log_baca_hapus_lama

    return log_baca_hapus_lama(hari=settings.LOG_BACA_SIMPAN_HARI)
