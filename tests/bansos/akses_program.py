"""Rows of tests/test_access.py's table for the programs and periods page."""

from akun.models import Peran

DINSOS = {Peran.DINSOS, Peran.SUPERADMIN}


def _pkh(k) -> list[int]:
    from bansos.models import Program

    return [Program.objects.get(kode="pkh").pk]


TABEL: dict = {
    "bansos:program_daftar": (lambda k: [], DINSOS),
    "bansos:program_batas_desil": (_pkh, DINSOS),  # POST only
    "bansos:usulan_desil": (lambda k: [], DINSOS),
}
