"""Files built by Celery for download, the steps every such export shares.

An export is a row (a concrete model on `EksporBerkas`) that a request creates and a
worker fills: MENUNGGU -> MENULIS -> SELESAI or GAGAL. The request only creates the row
and queues the task, so it stays fast whatever the file's size; the worker streams the
rows into a temporary file and keeps it through the configured storage (the disk or an
S3 bucket, lib/penyimpanan.py); the download view streams it back after checking scope.

Used by bansos's results export (bansos/ekspor.py) and siksng's monthly file
(siksng/ekspor.py). Each keeps its own model (its scope fields and folder), its task and
its rows; the steps here are the same for both:

- `ekspor_minta`: one job per scope while it runs (a double submit finds the first);
- `ekspor_ambil`: a task takes a job once (a redelivered message leaves it alone);
- `ekspor_simpan`: count, write, store under a random name, mark done or failed;
- `ekspor_status_halaman`: the status page htmx polls while the job runs;
- `ekspor_unduhan`: the stored file as a private, audited download.

NIKs are personal data: the log holds ids, counts and exception classes only.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import KombuError

from lib.persen import persen_teks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The tasks stop themselves after an hour: a job still MENULIS this long after it was
# asked for lost its worker and will never finish.
TERHENTI_SETELAH = datetime.timedelta(hours=3)
ANTREAN_GAGAL = (KombuError, OSError)  # what a failed enqueue raises (see pendataan.foto)


class StatusEkspor(models.TextChoices):
    MENUNGGU = "menunggu", gettext_lazy("Menunggu diproses")
    MENULIS = "menulis", gettext_lazy("Menyusun berkas")
    SELESAI = "selesai", gettext_lazy("Siap diunduh")
    GAGAL = "gagal", gettext_lazy("Gagal")


BERJALAN = (StatusEkspor.MENUNGGU, StatusEkspor.MENULIS)


class BerkasLatar(models.Model):
    """Who asked for a file job run by a worker (an export, or an import: bansos.models
    .ImporBerkas), when, and when it ended."""

    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    selesai_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class EksporBerkas(BerkasLatar):
    """The fields of an export job; the concrete model adds its scope and its `berkas`
    FileField (its own private folder)."""

    status = models.CharField(max_length=10, choices=StatusEkspor, default=StatusEkspor.MENUNGGU)
    # whole NIK and KK numbers (asked by Dinsos) or masked (by an admin kecamatan):
    # a file with whole numbers is never handed to a role that sees them masked
    nomor_utuh = models.BooleanField(default=False)
    baris_total = models.PositiveIntegerField(default=0)
    baris_ditulis = models.PositiveIntegerField(default=0)
    pesan = models.CharField(max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def selesai(self) -> bool:
        return self.status in (StatusEkspor.SELESAI, StatusEkspor.GAGAL)


# An export task's options: acknowledged only once done, so a task handed back (worker
# lost) or sent twice finds the job no longer MENUNGGU and leaves it alone (one job writes
# one file); a city's file streams out in minutes, an hour means something is stuck.
OPSI_TUGAS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
    "soft_time_limit": 60 * 60,
    "time_limit": 60 * 60 + 120,
}


def _log(ekspor) -> str:
    return f"{ekspor._meta.model_name} {ekspor.pk}"


def antrekan(tugas, ekspor_id: int, *, logger: logging.Logger) -> bool:
    """A broker that is down must not fail the request: the export stays MENUNGGU (asking
    again, or beat, sends it later)."""
    try:
        tugas.delay(ekspor_id)
    except ANTREAN_GAGAL as exc:
        logger.warning("ekspor %s belum masuk antrean (%s)", ekspor_id, type(exc).__name__)
        return False
    return True


def ekspor_gagal(ekspor: EksporBerkas, pesan: str) -> None:
    type(ekspor).objects.filter(pk=ekspor.pk).update(
        status=StatusEkspor.GAGAL, berkas="", pesan=pesan[:255], selesai_at=timezone.now()
    )


def ekspor_minta(
    model: type[EksporBerkas], *, kunci: dict, oleh, tugas, logger: logging.Logger
) -> tuple[EksporBerkas, bool]:
    """Ask for an export of `model` with the scope `kunci`; returns it and whether it is new.

    While one with the same scope is still being built, asking again returns that one (and
    sends a waiting one to the queue again: the broker may have been down). One left
    MENULIS past `TERHENTI_SETELAH` is marked failed and a new one is asked for.

    Call inside the caller's transaction, after locking a row every ask for this scope
    locks too: two clicks at the same moment then find each other.
    """
    berjalan = model.objects.filter(**kunci, status__in=BERJALAN).order_by("-created_at").first()
    if (
        berjalan is not None
        and berjalan.status == StatusEkspor.MENULIS
        and berjalan.created_at < timezone.now() - TERHENTI_SETELAH
    ):
        ekspor_gagal(berjalan, _("Ekspor terhenti sebelum selesai; sudah diminta ulang."))
        berjalan = None
    if berjalan is not None:
        if berjalan.status == StatusEkspor.MENUNGGU:
            # a second message is harmless: the task takes a job only once
            ekspor_id = berjalan.pk
            transaction.on_commit(lambda: antrekan(tugas, ekspor_id, logger=logger))
        return berjalan, False
    ekspor = model.objects.create(**kunci, dibuat_oleh=oleh)
    ekspor_id = ekspor.pk
    transaction.on_commit(lambda: antrekan(tugas, ekspor_id, logger=logger))
    logger.info("%s diminta oleh user %s", _log(ekspor), oleh.pk)
    return ekspor, True


def ekspor_ambil(model: type[EksporBerkas], ekspor_id: int) -> bool:
    """The task's claim: MENUNGGU -> MENULIS, once. A task handed back (worker lost) or
    sent twice finds the job no longer MENUNGGU and leaves it alone."""
    return bool(
        model.objects.filter(pk=ekspor_id, status=StatusEkspor.MENUNGGU).update(
            status=StatusEkspor.MENULIS
        )
    )


def ekspor_kerjakan(
    model: type[EksporBerkas],
    ekspor_id: int,
    *,
    tulis: Callable[..., None],
    terkait: tuple[str, ...] = (),
) -> None:
    """A task's body: take the job once, load it (with `terkait` joined), `tulis(ekspor=…)`."""
    if not ekspor_ambil(model, ekspor_id):
        return
    tulis(ekspor=model.objects.select_related(*terkait).get(pk=ekspor_id))


def ekspor_progres(ekspor: EksporBerkas, ditulis: int) -> None:
    type(ekspor).objects.filter(pk=ekspor.pk).update(baris_ditulis=ditulis)


def ekspor_simpan(
    ekspor: EksporBerkas,
    *,
    hitung: Callable[[], int],
    tulis: Callable[[Path], int],
    logger: logging.Logger,
) -> None:
    """The worker's job: count the rows (for the progress bar), write the file with
    `tulis(path)` (returns the rows written), keep it privately under a random name, and
    mark the job done; on any error, mark it failed and leave no file behind."""
    model = type(ekspor)
    disimpan = ""
    try:
        model.objects.filter(pk=ekspor.pk).update(baris_total=hitung(), baris_ditulis=0)
        with tempfile.TemporaryDirectory(prefix="ekspor-") as folder:
            path = Path(folder) / "ekspor.xlsx"
            ditulis = tulis(path)
            with path.open("rb") as fh:
                # a random private name; the download gets a readable one
                disimpan = ekspor.berkas.storage.save(
                    ekspor.berkas.field.generate_filename(ekspor, f"{uuid.uuid4().hex}.xlsx"),
                    File(fh),
                )
        model.objects.filter(pk=ekspor.pk).update(
            status=StatusEkspor.SELESAI,
            berkas=disimpan,
            baris_total=ditulis,
            baris_ditulis=ditulis,
            pesan="",
            selesai_at=timezone.now(),
        )
    except Exception as exc:
        # A database error's message can quote rows (NIKs): only the class is logged.
        logger.error("%s gagal: %s", _log(ekspor), type(exc).__name__)
        if disimpan:
            ekspor.berkas.storage.delete(disimpan)
        ekspor_gagal(ekspor, _("Ekspor gagal karena kesalahan sistem. Coba minta ekspor lagi."))
        return
    logger.info("%s selesai: %d baris", _log(ekspor), ditulis)


def ekspor_status_halaman(
    request: HttpRequest, ekspor: EksporBerkas, template: str, **konteks
) -> HttpResponse:
    """An export's status page; htmx polls it for the `#status` partial while it runs."""
    fragmen = request.htmx and not request.htmx.history_restore_request
    response = render(
        request,
        f"{template}#status" if fragmen else template,
        {
            "ekspor": ekspor,
            "selesai": ekspor.selesai,
            "persen": persen_teks(ekspor.baris_ditulis, ekspor.baris_total),
            "StatusEkspor": StatusEkspor,
            **konteks,
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def ekspor_unduhan(request: HttpRequest, ekspor: EksporBerkas, *, nama: str) -> FileResponse:
    """A finished export's file as a download; the caller found `ekspor` through its
    scoped selector. Recorded in the read log; never kept by a shared cache."""
    from audit.models import JenisBaca
    from audit.services import baca_catat

    if ekspor.status != StatusEkspor.SELESAI:
        raise Http404
    try:
        berkas = ekspor.berkas.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: no file recorded (deleted)
        raise Http404 from None
    baca_catat(request, jenis=JenisBaca.EKSPOR, objek=ekspor)
    response = FileResponse(berkas, as_attachment=True, filename=nama, content_type=XLSX)
    response["Cache-Control"] = "private, no-store"  # full NIKs: never in a shared cache
    return response
