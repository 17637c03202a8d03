"""Celery tasks of bansos: each loads by id and calls a service.

The services are imported inside the tasks: bansos.impor enqueues these tasks,
so importing it here at module level would make a cycle.
"""

from celery import shared_task

from bansos.models import ImporPenerima, StatusImpor


@shared_task(
    name="bansos.tasks.proses_impor_penerima",
    # Acknowledged only once done. A task handed back (worker lost) finds the import
    # no longer MENUNGGU and leaves it alone rather than reading the file twice at once.
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # A million rows read twice, written in batches: minutes, not an hour.
    soft_time_limit=60 * 60,
    time_limit=60 * 60 + 120,
)
def proses_impor_penerima(impor_id: int) -> None:
    from bansos.impor import impor_penerima_proses

    impor = ImporPenerima.objects.select_related("periode__program").filter(pk=impor_id).first()
    if impor is None or impor.status != StatusImpor.MENUNGGU:
        return
    impor_penerima_proses(impor=impor)


@shared_task(
    name="bansos.tasks.tulis_ekspor_hasil",
    # Acknowledged only once done. A task handed back (worker lost) or sent twice finds
    # the export no longer MENUNGGU and leaves it alone: one job writes one file.
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # 300,000 findings stream out in under two minutes; an hour means something is stuck.
    soft_time_limit=60 * 60,
    time_limit=60 * 60 + 120,
)
def tulis_ekspor_hasil(ekspor_id: int) -> None:
    from bansos.ekspor import ekspor_tulis
    from bansos.models import EksporHasil, StatusEkspor

    diambil = EksporHasil.objects.filter(pk=ekspor_id, status=StatusEkspor.MENUNGGU).update(
        status=StatusEkspor.MENULIS
    )
    if not diambil:
        return
    from dasbor.tembolok import versi_naikkan_saat_commit

    versi_naikkan_saat_commit(lain=["ekspor"])  # its status on the results pages
    ekspor = EksporHasil.objects.select_related("periode__program", "kecamatan").get(pk=ekspor_id)
    ekspor_tulis(ekspor=ekspor)


@shared_task(name="bansos.tasks.periksa_impor_macet", ignore_result=True)
def periksa_impor_macet() -> None:
    """Sent by beat: imports left waiting are queued again, ones whose worker died refused."""
    from bansos.impor import impor_penerima_pulihkan

    impor_penerima_pulihkan()


@shared_task(name="bansos.tasks.hapus_berkas_lama", ignore_result=True)
def hapus_berkas_lama() -> None:
    """Sent by beat: export and import files past their kept days are deleted."""
    from bansos.retensi import berkas_lama_hapus

    berkas_lama_hapus()
