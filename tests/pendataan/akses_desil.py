"""Rows of tests/test_access.py's table for the desil import's URLs."""

from akun.models import Peran
from tests.akses_tulis import Tulis, berkas_csv

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


def _jumlah_impor(k, args) -> int:
    from pendataan.models import ImporDesil

    return ImporDesil.objects.count()


TULIS: dict = {
    # the import is queued (its rows are read by the worker): the write here is the job
    "pendataan:impor_desil": Tulis(
        lambda k, args: {
            "berkas": berkas_csv("nomor_kk,desil,berlaku_mulai", "1471080909200009,2,01-01-2026")
        },
        _jumlah_impor,
    ),
}
