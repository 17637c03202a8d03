"""Rows of tests/test_access.py's table for bansos's URLs (see tests/pendataan/akses_impor.py)."""

from akun.models import Peran

DINSOS = {Peran.DINSOS, Peran.SUPERADMIN}


def _impor(k) -> list[int]:
    """An import made on the spot (the lambda runs inside the test)."""
    from akun.models import User
    from bansos.models import ImporPenerima, Periode, Program

    periode, _ = Periode.objects.get_or_create(
        program=Program.objects.get(kode="blt"),
        nama="Uji akses",
        defaults={"mulai": "2026-01-01", "selesai": "2026-03-31"},
    )
    impor = ImporPenerima.objects.create(
        periode=periode,
        berkas="private/impor-penerima/uji.csv",
        nama_berkas="uji.csv",
        dibuat_oleh=User.objects.get(username="dinsos"),
    )
    return [impor.pk]


TABEL: dict = {
    "bansos:impor_penerima": (lambda k: [], DINSOS),
    "bansos:impor_penerima_status": (_impor, DINSOS),
}
