"""Celery tasks of pendataan: each loads by id and calls a service of pendataan.foto.

The services are imported inside the tasks: pendataan.foto enqueues these
tasks, so importing it here at module level would make a cycle.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from pendataan.models import FotoKunjungan


@shared_task(
    name="pendataan.tasks.proses_foto",
    # Acknowledged only once done; a worker that dies mid-photo hands it back.
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,  # nobody reads it, and a result store that is down must not matter
    # The database restarting or failing over: try again a little later.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=5,
    # A photo of at most 50 megapixels takes seconds; far longer means a hostile file.
    soft_time_limit=120,
    time_limit=150,
)
def proses_foto(foto_id: int) -> None:
    from pendataan.foto import foto_proses

    foto = FotoKunjungan.objects.select_related("kunjungan").filter(pk=foto_id).first()
    if foto is None:  # the visit was deleted meanwhile
        return
    foto_proses(foto=foto)


@shared_task(name="pendataan.tasks.proses_foto_tertunda", ignore_result=True)
def proses_foto_tertunda() -> int:
    """Sent by beat: photos left waiting (broker down at upload, task lost) are sent again."""
    from pendataan.foto import foto_antrekan_tertunda

    return foto_antrekan_tertunda()


@shared_task(
    name="pendataan.tasks.proses_impor_desil",
    # Acknowledged only once done; one handed back finds the import no longer MENUNGGU.
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=30 * 60,
    time_limit=30 * 60 + 120,
)
def proses_impor_desil(impor_id: int) -> None:
    from pendataan.desil import impor_desil_proses
    from pendataan.models import ImporDesil

    impor = ImporDesil.objects.filter(pk=impor_id).first()
    if impor is not None:
        impor_desil_proses(impor=impor)


@shared_task(name="pendataan.tasks.hapus_foto_identitas_lama", ignore_result=True)
def hapus_foto_identitas_lama() -> int:
    """Sent by beat: KK/KTP photos past FOTO_IDENTITAS_SIMPAN_HARI after their review."""
    from pendataan.foto.retensi import foto_identitas_hapus_lama

    return foto_identitas_hapus_lama()
