"""Rows of tests/test_access.py's table for this feature's URLs.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed
or "publik"). The function runs inside the test, so it may create objects.

The POST-only views (issue, revoke, upload) answer a GET with 405 to BKPSDM
and 403 to everyone else; tests/test_access.py then checks an empty POST.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from akun.models import Peran, User
from petugas.kartu import foto_simpan, kartu_terbitkan
from petugas.models import KartuPetugas, Petugas
from tests.akses_tulis import Tulis

BKPSDM = {Peran.BKPSDM, Peran.SUPERADMIN}
# The officer the `akun` fixture places in kota.rw_simpangbaru_1.
NI_PPPK = "199003152025011001"


def foto_jpeg(
    ukuran: tuple[int, int] = (900, 1200), *, exif: Image.Exif | None = None, nama: str = "f.jpg"
) -> SimpleUploadedFile:
    """A real JPEG upload: top half red, bottom half blue (to see rotations)."""
    gambar = Image.new("RGB", ukuran, (220, 20, 20))
    gambar.paste((20, 20, 220), (0, ukuran[1] // 2, ukuran[0], ukuran[1]))
    berkas = io.BytesIO()
    gambar.save(berkas, "JPEG", quality=90, exif=exif or Image.Exif())
    return SimpleUploadedFile(nama, berkas.getvalue(), content_type="image/jpeg")


def petugas_simpangbaru() -> Petugas:
    return Petugas.objects.get(ni_pppk=NI_PPPK)


def kartu_baru(petugas: Petugas | None = None) -> KartuPetugas:
    return kartu_terbitkan(
        petugas=petugas or petugas_simpangbaru(),
        berlaku_sampai=timezone.localdate() + datetime.timedelta(days=365),
        oleh=User.objects.get(username="bkpsdm"),
    )


def kartu_dengan_foto() -> KartuPetugas:
    foto_simpan(petugas=petugas_simpangbaru(), berkas=foto_jpeg())
    return kartu_baru()


TABEL: dict = {
    "petugas:kartu_detail": (lambda k: [petugas_simpangbaru().pk], BKPSDM),
    "petugas:kartu_terbitkan": (lambda k: [petugas_simpangbaru().pk], BKPSDM),  # POST only
    "petugas:kartu_cabut": (lambda k: [kartu_baru().pk], BKPSDM),  # POST only
    "petugas:petugas_foto_unggah": (lambda k: [petugas_simpangbaru().pk], BKPSDM),  # POST only
    "petugas:petugas_foto": (lambda k: [kartu_dengan_foto().petugas_id], BKPSDM),
    "petugas:kartu_cetak": (lambda k: [kartu_baru().petugas_id], BKPSDM),
    "petugas:kartu_lembar": (lambda k: [], BKPSDM),
    "petugas:verifikasi": (lambda k: [kartu_baru().token], "publik"),
    "petugas:verifikasi_foto": (lambda k: [kartu_dengan_foto().token], "publik"),
}


def _jumlah_kartu(k, args) -> int:
    return KartuPetugas.objects.filter(petugas_id=args[0]).count()


def _dicabut(k, args) -> bool:
    return KartuPetugas.objects.get(pk=args[0]).dicabut_at is not None


def _ada_foto(k, args) -> bool:
    return bool(Petugas.objects.get(pk=args[0]).foto)


TULIS: dict = {
    "petugas:kartu_terbitkan": Tulis(
        lambda k, args: {
            "berlaku_sampai": (timezone.localdate() + datetime.timedelta(days=365)).isoformat()
        },
        _jumlah_kartu,
    ),
    "petugas:kartu_cabut": Tulis(lambda k, args: {"alasan": "Kartu hilang"}, _dicabut),
    "petugas:petugas_foto_unggah": Tulis(lambda k, args: {"foto": foto_jpeg()}, _ada_foto),
}
