"""The dashboards' fixture, hand-counted.

RW 01 Simpangbaru (Binawidya) holds Budi's family (on PKH, Budi named) and Dewi's (on
PKH too); RW 02 Simpangbaru and RW 01 Delima are empty and vacant; RW 01 Cinta Raja
(Sail) holds Ahmad's family. Officers: "Petugas Simpangbaru" in RW 01 Simpangbaru,
"Petugas Cinta Raja" in RW 01 Cinta Raja.
"""

import datetime

import pytest

from bansos.models import Penerima, Program
from bansos.services import periode_buat
from dasbor.hitung import ringkasan_bangun_ulang
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
from pendataan.pemeriksaan import kunjungan_setujui
from pendataan.services import kunjungan_simpan
from tests.pendataan.conftest import (  # noqa: F401 (fixtures)
    data_kunjungan,
    keluarga,
    keluarga_sail,
    tugas_di_proses_ini,
)


@pytest.fixture
def jalan(django_capture_on_commit_callbacks, tugas_di_proses_ini):  # noqa: F811
    """Run a write as a request would: committed, its on-commit tasks run in-process."""

    def run(fungsi, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fungsi(**kwargs)

    return run


@pytest.fixture
def dunia(kota, akun, keluarga, keluarga_sail):  # noqa: F811
    dewi_kk = Keluarga.objects.create(
        nomor_kk="1471080101200005", rw=kota.rw_simpangbaru_1, rt=1, alamat="Jl. Kenari 3"
    )
    AnggotaKeluarga.objects.create(
        keluarga=dewi_kk,
        nik="1471084101900005",
        nama="Dewi Kenari",
        hubungan=Hubungan.KEPALA,
        jenis_kelamin="P",
    )
    periode = periode_buat(
        program=Program.objects.get(kode="pkh"),
        nama="2026 IV",
        mulai=datetime.date(2026, 10, 1),
        selesai=datetime.date(2026, 12, 31),
    )
    budi = keluarga.anggota_set.get(nama="Budi Santoso")
    pkh_budi = Penerima.objects.create(periode=periode, keluarga=keluarga, terdaftar=budi)
    Penerima.objects.create(periode=periode, keluarga=dewi_kk, terdaftar=dewi_kk.anggota_set.get())
    ringkasan_bangun_ulang()
    return {"periode": periode, "pkh_budi": pkh_budi, "dewi": dewi_kk}


def kirim_budi_meninggal(jalan, akun, keluarga, pkh_budi, **lain):  # noqa: F811
    data = data_kunjungan(keluarga, **lain)
    data["verifikasi"] = [{"penerima": pkh_budi.pk, "hasil": "tidak_layak", "alasan": "meninggal"}]
    k, _ = jalan(kunjungan_simpan, user=akun.petugas, keluarga=keluarga, data=data)
    return k


@pytest.fixture
def dikunjungi(kota, akun, dunia, keluarga, keluarga_sail, jalan):  # noqa: F811
    k = kirim_budi_meninggal(jalan, akun, keluarga, dunia["pkh_budi"])
    jalan(kunjungan_setujui, kunjungan=k, oleh=akun.admin_binawidya)
    sail, _ = jalan(
        kunjungan_simpan,
        user=akun.petugas_sail,
        keluarga=keluarga_sail,
        data=data_kunjungan(keluarga_sail),
    )
    ringkasan_bangun_ulang()
    return {"budi": k, "sail": sail}
