"""Rows of tests/test_access.py's table for the desil import's URLs."""

from akun.models import Peran

DINSOS = {Peran.DINSOS, Peran.SUPERADMIN}


def _impor(k) -> list[int]:
    """A desil import made on the spot (the lambda runs inside the test)."""
    from akun.models import User
    from pendataan.models import ImporDesil

    impor = ImporDesil.objects.create(
        berkas="private/impor-desil/uji.csv",
        nama_berkas="uji.csv",
        dibuat_oleh=User.objects.get(username="dinsos"),
    )
    return [impor.pk]


TABEL: dict = {
    "pendataan:impor_desil": (lambda k: [], DINSOS),
    "pendataan:impor_desil_status": (_impor, DINSOS),
}
