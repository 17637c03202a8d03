"""Rows of tests/test_access.py's table for bansos's URLs (see tests/pendataan/akses_impor.py)."""

from akun.models import Peran
from tests.akses_tulis import Tulis

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


def _periode_uji():
    from bansos.models import Periode, Program

    return Periode.objects.get_or_create(
        program=Program.objects.get(kode="blt"),
        nama="Uji akses",
        defaults={"mulai": "2026-01-01", "selesai": "2026-03-31"},
    )[0]


def _ekspor(k, kecamatan=None) -> list[int]:
    """A finished export of Binawidya (or `kecamatan`), its file stored (the lambda runs
    inside the test)."""
    from django.core.files.base import ContentFile

    from akun.models import User
    from bansos.models import EksporHasil, StatusEkspor

    ekspor = EksporHasil(
        periode=_periode_uji(),
        kecamatan=kecamatan or k.binawidya,
        status=StatusEkspor.SELESAI,
        dibuat_oleh=User.objects.get(username="dinsos"),
    )
    ekspor.berkas.save("uji.xlsx", ContentFile(b"PK uji"), save=True)
    return [ekspor.pk]


def _berita_acara(k) -> list[int]:
    return [_periode_uji().pk, k.simpangbaru.pk]


# The results: the admin kecamatan (their own kecamatan) and Dinsos (the city).
HASIL = {Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.SUPERADMIN}

TABEL: dict = {
    "bansos:impor_penerima": (lambda k: [], DINSOS),
    "bansos:impor_penerima_status": (_impor, DINSOS),
    "bansos:hasil": (lambda k: [], HASIL),
    # every program of a round, in counts: pimpinan reads these too (no names, no export)
    "bansos:hasil_semua": (lambda k: [], HASIL | {Peran.PIMPINAN}),
    "bansos:ekspor_mulai": (lambda k: [], HASIL),  # POST only
    "bansos:ekspor_status": (_ekspor, HASIL),
    "bansos:ekspor_unduh": (_ekspor, HASIL),
    "bansos:berita_acara": (_berita_acara, HASIL),
}

# Sail's export and berita acara: outside the scope of the admin of Binawidya
DI_LUAR_CAKUPAN: dict = {
    "bansos:ekspor_status": lambda k: _ekspor(k, k.sail),
    "bansos:ekspor_unduh": lambda k: _ekspor(k, k.sail),
    "bansos:berita_acara": lambda k: [_periode_uji().pk, k.cinta_raja.pk],
}


def _jumlah_ekspor(k, args) -> int:
    from bansos.models import EksporHasil

    return EksporHasil.objects.count()


TULIS: dict = {
    # the admin's own kecamatan; Dinsos may choose it too
    "bansos:ekspor_mulai": Tulis(
        lambda k, args: {"periode": _periode_uji().pk, "kecamatan": k.binawidya.pk},
        _jumlah_ekspor,
    ),
}


def _jumlah_impor(k, args) -> int:
    from bansos.models import ImporPenerima

    return ImporPenerima.objects.count()


def _badan_impor(k, args) -> dict:
    from tests.akses_tulis import berkas_csv
    from tests.pendataan.akses_impor import BARIS_DTKS, KOLOM_DTKS

    return {"periode": _periode_uji().pk, "berkas": berkas_csv(KOLOM_DTKS, BARIS_DTKS)}


# the import is queued (its rows are read by the worker): the write here is the job
TULIS["bansos:impor_penerima"] = Tulis(_badan_impor, _jumlah_impor)

# a body naming an object outside the admin of Binawidya's scope: Sail's export
TULIS_DI_LUAR: dict = {
    "bansos:ekspor_mulai": Tulis(
        lambda k, args: {"periode": _periode_uji().pk, "kecamatan": k.sail.pk}, _jumlah_ekspor
    ),
}
