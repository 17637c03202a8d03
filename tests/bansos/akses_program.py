"""Rows of tests/test_access.py's table for the programs and periods page."""

from akun.models import Peran
from tests.akses_tulis import Tulis

DINSOS = {Peran.DINSOS, Peran.SUPERADMIN}


def _pkh(k) -> list[int]:
    from bansos.models import Program

    return [Program.objects.get(kode="pkh").pk]


TABEL: dict = {
    "bansos:program_daftar": (lambda k: [], DINSOS),
    "bansos:program_batas_desil": (_pkh, DINSOS),  # POST only
    "bansos:usulan_desil": (lambda k: [], DINSOS),
}


def _batas_desil(k, args):
    from bansos.models import Program

    return Program.objects.get(pk=args[0]).batas_desil


def _jumlah_periode(k, args) -> int:
    from bansos.models import Periode

    return Periode.objects.count()


def _badan_periode(k, args) -> dict:
    from bansos.models import Program

    return {
        "program": Program.objects.get(kode="pkh").pk,
        "nama": "Tahap Uji",
        "mulai": "2027-01-01",
        "selesai": "2027-03-31",
    }


TULIS: dict = {
    "bansos:program_batas_desil": Tulis(
        lambda k, args: {"batas_desil": "7" if _batas_desil(k, args) != 7 else "6"}, _batas_desil
    ),
    "bansos:program_daftar": Tulis(_badan_periode, _jumlah_periode),
}
