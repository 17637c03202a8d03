"""The upload (in the web process: nothing is decoded here), the enqueue, and beat's re-enqueue."""

from __future__ import annotations

import datetime
import logging
from uuid import UUID

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError

from dasbor.tembolok import versi_naikkan_saat_commit
from pendataan.foto.dekode import GambarTidakSah, periksa_ukuran
from pendataan.foto.gambar import FORMAT
from pendataan.models import FotoKunjungan, JenisFoto, Kunjungan, StatusFoto, StatusKunjungan
from pendataan.tasks import proses_foto

logger = logging.getLogger(__name__)

MAKS_BYTES = 15 * 1024 * 1024
MERK_HEIF = {b"heic", b"heix", b"heim", b"heis", b"mif1"}

# A photo still waiting this long was not enqueued (broker down) or its task was lost.
TERTUNDA_SETELAH = datetime.timedelta(minutes=2)
# ... and is enqueued again at most this often, so a backlog does not pile up duplicates.
ANTRE_ULANG_SETELAH = datetime.timedelta(minutes=10)
TERTUNDA_PER_PUTARAN = 500
# What a failed enqueue raises: kombu wraps the broker's connection errors.
ANTREAN_GAGAL = (KombuError, OSError)
# An upload's enqueue tries again briefly (a broker restarting, a dropped connection)
# but does not hold the officer's request: about 1.5 s of waits at most, then the
# photo stays MENUNGGU for the sweep a worker makes when it reconnects.
KIRIM_ULANG = {
    "max_retries": 3,
    "interval_start": 0.25,
    "interval_step": 0.25,
    "interval_max": 0.75,
}


def _format_berkas(awal: bytes) -> str | None:
    """The image format the first bytes announce, or None: nothing is decoded here."""
    if awal.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if awal.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if awal[:4] == b"RIFF" and awal[8:12] == b"WEBP":
        return "WEBP"
    if awal[4:8] == b"ftyp" and awal[8:12] in MERK_HEIF:
        return "HEIF"
    return None


def _baca_unggahan(berkas: UploadedFile) -> bytes:
    terlalu_besar = ValidationError(
        _("Berkas foto terlalu besar: paling besar %(mb)d MB.") % {"mb": MAKS_BYTES // 2**20},
        code="besar",
    )
    if berkas.size is not None and berkas.size > MAKS_BYTES:
        raise terlalu_besar
    berkas.seek(0)
    data = berkas.read(MAKS_BYTES + 1)
    if len(data) > MAKS_BYTES:
        raise terlalu_besar
    if not data:
        raise ValidationError(_("Berkas foto kosong."), code="kosong")
    if _format_berkas(data[:16]) is None:
        raise ValidationError(
            _("Berkas bukan foto (JPEG, PNG, WebP atau HEIC)."), code="bukan_foto"
        )
    try:
        # Only the header is read: a file declaring more pixels than its format may
        # is refused here, before it is stored, rather than failing in the worker.
        periksa_ukuran(data, FORMAT)
    except GambarTidakSah as exc:
        raise ValidationError(exc.pesan, code="piksel") from None
    return data


# the evidence is fixed once reviewed
FOTO_BOLEH_DITAMBAH = (StatusKunjungan.DIKIRIM, StatusKunjungan.DIKEMBALIKAN)


def _sudah_diperiksa() -> ValidationError:
    return ValidationError(
        _("Kunjungan ini sudah diperiksa; fotonya tidak bisa ditambah."), code="status"
    )


def _foto_sama_uuid(*, kunjungan: Kunjungan, foto_uuid: UUID) -> FotoKunjungan | None:
    """The photo already received with this id (a resend), or a refusal if it is another visit's."""
    ada = FotoKunjungan.objects.filter(foto_uuid=foto_uuid).first()
    if ada is not None and ada.kunjungan_id != kunjungan.pk:
        raise ValidationError(_("Foto ini sudah terkirim untuk kunjungan lain."), code="foto_uuid")
    return ada


def foto_terima(
    *, kunjungan: Kunjungan, foto_uuid: UUID | str, jenis: str, berkas: UploadedFile
) -> tuple[FotoKunjungan, bool]:
    """Store a visit's photo as uploaded and enqueue its processing; (photo, created?).

    `foto_uuid` is made on the phone (a UUID or its text). A resend of the same
    `foto_uuid` for the same visit returns the stored photo. A bad file is
    refused with a ValidationError and nothing is stored.
    """
    try:
        foto_uuid = foto_uuid if isinstance(foto_uuid, UUID) else UUID(str(foto_uuid))
    except ValueError:
        raise ValidationError(_("Kode foto tidak sah."), code="foto_uuid") from None
    if jenis not in JenisFoto.values:
        raise ValidationError(_("Jenis foto tidak dikenal."), code="jenis")
    ada = _foto_sama_uuid(kunjungan=kunjungan, foto_uuid=foto_uuid)
    if ada is not None:
        return ada, False
    if kunjungan.status not in FOTO_BOLEH_DITAMBAH:
        raise _sudah_diperiksa()
    data = _baca_unggahan(berkas)

    foto = FotoKunjungan(
        kunjungan=kunjungan, foto_uuid=foto_uuid, jenis=jenis, ukuran_bytes=len(data)
    )
    storage = foto.asli.storage
    nama = ""
    try:
        with transaction.atomic():
            # Checked again under the visit's lock, which a review takes too: no photo
            # is stored once a review is saved, whatever the request read before.
            status = (
                Kunjungan.objects.select_for_update()
                .filter(pk=kunjungan.pk)
                .values_list("status", flat=True)
                .first()
            )
            if status not in FOTO_BOLEH_DITAMBAH:
                # a resend of a photo another request stored before the review
                ada = _foto_sama_uuid(kunjungan=kunjungan, foto_uuid=foto_uuid)
                if ada is not None:
                    return ada, False
                raise _sudah_diperiksa()
            # upload_to makes a random private name; the client's file name is not kept.
            foto.asli.save("asli", ContentFile(data), save=False)
            nama = foto.asli.name
            foto.save()
            foto_id = foto.pk
            transaction.on_commit(lambda: _antrekan(foto_id))
            versi_naikkan_saat_commit(rw_ids=[kunjungan.rw_id])  # the pages listing its photos
    except IntegrityError:
        # The same photo sent twice at the same moment: the other request stored it.
        storage.delete(nama)
        ada = _foto_sama_uuid(kunjungan=kunjungan, foto_uuid=foto_uuid)
        if ada is None:
            raise
        return ada, False
    except Exception:
        if nama:
            storage.delete(nama)
        raise
    return foto, True


def _antrekan(foto_id: int) -> bool:
    """Send the photo to the worker. A broker that is down must not fail the visit:
    the photo stays MENUNGGU and `foto_antrekan_menunggu` sends it when a worker
    reconnects to the broker (or `foto_antrekan_tertunda`, from beat)."""
    try:
        proses_foto.apply_async((foto_id,), retry=True, retry_policy=KIRIM_ULANG)
    except ANTREAN_GAGAL as exc:
        logger.warning(
            "foto %s belum masuk antrean (%s); dikirim ulang saat worker tersambung lagi",
            foto_id,
            exc.__class__.__name__,
        )
        return False
    return True


def _kunci_antre(foto_uuid: UUID) -> str:
    return f"pendataan:foto-antre:{foto_uuid}"


def foto_antrekan_tertunda() -> int:
    """Enqueue again the photos still waiting after TERTUNDA_SETELAH; how many were sent."""
    batas = timezone.now() - TERTUNDA_SETELAH
    tertunda = (
        FotoKunjungan.objects.filter(status=StatusFoto.MENUNGGU, created_at__lte=batas)
        .order_by("created_at")
        .values_list("pk", "foto_uuid")[:TERTUNDA_PER_PUTARAN]
    )
    dikirim = 0
    for foto_id, foto_uuid in tertunda:
        kunci = _kunci_antre(foto_uuid)
        if not cache.add(kunci, 1, timeout=ANTRE_ULANG_SETELAH.total_seconds()):
            continue  # sent again a short while ago, probably still in the queue
        if not _antrekan(foto_id):
            cache.delete(kunci)
            break  # the broker is down: the next round tries again
        dikirim += 1
    return dikirim


def foto_antrekan_menunggu() -> int:
    """Enqueue again every photo still MENUNGGU, oldest first; how many were sent.

    Run when a worker connects to the broker (config/worker.py): a photo whose upload
    found the broker down was never queued, a broker that restarted may have lost
    its queue, and a killed worker's photo stays unacknowledged in Redis for the
    visibility timeout (an hour). A photo whose message is still queued is sent
    twice; the second run finds it done (or being done) and does nothing.
    """
    tertunda = (
        FotoKunjungan.objects.filter(status=StatusFoto.MENUNGGU)
        .order_by("created_at")
        .values_list("pk", flat=True)[:TERTUNDA_PER_PUTARAN]
    )
    dikirim = 0
    for foto_id in tertunda:
        if not _antrekan(foto_id):
            break  # the broker went away again: the next connection sweeps again
        dikirim += 1
    return dikirim
