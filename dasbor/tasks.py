"""Celery tasks of dasbor: each calls a service of dasbor.hitung."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    name="dasbor.tasks.perbarui_ringkasan",
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    soft_time_limit=300,
    time_limit=330,
)
def perbarui_ringkasan(rw_ids: list[int]) -> None:
    from dasbor.hitung import ringkasan_perbarui
    from dasbor.tandai import antre_lepas

    antre_lepas(rw_ids)  # before the marks are read: a write committed later queues again
    ringkasan_perbarui(rw_ids=rw_ids)


@shared_task(name="dasbor.tasks.sapu_ringkasan", ignore_result=True)
def sapu_ringkasan() -> int:
    """Sent by beat every minute: RWs still marked (a lost task, a broker that was down)."""
    from dasbor.hitung import ringkasan_sapu

    return ringkasan_sapu()
