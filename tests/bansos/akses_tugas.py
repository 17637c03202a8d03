"""Rows of tests/test_access.py's table for the ground-check tasks' URLs (Dinsos only)."""

from akun.models import Peran
from tests.akses_tulis import Tulis, berkas_csv

DINSOS = {Peran.DINSOS, Peran.SUPERADMIN}

TABEL: dict = {
    "bansos:tugas_daftar": (lambda k: [], DINSOS),
    "bansos:tugas_baru": (lambda k: [], DINSOS),
    "bansos:tugas_impor": (lambda k: [], DINSOS),
    "bansos:tugas_tempatkan": (lambda k: [], DINSOS),  # POST only
    # a refused file's report lives in the uploader's session under a random key: a
    # made-up key answers 404 to everyone, the other roles 403 (tests/bansos/test_tugas.py)
    "bansos:tugas_impor_laporan": (lambda k: ["kunci-yang-tidak-ada"], set()),
}

TANPA_CAKUPAN = {"bansos:tugas_impor_laporan": "a key in the uploader's own session"}


def _jumlah_tugas(k, args) -> int:
    from bansos.models import TugasLapangan

    return TugasLapangan.objects.count()


def _tugas_tak_terpetakan(k, args) -> dict:
    """An unplaced task whose family is imported since: placing it again is the write."""
    from akun.models import User
    from bansos.models import StatusTugas, TugasLapangan
    from pendataan.models import Keluarga

    keluarga = Keluarga.objects.create(
        nomor_kk="1471080101209998", rw=k.rw_simpangbaru_1, rt=1, alamat="Jl. Akses"
    )
    TugasLapangan.objects.create(
        jenis="usul",
        sumber="Surat",
        tanggal="2026-03-01",
        referensi="AKSES-T",
        nomor_kk=keluarga.nomor_kk,
        keluhan="Minta didata",
        status=StatusTugas.TIDAK_TERPETAKAN,
        dibuat_oleh=User.objects.get(username="dinsos"),
    )
    return {}


def _jumlah_tak_terpetakan(k, args) -> int:
    from bansos.models import StatusTugas, TugasLapangan

    return TugasLapangan.objects.filter(status=StatusTugas.TIDAK_TERPETAKAN).count()


TULIS: dict = {
    "bansos:tugas_tempatkan": Tulis(_tugas_tak_terpetakan, _jumlah_tak_terpetakan),
    "bansos:tugas_baru": Tulis(
        lambda k, args: {
            "jenis": "usul",
            "sumber": "Langsung",
            "tanggal": "2026-03-05",
            "referensi": "AKSES-1",
            "nik": "1471085503920002",
            "nomor_kk": "",
            "program": "",
            "keluhan": "Minta didata",
        },
        _jumlah_tugas,
    ),
    "bansos:tugas_impor": Tulis(
        lambda k, args: {
            "berkas": berkas_csv(
                "jenis,sumber,tanggal,referensi,nik,nomor_kk,program,keluhan",
                "sanggah,Cek Bansos,01-03-2026,CB-AKSES,1471085503920002,,pkh,Punya mobil",
            )
        },
        _jumlah_tugas,
    ),
}
