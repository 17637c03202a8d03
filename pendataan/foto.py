"""Visit photos: receive the upload, process it in the worker, hand the derivatives to views.

The original (`asli`) is kept as uploaded, for audit, and never served. The
worker decodes it with Pillow (pillow-heif for HEIC) under size limits, reads
the capture time, GPS point and camera from EXIF, and writes two JPEG
derivatives without any metadata (`besar`, 1600 px, and `kecil`, 320 px) and
the perceptual hash that tells when one picture is passed off for two houses.

`proses_gambar` is the pure core (bytes in, result out), so it can be
benchmarked and tested without a database.
"""

from __future__ import annotations

import datetime
import io
import logging
import math
import re
import struct
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import imagehash
import pillow_heif
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from pendataan.bendera import bendera_perbarui
from pendataan.models import FotoKunjungan, JenisFoto, Kunjungan, StatusFoto, StatusKunjungan
from pendataan.tasks import proses_foto

logger = logging.getLogger(__name__)

# Thumbnails, depth maps and auxiliary images of a HEIC are never used: do not decode them.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

MAKS_BYTES = 15 * 1024 * 1024
# Checked on the header, before decoding: a small file can declare a huge bitmap.
# Pillow's own global limit (Image.MAX_IMAGE_PIXELS) stays as it is.
MAKS_PIKSEL = 50_000_000
FORMAT = ("JPEG", "PNG", "WEBP", "HEIF")  # a JPEG with MPO data opens as JPEG
MERK_HEIF = {b"heic", b"heix", b"heim", b"heis", b"mif1"}

UKURAN_BESAR = 1600  # long edge, px
UKURAN_KECIL = 320
KUALITAS_JPEG = 82
MAKS_KAMERA = 100
# Phones in Pekanbaru keep WIB; EXIF without OffsetTimeOriginal is local time.
ZONA_FOTO = zoneinfo.ZoneInfo("Asia/Jakarta")

# A photo still waiting this long was not enqueued (broker down) or its task was lost.
TERTUNDA_SETELAH = datetime.timedelta(minutes=2)
# ... and is enqueued again at most this often, so a backlog does not pile up duplicates.
ANTRE_ULANG_SETELAH = datetime.timedelta(minutes=10)
TERTUNDA_PER_PUTARAN = 500
# A photo whose processing never finishes (e.g. it kills the worker each time, and
# reject_on_worker_lost hands it back) is given up after this many starts.
MAKS_PERCOBAAN = 5
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
# Key of the PostgreSQL advisory locks (pg_try_advisory_lock(int, int)) held while a
# photo is processed; the second int is the photo's id. Any constant unused elsewhere.
KUNCI_PROSES_FOTO = 0x46_4F_54  # "FOT"

UKURAN_SAJI = ("besar", "kecil")
TIPE_KONTEN = "image/jpeg"

_KENDALI = re.compile(r"[\x00-\x1f\x7f]+")
_ZONA = re.compile(r"([+-])(\d{2}):?(\d{2})")


class GambarTidakSah(Exception):
    """The bytes are not an image the portal accepts; `pesan` says why, in Indonesian."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


@dataclass(frozen=True)
class HasilProses:
    besar: bytes  # JPEG, long edge at most UKURAN_BESAR, no metadata
    kecil: bytes  # JPEG, long edge at most UKURAN_KECIL, no metadata
    lebar: int  # of the original, upright
    tinggi: int
    phash: str  # 16 hex digits
    waktu: datetime.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    kamera: str


# ----------------------------------------------------------------- upload


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


# ------------------------------------------------------------- processing


def _teks(nilai: object) -> str:
    """An EXIF text without control characters (PostgreSQL refuses NUL) or padding."""
    if isinstance(nilai, bytes):
        nilai = nilai.decode("latin-1")
    if not isinstance(nilai, str):
        return ""
    return " ".join(_KENDALI.sub(" ", nilai).split())


def _waktu_exif(ifd_exif: dict) -> datetime.datetime | None:
    teks = _teks(ifd_exif.get(ExifTags.Base.DateTimeOriginal))
    try:
        waktu = datetime.datetime.strptime(teks, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    zona: datetime.tzinfo = ZONA_FOTO
    cocok = _ZONA.fullmatch(_teks(ifd_exif.get(ExifTags.Base.OffsetTimeOriginal)))
    if cocok:
        tanda, jam, menit = cocok.groups()
        selisih = datetime.timedelta(hours=int(jam), minutes=int(menit))
        if selisih <= datetime.timedelta(hours=14):
            zona = datetime.timezone(-selisih if tanda == "-" else selisih)
    return waktu.replace(tzinfo=zona)


def _derajat(dms: object, ref: object, batas: int, negatif: str) -> float | None:
    """Degrees, minutes, seconds (EXIF rationals) to signed decimal degrees."""
    if not isinstance(dms, tuple | list) or not 1 <= len(dms) <= 3:
        return None
    try:
        nilai = sum(float(x) / 60**i for i, x in enumerate(dms))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not math.isfinite(nilai) or not 0 <= nilai <= batas:
        return None
    return -nilai if _teks(ref).upper() == negatif else nilai


def _gps_exif(ifd_gps: dict) -> tuple[Decimal, Decimal] | tuple[None, None]:
    lat = _derajat(
        ifd_gps.get(ExifTags.GPS.GPSLatitude), ifd_gps.get(ExifTags.GPS.GPSLatitudeRef), 90, "S"
    )
    lng = _derajat(
        ifd_gps.get(ExifTags.GPS.GPSLongitude), ifd_gps.get(ExifTags.GPS.GPSLongitudeRef), 180, "W"
    )
    if lat is None or lng is None or (lat == 0 and lng == 0):  # 0,0: a phone without a fix
        return None, None
    enam = Decimal("0.000001")
    return Decimal(repr(lat)).quantize(enam), Decimal(repr(lng)).quantize(enam)


def _kamera_exif(exif: Image.Exif) -> str:
    merek = _teks(exif.get(ExifTags.Base.Make))
    model = _teks(exif.get(ExifTags.Base.Model))
    kamera = model if model.lower().startswith(merek.lower()) else f"{merek} {model}".strip()
    return kamera[:MAKS_KAMERA]


def _ukuran_muat(ukuran: tuple[int, int], sisi: int) -> tuple[int, int]:
    """The size that fits in a `sisi` x `sisi` box, keeping proportions, never larger."""
    lebar, tinggi = ukuran
    skala = min(1.0, sisi / max(lebar, tinggi))
    return max(1, round(lebar * skala)), max(1, round(tinggi * skala))


def _periksa_piksel(ukuran: tuple[int, int]) -> None:
    if ukuran[0] * ukuran[1] > MAKS_PIKSEL:
        raise GambarTidakSah(
            _("Gambar terlalu besar: paling banyak %(mp)d megapiksel.")
            % {"mp": MAKS_PIKSEL // 1_000_000}
        )


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _ke_srgb(gambar: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB: the derivatives carry no ICC profile, so colours are converted instead."""
    if gambar.mode in ("RGBA", "LA"):
        rgba = gambar.convert("RGBA")
        gambar = Image.new("RGB", rgba.size, "white")
        gambar.paste(rgba, mask=rgba.getchannel("A"))
    if icc and gambar.mode in ("RGB", "CMYK", "L"):
        try:
            asal = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(gambar, asal, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: fall back to the plain conversion
    return gambar if gambar.mode == "RGB" else gambar.convert("RGB")


def _jpeg(gambar: Image.Image) -> bytes:
    gambar.info = {}  # Pillow would carry a JPEG comment over; nothing of the original leaks
    keluaran = io.BytesIO()
    gambar.save(keluaran, "JPEG", quality=KUALITAS_JPEG, progressive=True)
    return keluaran.getvalue()


def proses_gambar(data: bytes) -> HasilProses:
    """Decode an uploaded photo and make its derivatives; GambarTidakSah when it is not one."""
    bukan_gambar = GambarTidakSah(
        _("Berkas bukan gambar yang bisa dibaca (rusak, tidak lengkap, atau bukan foto).")
    )
    try:
        with Image.open(io.BytesIO(data), formats=FORMAT) as gambar:
            _periksa_piksel(gambar.size)
            gambar.verify()
        with Image.open(io.BytesIO(data), formats=FORMAT) as gambar:
            _periksa_piksel(gambar.size)
            # EXIF first: the header is all it needs, and draft() below changes the image.
            exif = gambar.getexif()
            waktu = _waktu_exif(exif.get_ifd(ExifTags.IFD.Exif))
            latitude, longitude = _gps_exif(exif.get_ifd(ExifTags.IFD.GPSInfo))
            kamera = _kamera_exif(exif)
            lebar, tinggi = gambar.size
            if exif.get(ExifTags.Base.Orientation) in (5, 6, 7, 8):
                lebar, tinggi = tinggi, lebar
            icc = gambar.info.get("icc_profile")
            # JPEG: decode at 1/2, 1/4 or 1/8 scale when the photo is that much larger
            # than the big derivative (the box keeps the proportions, or draft() would
            # be held back by the short edge).
            gambar.draft("RGB", _ukuran_muat(gambar.size, UKURAN_BESAR))
            gambar.load()  # a truncated or corrupt file fails here
            ImageOps.exif_transpose(gambar, in_place=True)
            if gambar.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
                # Palette, 1-bit, 16-bit: resized in a mode that resamples smoothly.
                transparan = gambar.mode == "PA" or "transparency" in gambar.info
                gambar = gambar.convert("RGBA" if transparan else "RGB")
            besar = gambar.resize(
                _ukuran_muat(gambar.size, UKURAN_BESAR),
                Image.Resampling.LANCZOS,
                reducing_gap=3.0,
            )
    except GambarTidakSah:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise GambarTidakSah(
            _("Gambar terlalu besar: paling banyak %(mp)d megapiksel.")
            % {"mp": MAKS_PIKSEL // 1_000_000}
        ) from None
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        TypeError,
        IndexError,
        KeyError,
        struct.error,
    ):
        # What Pillow's decoders raise on a file that only looks like an image.
        raise bukan_gambar from None

    besar = _ke_srgb(besar, icc)
    # reducing_gap 3.0, not thumbnail()'s cheaper 2.0: the perceptual hash is taken from
    # this image, and it then stays the same when a picture is merely re-encoded.
    kecil = besar.resize(
        _ukuran_muat(besar.size, UKURAN_KECIL), Image.Resampling.LANCZOS, reducing_gap=3.0
    )
    return HasilProses(
        besar=_jpeg(besar),
        kecil=_jpeg(kecil),
        lebar=lebar,
        tinggi=tinggi,
        phash=str(imagehash.phash(kecil)),
        waktu=waktu,
        latitude=latitude,
        longitude=longitude,
        kamera=kamera,
    )


def _percobaan_ke(foto: FotoKunjungan) -> int:
    """How many times processing of this photo has started (today), this one included."""
    kunci = f"pendataan:foto-percobaan:{foto.foto_uuid}"
    try:
        cache.add(kunci, 0, timeout=24 * 3600)
        return cache.incr(kunci)
    except Exception:  # the count is a safeguard; without the cache, carry on
        logger.warning("foto %s: jumlah percobaan tidak tercatat", foto.pk)
        return 1


def _simpan_hasil(foto: FotoKunjungan, hasil: HasilProses | None, pesan: str = "") -> bool:
    """Store the outcome unless another run got there first; True when stored."""
    storage = foto.besar.storage
    disimpan: list[str] = []
    try:
        with transaction.atomic():
            status = (
                FotoKunjungan.objects.select_for_update()
                .filter(pk=foto.pk)
                .values_list("status", flat=True)
                .first()
            )
            if status != StatusFoto.MENUNGGU:
                return False
            if hasil is None:
                foto.status = StatusFoto.GAGAL
                foto.pesan = pesan[:255]
            else:
                foto.besar.save("besar", ContentFile(hasil.besar), save=False)
                disimpan.append(foto.besar.name)
                foto.kecil.save("kecil", ContentFile(hasil.kecil), save=False)
                disimpan.append(foto.kecil.name)
                foto.status = StatusFoto.SELESAI
                foto.pesan = ""
                foto.lebar = hasil.lebar
                foto.tinggi = hasil.tinggi
                foto.phash = hasil.phash
                foto.exif_waktu = hasil.waktu
                foto.exif_latitude = hasil.latitude
                foto.exif_longitude = hasil.longitude
                foto.exif_kamera = hasil.kamera
            foto.diproses_at = timezone.now()
            foto.save(
                update_fields=[
                    "besar",
                    "kecil",
                    "status",
                    "pesan",
                    "ukuran_bytes",
                    "lebar",
                    "tinggi",
                    "phash",
                    "exif_waktu",
                    "exif_latitude",
                    "exif_longitude",
                    "exif_kamera",
                    "diproses_at",
                ]
            )
    except Exception:
        for nama in disimpan:
            storage.delete(nama)
        raise
    return True


def _bendera_perbarui(kunjungan_id: int) -> list[dict]:
    # The visit row is locked so that two photos of one visit, finished by two
    # workers at once, cannot store flags computed before the other's commit.
    with transaction.atomic():
        kunjungan = (
            Kunjungan.objects.select_for_update(of=("self",))
            .select_related("rw__kelurahan", "keluarga")
            .get(pk=kunjungan_id)
        )
        return bendera_perbarui(kunjungan=kunjungan)


@contextmanager
def _pegang(foto: FotoKunjungan) -> Iterator[bool]:
    """Hold the photo while it is processed; False when another process holds it.

    A session lock of PostgreSQL, not a row lock: no transaction stays open during the
    decoding, and the lock goes with the connection when the process holding it is
    killed. SQLite runs the tasks in the request that sends them; nothing to hold.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [KUNCI_PROSES_FOTO, foto.pk])
        dipegang = cursor.fetchone()[0]
    try:
        yield dipegang
    finally:
        if dipegang:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [KUNCI_PROSES_FOTO, foto.pk])


def foto_proses(*, foto: FotoKunjungan) -> None:
    """Process a photo MENUNGGU into SELESAI (derivatives, EXIF, hash) or GAGAL (with a
    reason, original kept), then refresh its visit's flags. Other photos are left alone.

    The photo may be sent twice (the sweep when a worker connects, a message Redis
    hands back after the visibility timeout): it is processed once, by the run that
    holds it while it is still MENUNGGU."""
    with _pegang(foto) as dipegang:
        if not dipegang:
            logger.info("foto %s: dilewati, sedang diproses di proses lain", foto.pk)
            return
        foto.refresh_from_db(fields=["status"])
        if foto.status != StatusFoto.MENUNGGU:
            logger.info("foto %s: dilewati, sudah %s", foto.pk, foto.status)
            return
        _proses(foto)


def _proses(foto: FotoKunjungan) -> None:
    percobaan = _percobaan_ke(foto)
    logger.info("foto %s: mulai diproses (percobaan %s)", foto.pk, percobaan)
    if percobaan > MAKS_PERCOBAAN:
        hasil = None
        pesan = _("Foto gagal diproses setelah %(n)d kali percobaan.") % {"n": MAKS_PERCOBAAN}
    else:
        with foto.asli.open("rb") as berkas:
            data = berkas.read()
        foto.ukuran_bytes = len(data)
        try:
            hasil, pesan = proses_gambar(data), ""
        except GambarTidakSah as exc:
            hasil, pesan = None, exc.pesan
    if not _simpan_hasil(foto, hasil, pesan):
        foto.refresh_from_db()
        return
    logger.info("foto %s: %s", foto.pk, foto.status)
    foto.kunjungan.bendera = _bendera_perbarui(foto.kunjungan_id)


# ---------------------------------------------------------------- serving


def foto_bytes(*, foto: FotoKunjungan, ukuran: str) -> File | None:
    """A derivative's JPEG (TIPE_KONTEN), opened for reading, or None while it has none.

    The caller has already checked access (`foto_for(user)`) and closes the
    file (FileResponse does). The original is never served: `ukuran` is
    "besar" or "kecil".
    """
    if ukuran not in UKURAN_SAJI:
        raise ValueError(f"ukuran {ukuran!r} bukan salah satu dari {UKURAN_SAJI}")
    berkas = getattr(foto, ukuran)
    if foto.status != StatusFoto.SELESAI or not berkas:
        return None
    return berkas.storage.open(berkas.name, "rb")
