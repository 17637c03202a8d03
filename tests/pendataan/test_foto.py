"""pendataan.foto: receiving a visit photo, processing it (in-process here), serving it.

Celery tasks run eagerly here (as they do without REDIS_URL): the photo is
processed when the upload's transaction commits (django_capture_on_commit_callbacks).
tests/pendataan/test_foto_worker.py does the same through a real worker.
"""

import datetime
import io
import logging
import struct
import threading
import uuid
from decimal import Decimal
from pathlib import Path

import imagehash
import numpy as np
import pillow_heif
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from PIL import ExifTags, Image, ImageCms, ImageDraw
from PIL.TiffImagePlugin import IFDRational

from pendataan import foto as foto_mod
from pendataan.bendera import HAMMING_SAMA
from pendataan.foto import (
    MAKS_BYTES,
    MAKS_PERCOBAAN,
    GambarTidakSah,
    foto_antrekan_tertunda,
    foto_bytes,
    foto_proses,
    foto_terima,
    proses_gambar,
    terima,
)
from pendataan.foto.proses import KUNCI_PROSES_FOTO
from pendataan.models import (
    FotoKunjungan,
    HasilKunjungan,
    JenisFoto,
    Keluarga,
    Kunjungan,
    StatusFoto,
    StatusKunjungan,
)
from pendataan.tasks import proses_foto, proses_foto_tertunda
from wilayah.models import RW

# ----------------------------------------------------------------- builders


def buat_keluarga(rw: RW, nomor_kk: str = "1471081203250001") -> Keluarga:
    return Keluarga.objects.create(nomor_kk=nomor_kk, rw=rw, rt=1, alamat="Jl. Uji No. 1")


def buat_kunjungan(keluarga: Keluarga, petugas) -> Kunjungan:
    sekarang = timezone.now()
    return Kunjungan.objects.create(
        uuid=uuid.uuid4(),
        sidik="x",
        keluarga=keluarga,
        petugas=petugas,
        rw=keluarga.rw,
        hasil=HasilKunjungan.DITEMUI,
        latitude=Decimal("0.470000"),
        longitude=Decimal("101.380000"),
        akurasi_m=10,
        dibuka_at=sekarang - datetime.timedelta(minutes=10),
        dikirim_at=sekarang,
    )


def exif_ponsel(
    *,
    orientasi: int = 1,
    waktu: str | None = "2025:03:14 09:30:00",
    zona: str | None = "+07:00",
    gps: tuple | None = ("N", (0, 30, 25.56), "E", (101, 26, 52.08)),
    merek: str = "samsung",
    model: str = "SM-A155F",
) -> Image.Exif:
    """EXIF as a phone camera writes it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = merek
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Orientation] = orientasi
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    if waktu:
        ifd[ExifTags.Base.DateTimeOriginal] = waktu
    if zona:
        ifd[ExifTags.Base.OffsetTimeOriginal] = zona
    if gps:
        lat_ref, lat, lng_ref, lng = gps
        ifd_gps = exif.get_ifd(ExifTags.IFD.GPSInfo)

        def dms(nilai):
            return tuple(IFDRational(round(x * 100), 100) for x in nilai)

        ifd_gps[ExifTags.GPS.GPSLatitudeRef] = lat_ref
        ifd_gps[ExifTags.GPS.GPSLatitude] = dms(lat)
        ifd_gps[ExifTags.GPS.GPSLongitudeRef] = lng_ref
        ifd_gps[ExifTags.GPS.GPSLongitude] = dms(lng)
    return exif


def gambar_rumah(ukuran=(2400, 1800), varian: int = 0) -> Image.Image:
    """A picture with structure (a perceptual hash needs some) and a red mark in the
    top-left corner of the stored pixels, to tell which way it was turned."""
    lebar, tinggi = ukuran
    latar = Image.linear_gradient("L").resize(ukuran)
    gambar = Image.merge("RGB", [latar, latar.transpose(Image.Transpose.FLIP_LEFT_RIGHT), latar])
    gambar = gambar.convert("RGB")
    # Seeded noise: the same picture every run, so its perceptual hash is too.
    derau = np.random.default_rng(varian).normal(128, 20, (tinggi, lebar)).clip(0, 255)
    gambar.paste(
        Image.fromarray(derau.astype(np.uint8)).convert("RGB"), mask=Image.new("L", ukuran, 40)
    )
    pena = ImageDraw.Draw(gambar)
    if varian == 0:  # a house
        pena.rectangle(
            (lebar * 0.3, tinggi * 0.45, lebar * 0.7, tinggi * 0.9), fill=(200, 190, 150)
        )
        pena.polygon(
            [
                (lebar * 0.25, tinggi * 0.45),
                (lebar * 0.5, tinggi * 0.2),
                (lebar * 0.75, tinggi * 0.45),
            ],
            fill=(120, 40, 30),
        )
    else:  # something else entirely
        for i in range(6):
            pena.ellipse(
                (
                    lebar * i / 6,
                    tinggi * (i % 2) / 2,
                    lebar * (i + 1) / 6,
                    tinggi * (i % 2 + 1) / 2,
                ),
                fill=(20, 60 * (i % 4), 200),
            )
    pena.rectangle((0, 0, lebar // 8, tinggi // 8), fill=(255, 0, 0))
    return gambar


def berkas_gambar(
    gambar: Image.Image, format: str = "JPEG", exif: Image.Exif | None = None, **opsi
) -> bytes:
    keluaran = io.BytesIO()
    if exif is not None:
        opsi["exif"] = exif.tobytes()
    gambar.save(keluaran, format, **opsi)
    return keluaran.getvalue()


def unggahan(data: bytes, nama: str = "rumah.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, data, content_type="image/jpeg")


def penanda_jpeg(data: bytes) -> list[int]:
    """The markers of a JPEG up to the image data (APPn, COM, DQT, SOF, DHT, SOS...)."""
    assert data[:2] == b"\xff\xd8"
    penanda, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF
        kode = data[i + 1]
        penanda.append(kode)
        if kode == 0xDA:  # start of scan: entropy-coded data follows
            break
        (panjang,) = struct.unpack(">H", data[i + 2 : i + 4])
        i += 2 + panjang
    return penanda


def turunan(foto: FotoKunjungan, ukuran: str) -> bytes:
    with foto_bytes(foto=foto, ukuran=ukuran) as berkas:
        return berkas.read()


def berkas_media() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# ----------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _tugas_di_proses_ini(tugas_di_proses_ini):
    """Every test here processes photos in this process (see tests/pendataan/conftest.py)."""


@pytest.fixture
def petugas(akun):
    return akun.petugas.petugas


@pytest.fixture
def kunjungan(kota, petugas) -> Kunjungan:
    return buat_kunjungan(buat_keluarga(kota.rw_simpangbaru_1), petugas)


@pytest.fixture
def kirim(django_capture_on_commit_callbacks):
    """Upload a photo; the eager task processes it when the transaction commits."""

    def kirim(kunjungan, data, *, jenis=JenisFoto.RUMAH, foto_uuid=None, nama="rumah.jpg"):
        with django_capture_on_commit_callbacks(execute=True):
            foto, dibuat = foto_terima(
                kunjungan=kunjungan,
                foto_uuid=foto_uuid or uuid.uuid4(),
                jenis=jenis,
                berkas=unggahan(data, nama),
            )
        foto.refresh_from_db()
        return foto

    return kirim


# --------------------------------------------------------- a phone's JPEG


def test_it_processes_a_phone_jpeg_upright_without_metadata(kunjungan, kirim):
    exif = exif_ponsel(orientasi=6)  # held upright: the sensor's landscape turned 90° clockwise
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = berkas_gambar(
        gambar_rumah((2400, 1800)), exif=exif, quality=90, comment=b"rahasia", icc_profile=srgb
    )

    foto = kirim(kunjungan, data)

    assert foto.status == StatusFoto.SELESAI
    assert foto.pesan == ""
    assert (foto.lebar, foto.tinggi) == (1800, 2400)
    assert foto.ukuran_bytes == len(data)
    assert foto.diproses_at is not None
    besar = turunan(foto, "besar")
    kecil = turunan(foto, "kecil")
    for data_turunan, ukuran in ((besar, (1200, 1600)), (kecil, (240, 320))):
        with Image.open(io.BytesIO(data_turunan)) as gambar:
            assert gambar.format == "JPEG"
            assert gambar.mode == "RGB"
            assert gambar.size == ukuran
            assert not gambar.getexif()
            assert not {"exif", "icc_profile", "comment", "xmp"} & set(gambar.info)
            # The red mark, top-left of the sensor, is top-right once upright.
            w, h = gambar.size
            r, g, b = gambar.convert("RGB").getpixel((w - w // 20, h // 40))
            assert r > 200 and g < 60 and b < 60
        assert b"Exif" not in data_turunan
        assert b"rahasia" not in data_turunan
        assert b"samsung" not in data_turunan
        # Only what draws the picture: JFIF header, tables, frame, scan. No APP1/APP2/COM.
        assert set(penanda_jpeg(data_turunan)) <= {0xE0, 0xDB, 0xC2, 0xC4, 0xDA}
    assert turunan(foto, "kecil") == kecil


def test_it_reads_capture_time_gps_and_camera_from_exif(kunjungan, kirim):
    data = berkas_gambar(gambar_rumah((800, 600)), exif=exif_ponsel())

    foto = kirim(kunjungan, data)

    assert foto.exif_waktu == datetime.datetime(2025, 3, 14, 2, 30, tzinfo=datetime.UTC)
    assert foto.exif_latitude == Decimal("0.507100")
    assert foto.exif_longitude == Decimal("101.447800")
    assert foto.exif_kamera == "samsung SM-A155F"
    assert len(foto.phash) == 16
    int(foto.phash, 16)


def test_it_assumes_jakarta_time_without_an_offset(kunjungan, kirim):
    data = berkas_gambar(gambar_rumah((800, 600)), exif=exif_ponsel(zona=None))

    foto = kirim(kunjungan, data)

    assert foto.exif_waktu == datetime.datetime(2025, 3, 14, 2, 30, tzinfo=datetime.UTC)


def test_it_honours_the_exif_offset(kunjungan, kirim):
    data = berkas_gambar(gambar_rumah((800, 600)), exif=exif_ponsel(zona="+08:00"))

    foto = kirim(kunjungan, data)

    assert foto.exif_waktu == datetime.datetime(2025, 3, 14, 1, 30, tzinfo=datetime.UTC)


def test_it_reads_south_and_west_as_negative():
    exif = exif_ponsel(gps=("S", (6, 10, 30), "W", (70, 0, 36)))

    hasil = proses_gambar(berkas_gambar(gambar_rumah((400, 300)), exif=exif))

    assert hasil.latitude == Decimal("-6.175000")
    assert hasil.longitude == Decimal("-70.010000")


def test_it_ignores_a_gps_point_at_zero_zero():
    exif = exif_ponsel(gps=("N", (0, 0, 0), "E", (0, 0, 0)))

    hasil = proses_gambar(berkas_gambar(gambar_rumah((400, 300)), exif=exif))

    assert (hasil.latitude, hasil.longitude) == (None, None)


def test_it_ignores_broken_exif_values():
    exif = exif_ponsel(waktu="0000:00:00 00:00:00", zona="nonsense", merek="  ", model="\x00X1\x00")
    ifd_gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    ifd_gps[ExifTags.GPS.GPSLatitude] = (IFDRational(1, 0), IFDRational(0), IFDRational(0))

    hasil = proses_gambar(berkas_gambar(gambar_rumah((400, 300)), exif=exif))

    assert hasil.waktu is None
    assert (hasil.latitude, hasil.longitude) == (None, None)
    assert hasil.kamera == "X1"


def test_it_keeps_the_camera_name_short_and_without_repeating_the_make():
    exif = exif_ponsel(merek="Canon", model="Canon EOS " + "X" * 200)

    hasil = proses_gambar(berkas_gambar(gambar_rumah((400, 300)), exif=exif))

    assert hasil.kamera.startswith("Canon EOS X")
    assert len(hasil.kamera) == 100


def test_it_does_not_enlarge_a_small_photo():
    hasil = proses_gambar(berkas_gambar(gambar_rumah((1000, 750))))

    assert Image.open(io.BytesIO(hasil.besar)).size == (1000, 750)
    assert Image.open(io.BytesIO(hasil.kecil)).size == (320, 240)


def test_a_photo_without_exif_has_no_exif_fields(kunjungan, kirim):
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((800, 600))))

    assert foto.status == StatusFoto.SELESAI
    assert foto.exif_waktu is None
    assert foto.exif_latitude is None
    assert foto.exif_kamera == ""
    assert "tanpa_exif" in {b["kode"] for b in Kunjungan.objects.get(pk=kunjungan.pk).bendera}


# ------------------------------------------------------- PNG, WebP, HEIC


def test_it_processes_a_png_with_transparency_onto_white(kunjungan, kirim):
    gambar = gambar_rumah((1000, 800)).convert("RGBA")
    gambar.putalpha(Image.new("L", gambar.size, 0))  # fully transparent

    foto = kirim(kunjungan, berkas_gambar(gambar, "PNG", exif=exif_ponsel()), nama="rumah.png")

    assert foto.status == StatusFoto.SELESAI
    assert foto.exif_kamera == "samsung SM-A155F"
    with Image.open(io.BytesIO(turunan(foto, "besar"))) as besar:
        assert besar.size == (1000, 800)
        assert min(besar.getpixel((500, 400))) > 240


def test_it_processes_a_webp(kunjungan, kirim):
    data = berkas_gambar(gambar_rumah((2000, 1500)), "WEBP", exif=exif_ponsel(orientasi=8))

    foto = kirim(kunjungan, data, nama="rumah.webp")

    assert foto.status == StatusFoto.SELESAI
    assert (foto.lebar, foto.tinggi) == (1500, 2000)
    assert foto.exif_latitude == Decimal("0.507100")
    with Image.open(io.BytesIO(turunan(foto, "besar"))) as besar:
        assert besar.size == (1200, 1600)
        # Orientation 8: turned 90° counter-clockwise, the mark ends bottom-left.
        r, g, b = besar.getpixel((20, 1580))
        assert r > 200 and g < 60 and b < 60


@pytest.mark.skipif(
    not pillow_heif.libheif_info().get("HEIF"),
    reason="this pillow-heif wheel has no HEIC encoder to make a test photo",
)
def test_it_processes_a_heic_from_an_iphone(kunjungan, kirim):
    pillow_heif.register_heif_opener()
    exif = exif_ponsel(orientasi=6, merek="Apple", model="iPhone 13")
    data = berkas_gambar(gambar_rumah((1600, 1200)), "HEIF", exif=exif, quality=60)
    assert data[4:12] == b"ftypheic"

    foto = kirim(kunjungan, data, nama="IMG_0001.HEIC")

    assert foto.status == StatusFoto.SELESAI
    assert (foto.lebar, foto.tinggi) == (1200, 1600)
    assert foto.exif_kamera == "Apple iPhone 13"
    assert foto.exif_waktu == datetime.datetime(2025, 3, 14, 2, 30, tzinfo=datetime.UTC)
    besar = turunan(foto, "besar")
    with Image.open(io.BytesIO(besar)) as gambar:
        assert gambar.format == "JPEG"
        assert gambar.size == (1200, 1600)
        r, g, b = gambar.getpixel((1180, 20))
        assert r > 200 and g < 60 and b < 60
    assert b"Exif" not in besar


@pytest.mark.parametrize(
    "mode, format",
    [("L", "JPEG"), ("CMYK", "JPEG"), ("P", "PNG"), ("1", "PNG"), ("I;16", "PNG"), ("LA", "PNG")],
)
def test_it_makes_rgb_derivatives_from_any_colour_mode(mode, format):
    data = berkas_gambar(gambar_rumah((900, 600)).convert(mode), format)

    hasil = proses_gambar(data)

    for turunan in (hasil.besar, hasil.kecil):
        with Image.open(io.BytesIO(turunan)) as gambar:
            assert gambar.mode == "RGB"


def test_a_broken_colour_profile_is_dropped():
    data = berkas_gambar(gambar_rumah((900, 600)), icc_profile=b"bukan profil warna" * 10)

    hasil = proses_gambar(data)

    assert "icc_profile" not in Image.open(io.BytesIO(hasil.besar)).info


# ------------------------------------------------------------------ hostile


def test_it_refuses_an_svg_named_jpg_at_once(kunjungan, kirim):
    svg = (
        b'<?xml version="1.0"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )

    with pytest.raises(ValidationError) as e:
        kirim(kunjungan, svg)

    assert e.value.messages == ["Berkas bukan foto (JPEG, PNG, WebP atau HEIC)."]
    assert not FotoKunjungan.objects.exists()
    assert berkas_media() == []


def test_it_refuses_an_html_page_named_jpg_at_once(kunjungan, kirim):
    with pytest.raises(ValidationError, match="Berkas bukan foto"):
        kirim(kunjungan, b"<!DOCTYPE html><html><body>bukan foto</body></html>")

    assert not FotoKunjungan.objects.exists()
    assert berkas_media() == []


def test_it_refuses_an_empty_file(kunjungan, kirim):
    with pytest.raises(ValidationError, match="Berkas foto kosong"):
        kirim(kunjungan, b"")

    assert not FotoKunjungan.objects.exists()


def test_it_refuses_a_50_mb_upload(kunjungan, kirim):
    data = berkas_gambar(gambar_rumah((400, 300)))
    data += b"\0" * (50 * 1024 * 1024 - len(data))

    with pytest.raises(ValidationError, match="terlalu besar: paling besar 15 MB"):
        kirim(kunjungan, data)

    assert not FotoKunjungan.objects.exists()
    assert berkas_media() == []


def test_it_refuses_one_byte_over_the_limit_even_when_the_size_lies(kunjungan):
    berkas = unggahan(b"\xff\xd8\xff" + b"\0" * MAKS_BYTES)
    berkas.size = 100

    with pytest.raises(ValidationError, match="terlalu besar"):
        foto_terima(
            kunjungan=kunjungan, foto_uuid=uuid.uuid4(), jenis=JenisFoto.RUMAH, berkas=berkas
        )


def test_it_refuses_an_unknown_kind_of_photo(kunjungan, kirim):
    with pytest.raises(ValidationError, match="Jenis foto tidak dikenal"):
        kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))), jenis="selfie")

    assert not FotoKunjungan.objects.exists()


def test_a_photo_is_refused_when_the_visit_was_reviewed_after_it_was_loaded(kunjungan, kirim):
    # The request loaded the visit while it was still waiting; the admin approved it
    # before the photo was stored: the status is read again under the visit's lock.
    Kunjungan.objects.filter(pk=kunjungan.pk).update(status=StatusKunjungan.DISETUJUI)

    with pytest.raises(ValidationError, match="sudah diperiksa"):
        kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))

    assert not FotoKunjungan.objects.exists()
    assert berkas_media() == []


def test_a_resent_photo_of_a_reviewed_visit_is_returned_not_refused(kunjungan, kirim):
    foto_uuid = uuid.uuid4()
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))), foto_uuid=foto_uuid)
    Kunjungan.objects.filter(pk=kunjungan.pk).update(status=StatusKunjungan.DISETUJUI)
    kunjungan.refresh_from_db()

    lagi = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))), foto_uuid=foto_uuid)

    assert lagi.pk == foto.pk
    assert FotoKunjungan.objects.count() == 1


def test_a_resend_racing_the_review_gets_the_stored_photo(kunjungan, kirim, monkeypatch):
    # The resend looked for its photo before the first request stored it; the review
    # was saved in between: under the lock it finds the photo instead of an error.
    foto_uuid = uuid.uuid4()
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))), foto_uuid=foto_uuid)
    Kunjungan.objects.filter(pk=kunjungan.pk).update(status=StatusKunjungan.DISETUJUI)
    asli = terima._foto_sama_uuid
    panggilan = []

    def belum_terlihat(**kwargs):
        panggilan.append(kwargs)
        return None if len(panggilan) == 1 else asli(**kwargs)

    monkeypatch.setattr(terima, "_foto_sama_uuid", belum_terlihat)

    lagi = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))), foto_uuid=foto_uuid)

    assert lagi.pk == foto.pk
    assert len(panggilan) == 2
    assert FotoKunjungan.objects.count() == 1


def test_a_truncated_jpeg_fails_in_processing_and_keeps_the_original(kunjungan, kirim):
    data = berkas_gambar(gambar_rumah((2400, 1800)), exif=exif_ponsel())
    potongan = data[: len(data) * 2 // 3]

    foto = kirim(kunjungan, potongan)

    assert foto.status == StatusFoto.GAGAL
    assert foto.pesan.startswith("Berkas bukan gambar yang bisa dibaca")
    assert not foto.besar and not foto.kecil
    assert foto.asli.read() == potongan
    assert foto_bytes(foto=foto, ukuran="besar") is None
    bendera = Kunjungan.objects.get(pk=kunjungan.pk).bendera
    assert "foto_gagal" in {b["kode"] for b in bendera}


def test_a_jpeg_header_followed_by_garbage_fails_in_processing(kunjungan, kirim):
    data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 64

    foto = kirim(kunjungan, data)

    assert foto.status == StatusFoto.GAGAL
    assert foto.pesan.startswith("Berkas bukan gambar yang bisa dibaca")
    assert len(berkas_media()) == 1  # the original, nothing else


def test_a_20000_by_20000_png_is_refused_at_upload_and_nothing_is_stored(kunjungan, kirim):
    data = berkas_gambar(Image.new("1", (20000, 20000)), "PNG")
    assert len(data) < 1024 * 1024  # small on disk, 400 megapixels once decoded

    with pytest.raises(ValidationError, match="paling banyak 10 megapiksel untuk PNG"):
        kirim(kunjungan, data, nama="bom.png")

    assert not FotoKunjungan.objects.exists()
    assert berkas_media() == []


def test_a_picture_over_50_megapixels_is_too_big_before_it_is_decoded():
    data = berkas_gambar(Image.new("1", (8000, 7000)), "PNG")  # under Pillow's own limit

    with pytest.raises(GambarTidakSah, match="terlalu besar"):
        proses_gambar(data)


# ------------------------------------------------------------ idempotence


def test_the_same_photo_sent_twice_is_stored_once(kunjungan, django_capture_on_commit_callbacks):
    foto_uuid = uuid.uuid4()
    data = berkas_gambar(gambar_rumah((400, 300)))

    with django_capture_on_commit_callbacks() as antrean:
        pertama, dibuat = foto_terima(
            kunjungan=kunjungan, foto_uuid=foto_uuid, jenis="rumah", berkas=unggahan(data)
        )
        kedua, dibuat_lagi = foto_terima(
            kunjungan=kunjungan, foto_uuid=foto_uuid, jenis="rumah", berkas=unggahan(data)
        )

    assert (dibuat, dibuat_lagi) == (True, False)
    assert kedua.pk == pertama.pk
    assert FotoKunjungan.objects.count() == 1
    assert len(berkas_media()) == 1
    # processing enqueued once, and the pages listing the visit's photos rendered again once
    assert [f.__qualname__.split(".")[0] for f in antrean] == [
        "foto_terima",
        "versi_naikkan_saat_commit",
    ]


def test_the_photo_id_may_come_as_text_and_must_be_a_uuid(kunjungan):
    data = berkas_gambar(gambar_rumah((400, 300)))
    foto_uuid = uuid.uuid4()

    foto, dibuat = foto_terima(
        kunjungan=kunjungan, foto_uuid=str(foto_uuid), jenis="kk", berkas=unggahan(data)
    )
    assert (foto.foto_uuid, dibuat) == (foto_uuid, True)
    with pytest.raises(ValidationError, match="Kode foto tidak sah"):
        foto_terima(kunjungan=kunjungan, foto_uuid="bukan-uuid", jenis="kk", berkas=unggahan(data))


def test_the_same_photo_id_under_another_visit_is_refused(kunjungan, petugas, kirim):
    foto_uuid = uuid.uuid4()
    data = berkas_gambar(gambar_rumah((400, 300)))
    kirim(kunjungan, data, foto_uuid=foto_uuid)
    lain = buat_kunjungan(kunjungan.keluarga, petugas)

    with pytest.raises(ValidationError, match="sudah terkirim untuk kunjungan lain"):
        kirim(lain, data, foto_uuid=foto_uuid)

    assert FotoKunjungan.objects.count() == 1


def test_processing_leaves_a_processed_photo_alone(kunjungan, kirim):
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))
    sebelum = (foto.besar.name, foto.kecil.name, foto.diproses_at)

    foto_proses(foto=foto)
    proses_foto(foto.pk)

    foto.refresh_from_db()
    assert (foto.besar.name, foto.kecil.name, foto.diproses_at) == sebelum
    assert len(berkas_media()) == 3


def test_processing_a_stale_copy_stores_nothing_twice(kunjungan, kirim):
    """Two runs of one photo (a redelivery): the second finds it done under the row lock."""
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))
    basi = FotoKunjungan.objects.get(pk=foto.pk)
    basi.status = StatusFoto.MENUNGGU  # as a run that loaded the row before the first finished

    foto_proses(foto=basi)

    assert basi.status == StatusFoto.SELESAI
    assert basi.besar.name == foto.besar.name
    assert len(berkas_media()) == 3


def test_a_photo_another_process_is_processing_is_left_to_it(kunjungan, kirim, monkeypatch, caplog):
    """Two copies of one photo's message taken by two pool processes at once (the sweep of a
    worker that connects, while another worker is on the photo): the second does nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs the tasks in the request that sends them, one at a time")
    monkeypatch.setattr(terima, "_antrekan", lambda foto_id: True)  # left waiting
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))
    dipegang, lepas = threading.Event(), threading.Event()

    def proses_lain():  # its own database connection, as another process has
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [KUNCI_PROSES_FOTO, foto.pk])
            dipegang.set()
            lepas.wait(timeout=30)
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [KUNCI_PROSES_FOTO, foto.pk])
        connection.close()

    lain = threading.Thread(target=proses_lain)
    lain.start()
    try:
        assert dipegang.wait(timeout=30)
        with caplog.at_level(logging.INFO, logger="pendataan.foto"):
            foto_proses(foto=foto)
    finally:
        lepas.set()
        lain.join()

    foto.refresh_from_db()
    assert foto.status == StatusFoto.MENUNGGU
    assert "sedang diproses di proses lain" in caplog.text
    assert len(berkas_media()) == 1

    foto_proses(foto=foto)  # let go: the next copy processes it

    foto.refresh_from_db()
    assert foto.status == StatusFoto.SELESAI


def test_a_failed_photo_is_left_alone(kunjungan, kirim):
    foto = kirim(kunjungan, b"\xff\xd8\xff" + b"x" * 100)
    assert foto.status == StatusFoto.GAGAL

    foto_proses(foto=foto)

    foto.refresh_from_db()
    assert foto.status == StatusFoto.GAGAL


def test_a_photo_that_never_finishes_processing_is_given_up(kunjungan, kirim, monkeypatch):
    monkeypatch.setattr(terima, "_antrekan", lambda foto_id: True)  # not processed at upload
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))
    cache.set(f"pendataan:foto-percobaan:{foto.foto_uuid}", MAKS_PERCOBAAN, timeout=60)

    foto_proses(foto=foto)

    foto.refresh_from_db()
    assert foto.status == StatusFoto.GAGAL
    assert foto.pesan == f"Foto gagal diproses setelah {MAKS_PERCOBAAN} kali percobaan."


# ----------------------------------------------------------------- the task


def test_the_task_ignores_a_photo_that_no_longer_exists(db):
    proses_foto(987654)


def test_the_task_is_acknowledged_late_and_retries_database_errors():
    assert proses_foto.acks_late is True
    assert proses_foto.reject_on_worker_lost is True
    assert proses_foto.max_retries == 5
    assert OperationalError in proses_foto.autoretry_for
    assert proses_foto.name == "pendataan.tasks.proses_foto"
    assert proses_foto_tertunda.name == "pendataan.tasks.proses_foto_tertunda"


def test_the_task_retries_after_a_database_error(kunjungan, kirim, monkeypatch):
    monkeypatch.setattr(terima, "_antrekan", lambda foto_id: True)
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))
    asli = foto_mod.foto_proses
    panggilan = []

    def sekali_gagal(*, foto):
        panggilan.append(foto.pk)
        if len(panggilan) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        asli(foto=foto)

    monkeypatch.setattr(foto_mod, "foto_proses", sekali_gagal)

    proses_foto.apply(args=(foto.pk,), throw=False)

    assert panggilan == [foto.pk, foto.pk]
    foto.refresh_from_db()
    assert foto.status == StatusFoto.SELESAI


# --------------------------------------------------------------- broker down


def test_a_broker_that_is_down_does_not_lose_the_photo(
    kunjungan, kirim, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_mati(*args, **kwargs):
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(proses_foto, "apply_async", broker_mati)
    with caplog.at_level(logging.WARNING, logger="pendataan.foto"):
        foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300)), exif=exif_ponsel()))

    assert foto.status == StatusFoto.MENUNGGU
    assert foto.asli
    [catatan] = [r for r in caplog.records if r.name == "pendataan.foto.terima"]
    assert catatan.levelno == logging.WARNING
    assert "belum masuk antrean" in catatan.getMessage()
    assert kunjungan.keluarga.nomor_kk not in catatan.getMessage()

    # Too recent for the periodic task yet: it may still be on its way.
    monkeypatch.undo()
    assert foto_antrekan_tertunda() == 0

    FotoKunjungan.objects.filter(pk=foto.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    assert proses_foto_tertunda() == 1
    foto.refresh_from_db()
    assert foto.status == StatusFoto.SELESAI
    # Sent once: the next round (two minutes later) does not send it again.
    FotoKunjungan.objects.filter(pk=foto.pk).update(status=StatusFoto.MENUNGGU)
    assert foto_antrekan_tertunda() == 0


def test_the_periodic_task_stops_when_the_broker_is_still_down(kunjungan, kirim, monkeypatch):
    antrekan = terima._antrekan
    monkeypatch.setattr(terima, "_antrekan", lambda foto_id: True)  # left waiting
    for _ in range(2):
        kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))
    FotoKunjungan.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    dicoba = []

    def broker_mati(args, **kwargs):
        dicoba.append(args)
        raise KombuOperationalError("Connection refused.")

    monkeypatch.setattr(terima, "_antrekan", antrekan)
    monkeypatch.setattr(proses_foto, "apply_async", broker_mati)

    assert foto_antrekan_tertunda() == 0
    assert len(dicoba) == 1  # one try, then it waits for the next round

    monkeypatch.undo()
    assert foto_antrekan_tertunda() == 2  # the failed try did not count as sent
    assert set(FotoKunjungan.objects.values_list("status", flat=True)) == {StatusFoto.SELESAI}


def test_a_worker_connecting_sends_every_waiting_photo_at_once(kunjungan, kirim, monkeypatch):
    """Unlike beat's round, not only the photos older than two minutes: the worker has just
    connected, so a photo of a moment ago may have been uploaded while the broker was away."""
    monkeypatch.setattr(terima, "_antrekan", lambda foto_id: True)  # left waiting
    baru = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))
    selesai = kirim(kunjungan, berkas_gambar(gambar_rumah((300, 400))))
    monkeypatch.undo()
    foto_proses(foto=selesai)
    assert foto_antrekan_tertunda() == 0

    assert foto_mod.foto_antrekan_menunggu() == 1

    baru.refresh_from_db()
    assert baru.status == StatusFoto.SELESAI


def test_a_worker_connecting_stops_sending_when_the_broker_is_gone_again(
    kunjungan, kirim, monkeypatch
):
    monkeypatch.setattr(terima, "_antrekan", lambda foto_id: True)  # left waiting
    for _ in range(2):
        kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))
    dicoba = []

    def broker_mati(args, **kwargs):
        dicoba.append(args)
        raise KombuOperationalError("Connection refused.")

    monkeypatch.undo()
    monkeypatch.setattr(proses_foto, "apply_async", broker_mati)

    assert foto_mod.foto_antrekan_menunggu() == 0
    assert len(dicoba) == 1
    assert set(FotoKunjungan.objects.values_list("status", flat=True)) == {StatusFoto.MENUNGGU}


def test_the_upload_tries_the_broker_again_briefly(kunjungan, kirim, monkeypatch):
    dikirim = []
    monkeypatch.setattr(proses_foto, "apply_async", lambda args, **opsi: dikirim.append(opsi))

    kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))

    [opsi] = dikirim
    assert opsi["retry"] is True
    kebijakan = opsi["retry_policy"]
    tunggu = sum(
        min(kebijakan["interval_start"] + i * kebijakan["interval_step"], kebijakan["interval_max"])
        for i in range(kebijakan["max_retries"])
    )
    assert 0 < tunggu <= 2  # seconds the officer's request may wait for the broker


# -------------------------------------------------------- perceptual hash


def test_the_same_picture_re_encoded_has_the_same_hash():
    gambar = gambar_rumah((2400, 1800))
    satu = proses_gambar(berkas_gambar(gambar, quality=95)).phash

    assert proses_gambar(berkas_gambar(gambar, quality=60)).phash == satu
    assert proses_gambar(berkas_gambar(gambar, "PNG")).phash == satu
    assert proses_gambar(berkas_gambar(gambar, "WEBP", quality=70)).phash == satu


def test_the_same_picture_made_smaller_has_a_near_hash():
    # A bit whose DCT coefficient sits on the median may flip: bendera's near match
    # (Hamming distance) is what catches this one.
    gambar = gambar_rumah((2400, 1800))
    satu = proses_gambar(berkas_gambar(gambar, quality=95)).phash
    kecil = proses_gambar(berkas_gambar(gambar.resize((1200, 900)), quality=75)).phash

    assert imagehash.hex_to_hash(satu) - imagehash.hex_to_hash(kecil) <= HAMMING_SAMA


def test_different_pictures_have_distant_hashes():
    satu = proses_gambar(berkas_gambar(gambar_rumah((2400, 1800)))).phash
    lain = proses_gambar(berkas_gambar(gambar_rumah((2400, 1800), varian=1))).phash

    assert imagehash.hex_to_hash(satu) - imagehash.hex_to_hash(lain) > HAMMING_SAMA


def test_a_photo_reused_for_another_family_flags_the_second_visit(kota, petugas, kirim):
    gambar = gambar_rumah((2400, 1800))
    pertama = buat_kunjungan(buat_keluarga(kota.rw_simpangbaru_1, "1471081203250001"), petugas)
    kedua = buat_kunjungan(buat_keluarga(kota.rw_simpangbaru_1, "1471081203250002"), petugas)
    exif = exif_ponsel()

    kirim(pertama, berkas_gambar(gambar, exif=exif, quality=92))
    kirim(kedua, berkas_gambar(gambar, exif=exif, quality=70))

    kode_pertama = {b["kode"] for b in Kunjungan.objects.get(pk=pertama.pk).bendera}
    kode_kedua = {b["kode"] for b in Kunjungan.objects.get(pk=kedua.pk).bendera}
    assert "foto_dipakai_ulang" not in kode_pertama
    assert "foto_dipakai_ulang" in kode_kedua


def test_two_photos_of_the_same_family_are_not_a_reuse(kunjungan, kirim):
    gambar = gambar_rumah((800, 600))
    kirim(kunjungan, berkas_gambar(gambar))
    kirim(kunjungan, berkas_gambar(gambar), jenis=JenisFoto.LAINNYA)

    bendera = Kunjungan.objects.get(pk=kunjungan.pk).bendera
    assert "foto_dipakai_ulang" not in {b["kode"] for b in bendera}


# ------------------------------------------------------------------ serving


def test_the_original_is_never_served(kunjungan, kirim):
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))

    with pytest.raises(ValueError):
        foto_bytes(foto=foto, ukuran="asli")


def test_a_waiting_photo_has_nothing_to_serve(kunjungan, kirim, monkeypatch):
    monkeypatch.setattr(terima, "_antrekan", lambda foto_id: True)
    foto = kirim(kunjungan, berkas_gambar(gambar_rumah((400, 300))))

    assert foto.status == StatusFoto.MENUNGGU
    assert foto_bytes(foto=foto, ukuran="kecil") is None
