"""Celery tasks of siksng: each loads by id and calls a service."""

from celery import shared_task

from lib.ekspor import OPSI_TUGAS, ekspor_kerjakan


@shared_task(name="siksng.tasks.tulis_ekspor_siksng", **OPSI_TUGAS)
def tulis_ekspor_siksng(ekspor_id: int) -> None:
    from siksng.ekspor import ekspor_bulan_tulis
    from siksng.models import EksporSiksng

    ekspor_kerjakan(EksporSiksng, ekspor_id, tulis=ekspor_bulan_tulis, terkait=("kecamatan",))
