"""Rows of tests/test_access.py's table for this feature's URLs.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed
or "publik"). The function runs inside the test, so it may create objects.
"""

from akun.models import Peran
from petugas.models import OPD, Petugas
from tests.akses_tulis import Tulis, berkas_csv

BKPSDM = {Peran.BKPSDM, Peran.SUPERADMIN}

TABEL: dict = {
    "petugas:kandidat_impor": (lambda k: [], BKPSDM),
    "petugas:kandidat_templat": (lambda k: [], BKPSDM),
    # A report lives in the uploader's session under a random key, which no
    # lambda here can create: a made-up key answers 404 to everyone (BKPSDM
    # included), the other roles 403. Downloading a real report is tested in
    # tests/petugas/test_impor_views.py.
    "petugas:kandidat_impor_laporan": (lambda k: ["kunci-yang-tidak-ada"], set()),
}


def _badan_kandidat(k, args) -> dict:
    OPD.objects.get_or_create(nama="Dinas Lingkungan Hidup", singkatan="DLH", defaults={"kuota": 9})
    baris = "Budi Santoso,198805102025011004,DLH,L,Simpangbaru,1"
    return {"berkas": berkas_csv("nama,ni_pppk,opd,jenis_kelamin,kelurahan,rw", baris)}


TULIS: dict = {
    "petugas:kandidat_impor": Tulis(
        _badan_kandidat, lambda k, args: Petugas.objects.filter(user__isnull=True).count()
    ),
}
