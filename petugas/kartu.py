"""Officer ID cards: issue, revoke and check them, the card photo and the QR code.

A card stands for the placement (penugasan) the officer held when it was
issued. It is valid while it is not revoked, today lies within its dates, and
that same placement is still active: an officer moved to another RW needs a
new card, because the old one names the old RW.
"""

import datetime
import io
import logging
import re
import secrets
from dataclasses import dataclass

import segno
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from akun.models import User
from audit.services import diubah_catat
from pendataan.foto.dekode import GambarTidakSah, buka, muat
from petugas.models import OPD, KartuPetugas, Penugasan, Petugas
from petugas.selectors import petugas_for
from wilayah.models import Kecamatan

logger = logging.getLogger(__name__)

MASA_BERLAKU_MAKS_TAHUN = 2
ALASAN_DIGANTI = "diganti kartu baru"
# The token alphabet of secrets.token_urlsafe; anything else is not a card.
POLA_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")

FOTO_UKURAN = (600, 800)  # 3:4 portrait, printed about 21 x 28 mm
FOTO_MIN = (300, 400)
FOTO_MAKS_BYTE = 10 * 1024 * 1024
# Checked on the header, before decoding, with each format's own tighter cap
# (pendataan.foto.dekode). Pillow's own global limit stays as it is.
FOTO_MAKS_PIKSEL = 40_000_000
FOTO_FORMAT = ("JPEG", "PNG", "WEBP")

QR_LEBAR_MM = 22


@dataclass(frozen=True)
class StatusKartu:
    berlaku: bool
    # For BKPSDM: why, with the revocation's own words.
    alasan: str
    # For the public card page: a revoked card says when, never BKPSDM's
    # free-text reason (it may name a misconduct or a person).
    alasan_umum: str
    # The active placement the card stands for; None when the card is not valid for one.
    penugasan: Penugasan | None
    # The placement printed on the card (its RW), even when it has ended.
    penugasan_kartu: Penugasan | None


def _hari_ini() -> datetime.date:
    return timezone.localdate()


def _tanggal(tanggal: datetime.date) -> str:
    return date_format(tanggal, "j F Y")


def _tambah_tahun(tanggal: datetime.date, tahun: int) -> datetime.date:
    try:
        return tanggal.replace(year=tanggal.year + tahun)
    except ValueError:  # 29 February
        return tanggal.replace(year=tanggal.year + tahun, day=28)


def _penugasan_aktif(hari: datetime.date) -> QuerySet[Penugasan]:
    return Penugasan.objects.filter(selesai__isnull=True, mulai__lte=hari)


# ---------------------------------------------------------------- selectors


def kartu_for(user: User) -> QuerySet[KartuPetugas]:
    """Cards of the officers the user may manage (BKPSDM and superadmin)."""
    return KartuPetugas.objects.filter(petugas__in=petugas_for(user)).select_related("petugas")


def kartu_by_token(*, token: str) -> KartuPetugas | None:
    """The card a QR code points to (public: anyone holding the card may ask)."""
    if not POLA_TOKEN.fullmatch(token):
        return None
    return KartuPetugas.objects.select_related("petugas").filter(token=token).first()


@dataclass(frozen=True)
class KartuBerlaku:
    kartu: KartuPetugas
    penugasan: Penugasan


def kartu_berlaku_for(
    user: User,
    *,
    petugas: Petugas | None = None,
    kecamatan: Kecamatan | None = None,
    opd: OPD | None = None,
) -> list[KartuBerlaku]:
    """The latest valid card of each officer in scope, with its placement, by RW.

    The same rule as `kartu_status`, in SQL, so a sheet of 700 cards costs two queries.
    """
    hari_ini = _hari_ini()
    aktif = _penugasan_aktif(hari_ini)
    kartu = (
        kartu_for(user)
        .filter(
            dicabut_at__isnull=True,
            berlaku_mulai__lte=hari_ini,
            berlaku_sampai__gte=hari_ini,
        )
        .filter(
            Exists(
                aktif.filter(petugas=OuterRef("petugas"), created_at__lte=OuterRef("created_at"))
            )
        )
        .order_by("petugas_id", "-created_at", "-pk")
    )
    if petugas is not None:
        kartu = kartu.filter(petugas=petugas)
    if opd is not None:
        kartu = kartu.filter(petugas__opd=opd)
    if kecamatan is not None:
        kartu = kartu.filter(
            Exists(aktif.filter(petugas=OuterRef("petugas"), rw__kelurahan__kecamatan=kecamatan))
        )
    terbaru: dict[int, KartuPetugas] = {}
    for k in kartu:
        terbaru.setdefault(k.petugas_id, k)
    # An empty id list costs no query.
    penugasan = {
        p.petugas_id: p
        for p in aktif.filter(petugas_id__in=list(terbaru)).select_related(
            "rw__kelurahan__kecamatan"
        )
    }
    hasil = [
        KartuBerlaku(kartu=k, penugasan=penugasan[pid])
        for pid, k in terbaru.items()
        if pid in penugasan  # ended between the two queries
    ]
    return sorted(
        hasil,
        key=lambda b: (b.penugasan.rw.kelurahan.kode, b.penugasan.rw.nomor, b.kartu.petugas.nama),
    )


def kartu_status(*, kartu: KartuPetugas) -> StatusKartu:
    """Whether a resident may trust this card today, and why not, in plain Indonesian."""
    hari_ini = _hari_ini()
    semua = list(
        kartu.petugas.penugasan_set.select_related("rw__kelurahan__kecamatan").order_by(
            "-created_at", "-pk"
        )
    )
    aktif = next((p for p in semua if p.selesai is None and p.mulai <= hari_ini), None)
    tertera = next(
        (
            p
            for p in semua
            if p.created_at <= kartu.created_at
            and (p.selesai is None or p.selesai >= kartu.berlaku_mulai)
        ),
        None,
    )

    def tidak(alasan: str, alasan_umum: str | None = None) -> StatusKartu:
        return StatusKartu(
            berlaku=False,
            alasan=alasan,
            alasan_umum=alasan if alasan_umum is None else alasan_umum,
            penugasan=None,
            penugasan_kartu=tertera,
        )

    if kartu.dicabut_at is not None:
        return tidak(
            _("Kartu dicabut: %(alasan)s") % {"alasan": kartu.alasan_cabut},
            _("Kartu dicabut pada %(tanggal)s")
            % {"tanggal": _tanggal(timezone.localdate(kartu.dicabut_at))},
        )
    if hari_ini < kartu.berlaku_mulai:
        return tidak(
            _("Belum berlaku (mulai %(tanggal)s)") % {"tanggal": _tanggal(kartu.berlaku_mulai)}
        )
    if hari_ini > kartu.berlaku_sampai:
        return tidak(
            _("Masa berlaku habis pada %(tanggal)s") % {"tanggal": _tanggal(kartu.berlaku_sampai)}
        )
    if aktif is None and tertera is None:
        return tidak(_("Petugas tidak sedang bertugas"))
    if aktif is None or aktif.created_at > kartu.created_at:
        # Ended, or placed again since the card was issued (the card names the old RW).
        return tidak(_("Petugas tidak lagi bertugas di RW ini"))
    return StatusKartu(
        berlaku=True,
        alasan=_("Petugas aktif"),
        alasan_umum=_("Petugas aktif"),
        penugasan=aktif,
        penugasan_kartu=aktif,
    )


# ----------------------------------------------------------------- services


@transaction.atomic
def kartu_terbitkan(*, petugas: Petugas, berlaku_sampai: datetime.date, oleh: User) -> KartuPetugas:
    """Issue a new card from today; the officer's earlier cards are revoked."""
    hari_ini = _hari_ini()
    # One issuance at a time per officer, so two clicks never leave two valid cards.
    Petugas.objects.select_for_update().filter(pk=petugas.pk).first()
    if not _penugasan_aktif(hari_ini).filter(petugas=petugas).exists():
        raise ValidationError(
            _("Kartu hanya untuk petugas yang sedang bertugas di sebuah RW."),
            code="tanpa_penugasan",
        )
    if berlaku_sampai <= hari_ini:
        raise ValidationError(_("Tanggal berlaku sampai harus setelah hari ini."), code="tanggal")
    batas = _tambah_tahun(hari_ini, MASA_BERLAKU_MAKS_TAHUN)
    if berlaku_sampai > batas:
        raise ValidationError(
            _("Masa berlaku paling lama 2 tahun (sampai %(tanggal)s).")
            % {"tanggal": _tanggal(batas)},
            code="tanggal",
        )
    kartu_cabut_semua(petugas=petugas, alasan=ALASAN_DIGANTI, oleh=oleh)
    kartu = KartuPetugas(
        petugas=petugas,
        token=secrets.token_urlsafe(24),
        berlaku_mulai=hari_ini,
        berlaku_sampai=berlaku_sampai,
        created_by=oleh,
    )
    kartu.full_clean()
    kartu.save()
    logger.info("kartu %s diterbitkan untuk petugas %s oleh %s", kartu.pk, petugas.pk, oleh.pk)
    return kartu


@transaction.atomic
def kartu_cabut(*, kartu: KartuPetugas, alasan: str, oleh: User) -> KartuPetugas:
    """Revoke a card. The reason is shown on the public verification page."""
    alasan = alasan.strip()
    if not alasan:
        raise ValidationError(_("Alasan pencabutan wajib diisi."), code="alasan")
    if len(alasan) > 255:
        raise ValidationError(_("Alasan pencabutan paling banyak 255 karakter."), code="alasan")
    terkunci = KartuPetugas.objects.select_for_update().get(pk=kartu.pk)
    if terkunci.dicabut_at is not None:
        raise ValidationError(_("Kartu ini sudah dicabut."), code="sudah_dicabut")
    kartu.dicabut_at = timezone.now()
    kartu.alasan_cabut = alasan
    kartu.save(update_fields=["dicabut_at", "alasan_cabut"])
    logger.info("kartu %s dicabut oleh %s", kartu.pk, oleh.pk)
    return kartu


def _foto_olah(berkas: UploadedFile) -> bytes:
    """The upload as a clean 600 x 800 JPEG without metadata, or a ValidationError."""
    if berkas.size is not None and berkas.size > FOTO_MAKS_BYTE:
        raise ValidationError(_("Berkas foto terlalu besar: paling besar 10 MB."), code="besar")
    berkas.seek(0)
    data = berkas.read(FOTO_MAKS_BYTE + 1)
    if len(data) > FOTO_MAKS_BYTE:
        raise ValidationError(_("Berkas foto terlalu besar: paling besar 10 MB."), code="besar")
    bukan_gambar = ValidationError(
        _("Berkas bukan foto yang bisa dibaca. Unggah foto JPG, PNG atau WebP yang utuh."),
        code="bukan_gambar",
    )
    terlalu_besar = ValidationError(
        _("Ukuran gambar terlalu besar: paling banyak 40 megapiksel."), code="piksel"
    )
    try:
        # Each format's own cap is checked on the header before decoding, and a
        # JPEG is decoded at a reduced scale: a card photo stays cheap for the web process.
        with buka(data, FOTO_FORMAT) as gambar:
            lebar, tinggi = gambar.size
            if lebar * tinggi > FOTO_MAKS_PIKSEL:
                raise terlalu_besar
            gambar = muat(gambar, data, (FOTO_UKURAN[1], FOTO_UKURAN[1]))
            gambar = ImageOps.exif_transpose(gambar)
    except GambarTidakSah as exc:
        raise ValidationError(exc.pesan, code="piksel") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise terlalu_besar from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise bukan_gambar from None

    lebar, tinggi = gambar.size
    if min(lebar, tinggi * 3 // 4) < FOTO_MIN[0]:
        raise ValidationError(
            _("Foto terlalu kecil: paling sedikit %(lebar)s × %(tinggi)s piksel (potret).")
            % {"lebar": FOTO_MIN[0], "tinggi": FOTO_MIN[1]},
            code="kecil",
        )
    if gambar.mode in ("RGBA", "LA", "PA") or "transparency" in gambar.info:
        rgba = gambar.convert("RGBA")
        gambar = Image.new("RGB", rgba.size, "white")
        gambar.paste(rgba, mask=rgba.getchannel("A"))
    else:
        gambar = gambar.convert("RGB")
    gambar = ImageOps.fit(gambar, FOTO_UKURAN, method=Image.Resampling.LANCZOS)
    keluaran = io.BytesIO()
    # No exif= / icc_profile= given: the JPEG carries no EXIF, GPS or camera data.
    gambar.save(keluaran, "JPEG", quality=85, optimize=True)
    return keluaran.getvalue()


def foto_simpan(*, petugas: Petugas, berkas: UploadedFile) -> Petugas:
    """Replace the officer's card photo. A bad file changes nothing."""
    data = _foto_olah(berkas)
    storage = petugas.foto.storage
    nama_baru = ""
    try:
        with transaction.atomic():
            lama = (
                Petugas.objects.select_for_update()
                .filter(pk=petugas.pk)
                .values_list("foto", flat=True)
                .get()
            )
            # A random name: the file's path says nothing about whom it shows.
            petugas.foto.save(f"{secrets.token_hex(16)}.jpg", ContentFile(data), save=False)
            nama_baru = petugas.foto.name
            petugas.save(update_fields=["foto", "updated_at"])
            if lama:
                transaction.on_commit(lambda: storage.delete(lama))
    except Exception:
        if nama_baru:
            storage.delete(nama_baru)
        raise
    return petugas


def qr_svg(url: str) -> str:
    """An inline SVG QR code (error correction M) about 22 mm wide when printed."""
    qr = segno.make(url, error="M", boost_error=False, micro=False)
    modul = qr.symbol_size(border=4)[0]
    return qr.svg_inline(
        scale=QR_LEBAR_MM / modul,
        unit="mm",
        border=4,
        dark="#000",
        light="#fff",
        title=_("Kode QR cek keaslian kartu"),
        svgclass="qr",
    )


def kartu_cabut_semua(*, petugas: Petugas, alasan: str, oleh: User | None) -> None:
    """Revoke every card of the officer still valid, each revocation audited (who, why)."""
    berlaku = list(KartuPetugas.objects.filter(petugas=petugas, dicabut_at__isnull=True))
    if not berlaku:
        return
    waktu = timezone.now()
    KartuPetugas.objects.filter(pk__in=[k.pk for k in berlaku]).update(
        dicabut_at=waktu, alasan_cabut=alasan
    )
    diubah_catat(
        berlaku, changes={"dicabut_at": ["None", waktu], "alasan_cabut": ["", alasan]}, oleh=oleh
    )
