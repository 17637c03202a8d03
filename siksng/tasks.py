"""Celery tasks of siksng: each loads by id and calls a service."""

from celery import shared_task


@shared_task(
    name="siksng.tasks.tulis_ekspor_siksng",
    # Acknowledged only once done; a task handed back or sent twice finds the job no
    # longer MENUNGGU and leaves it alone (lib.ekspor.ekspor_ambil).
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # a city's first month (every approved change ever) streams out in minutes
    soft_time_limit=60 * 60,
    time_limit=60 * 60 + 120,
)
def tulis_ekspor_siksng(ekspor_id: int) -> None:
    from lib.ekspor import ekspor_ambil
    from siksng.ekspor import ekspor_bulan_tulis
    from siksng.models import EksporSiksng

    if not ekspor_ambil(EksporSiksng, ekspor_id):
        return
    ekspor = EksporSiksng.objects.select_related("kecamatan").get(pk=ekspor_id)
    ekspor_bulan_tulis(ekspor=ekspor)
