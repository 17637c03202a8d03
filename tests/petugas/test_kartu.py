"""petugas.kartu: issuing, revoking and checking ID cards, the card photo, the QR code."""

import datetime
import io
import re
import struct
import zlib
from pathlib import Path

import pytest
import segno
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from petugas.kartu import (
    ALASAN_DIGANTI,
    foto_simpan,
    kartu_berlaku_for,
    kartu_by_token,
    kartu_cabut,
    kartu_status,
    kartu_terbitkan,
    qr_svg,
)
from petugas.models import OPD, KartuPetugas
from petugas.services import penugasan_akhiri, penugasan_tempatkan
from tests.conftest import buat_petugas
from tests.petugas.akses_kartu import foto_jpeg, kartu_baru, petugas_simpangbaru

HARI_INI = timezone.localdate


def _hari(n: int) -> datetime.date:
    return HARI_INI() + datetime.timedelta(days=n)


# ------------------------------------------------------------------- issuing


def test_it_issues_a_card_from_today(akun):
    kartu = kartu_terbitkan(
        petugas=petugas_simpangbaru(), berlaku_sampai=_hari(365), oleh=akun.bkpsdm
    )
    kartu.refresh_from_db()
    assert kartu.berlaku_mulai == HARI_INI()
    assert kartu.berlaku_sampai == _hari(365)
    assert kartu.created_by == akun.bkpsdm
    assert kartu.dicabut_at is None
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", kartu.token)


def test_it_gives_every_card_a_different_token(akun):
    tokens = {kartu_baru().token for _ in range(5)}
    assert len(tokens) == 5


def test_it_revokes_the_earlier_card_when_issuing_a_new_one(akun):
    lama = kartu_baru()
    baru = kartu_baru()
    lama.refresh_from_db()
    assert lama.dicabut_at is not None
    assert lama.alasan_cabut == ALASAN_DIGANTI
    assert baru.dicabut_at is None
    assert KartuPetugas.objects.filter(dicabut_at__isnull=True).get() == baru
    assert kartu_status(kartu=lama).alasan == "Kartu dicabut: diganti kartu baru"
    assert kartu_status(kartu=baru).berlaku


def test_it_refuses_an_officer_without_placement(kota, akun):
    calon = buat_petugas(ni_pppk="199501012025011009", nama="Calon", rw=None)
    with pytest.raises(ValidationError, match="sedang bertugas"):
        kartu_terbitkan(petugas=calon, berlaku_sampai=_hari(30), oleh=akun.bkpsdm)
    assert not KartuPetugas.objects.exists()


def test_it_refuses_an_officer_whose_placement_ended(akun):
    petugas = petugas_simpangbaru()
    penugasan_akhiri(penugasan=petugas.penugasan_set.get(), alasan="mengundurkan diri")
    with pytest.raises(ValidationError):
        kartu_terbitkan(petugas=petugas, berlaku_sampai=_hari(30), oleh=akun.bkpsdm)
    assert not KartuPetugas.objects.exists()


@pytest.mark.parametrize("hari", [-1, 0, 2 * 366 + 1])
def test_it_refuses_bad_dates(akun, hari):
    lama = kartu_baru()
    with pytest.raises(ValidationError):
        kartu_terbitkan(petugas=petugas_simpangbaru(), berlaku_sampai=_hari(hari), oleh=akun.bkpsdm)
    lama.refresh_from_db()
    assert lama.dicabut_at is None, "a refused card must not revoke the valid one"
    assert KartuPetugas.objects.count() == 1


def test_it_accepts_exactly_two_years(akun):
    hari_ini = HARI_INI()
    try:
        batas = hari_ini.replace(year=hari_ini.year + 2)
    except ValueError:
        batas = hari_ini.replace(year=hari_ini.year + 2, day=28)
    kartu = kartu_terbitkan(petugas=petugas_simpangbaru(), berlaku_sampai=batas, oleh=akun.bkpsdm)
    assert kartu.berlaku_sampai == batas


# ------------------------------------------------------------------ revoking


def test_it_revokes_a_card_with_a_reason(akun):
    kartu = kartu_baru()
    kartu_cabut(kartu=kartu, alasan="  kartu hilang  ", oleh=akun.bkpsdm)
    kartu.refresh_from_db()
    assert kartu.dicabut_at is not None
    assert kartu.alasan_cabut == "kartu hilang"
    status = kartu_status(kartu=kartu)
    assert not status.berlaku
    assert status.alasan == "Kartu dicabut: kartu hilang"


@pytest.mark.parametrize("alasan", ["", "   ", "x" * 256])
def test_it_refuses_to_revoke_without_a_proper_reason(akun, alasan):
    kartu = kartu_baru()
    with pytest.raises(ValidationError):
        kartu_cabut(kartu=kartu, alasan=alasan, oleh=akun.bkpsdm)
    kartu.refresh_from_db()
    assert kartu.dicabut_at is None


def test_it_refuses_to_revoke_twice(akun):
    kartu = kartu_baru()
    kartu_cabut(kartu=kartu, alasan="hilang", oleh=akun.bkpsdm)
    with pytest.raises(ValidationError, match="sudah dicabut"):
        kartu_cabut(kartu=KartuPetugas.objects.get(pk=kartu.pk), alasan="lagi", oleh=akun.bkpsdm)
    kartu.refresh_from_db()
    assert kartu.alasan_cabut == "hilang"


# -------------------------------------------------------------------- status


def test_it_says_an_active_officers_card_is_valid(kota, akun):
    kartu = kartu_baru()
    status = kartu_status(kartu=kartu)
    assert status.berlaku
    assert status.alasan == "Petugas aktif"
    assert status.penugasan.rw == kota.rw_simpangbaru_1
    assert status.penugasan_kartu == status.penugasan


def test_it_says_the_card_is_invalid_once_the_placement_ended(kota, akun):
    kartu = kartu_baru()
    penugasan_akhiri(penugasan=petugas_simpangbaru().penugasan_set.get(), alasan="selesai kontrak")
    status = kartu_status(kartu=kartu)
    assert not status.berlaku
    assert status.alasan == "Petugas tidak lagi bertugas di RW ini"
    assert status.penugasan is None
    assert status.penugasan_kartu.rw == kota.rw_simpangbaru_1  # the RW printed on the card


def test_it_says_the_card_is_invalid_after_a_move_to_another_rw(kota, akun):
    kartu = kartu_baru()
    petugas = petugas_simpangbaru()
    penugasan_akhiri(penugasan=petugas.penugasan_set.get(), alasan="pindah")
    penugasan_tempatkan(
        petugas=petugas,
        rw=kota.rw_simpangbaru_2,
        oleh=akun.bkpsdm,
        nomor_sk="SK/2",
        alasan="pindah",
    )
    status = kartu_status(kartu=kartu)
    assert not status.berlaku
    assert status.alasan == "Petugas tidak lagi bertugas di RW ini"
    assert status.penugasan_kartu.rw == kota.rw_simpangbaru_1
    assert kartu_berlaku_for(akun.bkpsdm) == []
    # A new card for the new RW is valid again.
    assert kartu_status(kartu=kartu_baru()).penugasan.rw == kota.rw_simpangbaru_2


def test_it_says_an_expired_card_is_invalid(akun):
    kartu = kartu_baru()
    KartuPetugas.objects.filter(pk=kartu.pk).update(
        berlaku_mulai=datetime.date(2024, 1, 2), berlaku_sampai=datetime.date(2025, 1, 2)
    )
    kartu.refresh_from_db()
    status = kartu_status(kartu=kartu)
    assert not status.berlaku
    assert status.alasan == "Masa berlaku habis pada 2 Januari 2025"
    assert kartu_berlaku_for(akun.bkpsdm) == []


def test_it_still_accepts_a_card_on_its_last_day(akun):
    kartu = kartu_baru()
    KartuPetugas.objects.filter(pk=kartu.pk).update(berlaku_sampai=HARI_INI())
    kartu.refresh_from_db()
    assert kartu_status(kartu=kartu).berlaku
    assert [b.kartu for b in kartu_berlaku_for(akun.bkpsdm)] == [kartu]


def test_it_says_a_card_from_the_future_is_not_yet_valid(akun):
    kartu = kartu_baru()
    KartuPetugas.objects.filter(pk=kartu.pk).update(berlaku_mulai=_hari(3))
    kartu.refresh_from_db()
    status = kartu_status(kartu=kartu)
    assert not status.berlaku
    assert status.alasan.startswith("Belum berlaku")


def test_valid_cards_are_listed_by_scope_and_filters(kota, akun):
    simpangbaru = kartu_baru()
    opd_lain = OPD.objects.create(nama="Dinas Perhubungan", kuota=43)
    sail = kartu_baru(
        buat_petugas(ni_pppk="199601012025011003", nama="Petugas Delima", rw=kota.rw_delima_1)
    )
    cinta_raja = kartu_baru(akun.petugas_sail.petugas)
    cinta_raja.petugas.opd = opd_lain
    cinta_raja.petugas.save()
    dicabut = kartu_baru(
        buat_petugas(ni_pppk="199701012025011004", nama="Dicabut", rw=kota.rw_simpangbaru_2)
    )
    kartu_cabut(kartu=dicabut, alasan="hilang", oleh=akun.bkpsdm)

    def kartu(**saring):
        return {b.kartu for b in kartu_berlaku_for(akun.bkpsdm, **saring)}

    assert kartu() == {simpangbaru, sail, cinta_raja}
    assert kartu(kecamatan=kota.binawidya) == {simpangbaru, sail}
    assert kartu(opd=opd_lain) == {cinta_raja}
    assert kartu_berlaku_for(akun.admin_binawidya) == []
    assert kartu_berlaku_for(akun.petugas) == []


def test_a_token_finds_its_card_and_nothing_else(akun):
    kartu = kartu_baru()
    assert kartu_by_token(token=kartu.token) == kartu
    assert kartu_by_token(token=kartu.token[:-1]) is None
    assert kartu_by_token(token="' OR 1=1 --") is None
    assert kartu_by_token(token="") is None


# ------------------------------------------------------------------------ QR


def _matriks_dari_svg(svg: str, ukuran: int) -> list[list[int]]:
    """Rebuild the dark modules from segno's path ("M4 4.5h7m3 0h1m-37 1h1...")."""
    jalur = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg) or re.search(
        r'd="(M[^"]+)"[^>]*class="qrline"', svg
    )
    assert jalur, svg[:300]
    matriks = [[0] * ukuran for _ in range(ukuran)]
    x = y = 0.0
    for perintah, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", jalur.group(1)):
        if perintah == "M":
            x, y = float(a), float(b)
        elif perintah == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(float(a))):
                matriks[int(y)][int(x) + i] = 1
            x += float(a)
    return matriks


def test_qr_svg_is_an_inline_svg_22_mm_wide_that_encodes_the_url():
    url = "https://portal.pekanbaru.go.id/petugas/v/" + "a1B2c3D4" * 4 + "/"
    svg = qr_svg(url)
    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    assert 'width="22.0mm"' in svg
    assert 'height="22.0mm"' in svg

    qr = segno.make(url, error="M", boost_error=False)
    assert qr.error == "M"
    ukuran = qr.symbol_size(border=4)[0]
    assert ukuran > 0
    harapan = [[0] * ukuran for _ in range(ukuran)]
    for y, baris in enumerate(qr.matrix):
        for x, modul in enumerate(baris):
            harapan[y + 4][x + 4] = 1 if modul else 0
    assert _matriks_dari_svg(svg, ukuran) == harapan


# --------------------------------------------------------------------- photo


def _media(settings) -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _exif_miring_dengan_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was held upright: rotate 90° clockwise
    exif[ExifTags.Base.Make] = "KameraUji"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (0.0, 30.0, 25.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (101.0, 26.0, 52.0)
    return exif


def test_it_turns_strips_and_resizes_a_phone_photo(akun, settings):
    # Stored landscape (top red, bottom blue), meant to be seen rotated to portrait.
    unggahan = foto_jpeg((1600, 1200), exif=_exif_miring_dengan_gps())
    with Image.open(io.BytesIO(unggahan.read())) as asli:
        assert asli.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test photo must carry GPS"
    unggahan.seek(0)

    petugas = foto_simpan(petugas=petugas_simpangbaru(), berkas=unggahan)
    petugas.refresh_from_db()

    assert re.fullmatch(r"petugas/foto/[0-9a-f]{32}\.jpg", petugas.foto.name)
    with petugas.foto.open("rb") as berkas:
        data = berkas.read()
    assert b"Exif" not in data
    assert b"KameraUji" not in data
    with Image.open(io.BytesIO(data)) as foto:
        assert foto.format == "JPEG"
        assert foto.size == (600, 800)
        assert len(foto.getexif()) == 0
        assert "exif" not in foto.info
        # Rotated clockwise: the red top is now on the right, the blue bottom on the left.
        kiri, kanan = foto.getpixel((100, 400)), foto.getpixel((500, 400))
    assert kiri[2] > 150 > kiri[0]
    assert kanan[0] > 150 > kanan[2]


def test_it_crops_a_landscape_photo_to_portrait_and_keeps_the_centre(akun):
    unggahan = foto_jpeg((1200, 600))
    petugas = foto_simpan(petugas=petugas_simpangbaru(), berkas=unggahan)
    with petugas.foto.open("rb") as berkas, Image.open(berkas) as foto:
        assert foto.size == (600, 800)


def test_it_flattens_a_transparent_png_on_white(akun):
    gambar = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    berkas = io.BytesIO()
    gambar.save(berkas, "PNG")
    unggahan = SimpleUploadedFile("foto.png", berkas.getvalue(), content_type="image/png")
    petugas = foto_simpan(petugas=petugas_simpangbaru(), berkas=unggahan)
    with petugas.foto.open("rb") as f, Image.open(f) as foto:
        assert foto.mode == "RGB"
        assert foto.getpixel((300, 400)) >= (250, 250, 250)


def test_it_deletes_the_old_photo_when_replacing_it(
    akun, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lama = foto_simpan(petugas=petugas_simpangbaru(), berkas=foto_jpeg()).foto.name
    with django_capture_on_commit_callbacks(execute=True):
        baru = foto_simpan(petugas=petugas_simpangbaru(), berkas=foto_jpeg()).foto.name
    assert lama != baru
    assert {p.name for p in _media(settings)} == {Path(baru).name}


def _png_kepala(lebar: int, tinggi: int) -> bytes:
    """A tiny PNG whose header declares a huge bitmap (a decompression bomb)."""

    def potong(jenis: bytes, isi: bytes) -> bytes:
        return (
            struct.pack(">I", len(isi)) + jenis + isi + struct.pack(">I", zlib.crc32(jenis + isi))
        )

    ihdr = struct.pack(">IIBBBBB", lebar, tinggi, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + potong(b"IHDR", ihdr) + potong(b"IDAT", idat) + potong(b"IEND", b"")
    )


def _jpeg_terpotong() -> bytes:
    data = foto_jpeg((900, 1200)).read()
    return data[: len(data) // 2]


BERKAS_JAHAT = {
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', "bukan"),
    "html": (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "bukan"),
    "pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "bukan"),
    "jpeg_terpotong": (_jpeg_terpotong, "bukan"),
    "png_20000x20000": (lambda: _png_kepala(20000, 20000), "megapiksel"),
    "png_8000x6000": (lambda: _png_kepala(8000, 6000), "megapiksel"),
    "11_mb": (lambda: b"\xff\xd8\xff\xe0" + b"\x00" * (11 * 1024 * 1024), "10 MB"),
    "kecil": (lambda: foto_jpeg((120, 160)).read(), "terlalu kecil"),
}


@pytest.mark.parametrize("jenis", sorted(BERKAS_JAHAT))
def test_it_refuses_a_bad_file_and_changes_nothing(
    akun, settings, jenis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lama = foto_simpan(petugas=petugas_simpangbaru(), berkas=foto_jpeg()).foto.name
    sebelum = _media(settings)
    isi, pesan = BERKAS_JAHAT[jenis]
    data = isi() if callable(isi) else isi
    unggahan = SimpleUploadedFile("foto.jpg", data, content_type="image/jpeg")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match=pesan),
    ):
        foto_simpan(petugas=petugas_simpangbaru(), berkas=unggahan)

    assert petugas_simpangbaru().foto.name == lama
    assert _media(settings) == sebelum
