"""Rows of tests/test_access.py's table for pimpinan's dashboard."""

from akun.models import Peran

PIMPINAN = {Peran.PIMPINAN, Peran.SUPERADMIN}

TABEL: dict = {
    "pimpinan:dasbor": (lambda k: [], PIMPINAN),
    "pimpinan:unduh": (lambda k: [], PIMPINAN),
}
