"""Rows of tests/test_access.py's table for the dashboards.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed).
"""

from akun.models import Peran

DASBOR_KECAMATAN = {Peran.ADMIN_KECAMATAN, Peran.SUPERADMIN}

TABEL = {
    "dasbor:kecamatan": (lambda k: [k.binawidya.kode], DASBOR_KECAMATAN),
    "dasbor:titik": (lambda k: [k.binawidya.kode], DASBOR_KECAMATAN),
    "dasbor:kelurahan": (lambda k: [k.simpangbaru.kode], DASBOR_KECAMATAN),
    "dasbor:rw": (lambda k: [k.rw_simpangbaru_1.pk], DASBOR_KECAMATAN),
}

# the same pages in Sail: outside the scope of the admin of Binawidya
DI_LUAR_CAKUPAN = {
    "dasbor:kecamatan": lambda k: [k.sail.kode],
    "dasbor:titik": lambda k: [k.sail.kode],
    "dasbor:kelurahan": lambda k: [k.cinta_raja.kode],
    "dasbor:rw": lambda k: [k.rw_cinta_raja_1.pk],
}
