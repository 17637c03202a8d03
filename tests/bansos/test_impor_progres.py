"""Progress while the worker runs, pass 2 included (its transaction hides the row's own)."""

from unittest import mock

import pytest
from django.urls import reverse

from bansos.impor import progres
from bansos.models import ImporPenerima, StatusImpor
from tests.bansos.test_impor_penerima import (  # noqa: F401 (fixtures)
    KOLOM_KARTU,
    csv_berkas,
    impor,
    jalur,
    periode_pbi,
)
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixtures)

JUMLAH = 2500


@pytest.fixture
def catat_progres():
    """progres.catat for a test, its keys deleted after it (the cache outlives a test's
    database: Redis in CI, the process's memory otherwise)."""
    dicatat = []

    def catat(impor_id: int, baris: int) -> None:
        dicatat.append(impor_id)
        progres.catat(impor_id, baris)

    yield catat
    for impor_id in dicatat:
        progres.hapus(impor_id)


def _daftar_panjang() -> list[str]:
    """JUMLAH sound rows in RW 01 Simpangbaru: men born 15-03-1990, five to a KK."""
    return [
        f"14710815039{i:05d},Warga {i},1471080101200{i // 5 + 100:03d},Jl. Uji {i // 5},2,1,"
        f"Simpangbaru,K-{i}"
        for i in range(1, JUMLAH + 1)
    ]


def test_pass_2_reports_progress_as_it_writes(kota, periode_pbi, impor):  # noqa: F811
    dicatat: list[tuple[str, int]] = []
    asli = progres.catat

    def catat(impor_id: int, baris: int) -> None:
        dicatat.append((ImporPenerima.objects.get(pk=impor_id).status, baris))
        asli(impor_id, baris)

    with mock.patch("bansos.impor.progres.catat", side_effect=catat):
        hasil = impor(periode_pbi, csv_berkas(*_daftar_panjang(), kolom=KOLOM_KARTU))

    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert hasil.ringkasan["penerima_baru"] == JUMLAH
    menulis = [baris for status, baris in dicatat if status == StatusImpor.MENULIS]
    assert any(0 < baris < JUMLAH for baris in menulis), dicatat
    assert menulis == sorted(menulis)
    assert (hasil.baris_total, hasil.baris_diproses) == (JUMLAH, JUMLAH)


def test_the_status_page_shows_the_workers_count(
    akun,
    client_for,
    periode_pbi,  # noqa: F811
    catat_progres,
):
    berjalan = ImporPenerima.objects.create(
        periode=periode_pbi,
        berkas="private/impor-penerima/x.csv",
        nama_berkas="x.csv",
        dibuat_oleh=akun.dinsos,
        status=StatusImpor.MENULIS,
        baris_total=200,
        baris_diproses=0,
    )
    catat_progres(berjalan.pk, 150)
    url = reverse("bansos:impor_penerima_status", args=[berjalan.pk])

    partial = client_for(akun.dinsos).get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'value="150">75%<' in partial
    assert "150 dari 200 baris" in partial


def test_a_finished_import_shows_its_own_count(
    akun,
    client_for,
    periode_pbi,  # noqa: F811
    catat_progres,
):
    berjalan = ImporPenerima.objects.create(
        periode=periode_pbi,
        berkas="private/impor-penerima/x.csv",
        nama_berkas="x.csv",
        dibuat_oleh=akun.dinsos,
        status=StatusImpor.SELESAI,
        baris_total=200,
        baris_diproses=200,
        ringkasan={"penerima_baru": 200, "diperbarui": 0, "dikeluarkan": 0},
    )
    catat_progres(berjalan.pk, 150)  # a count left behind is not shown

    assert progres.impor_penerima_progres(berjalan) == 200
    halaman = client_for(akun.dinsos).get(
        reverse("bansos:impor_penerima_status", args=[berjalan.pk])
    )
    assert "Penerima baru" in halaman.content.decode()


def test_a_cache_that_is_down_fails_nothing(akun, periode_pbi, caplog):  # noqa: F811
    berjalan = ImporPenerima(pk=1, status=StatusImpor.MEMERIKSA, baris_diproses=7)
    with mock.patch.object(progres.cache, "set", side_effect=ConnectionError("redis down")):
        progres.catat(1, 5)
    with mock.patch.object(progres.cache, "get", side_effect=ConnectionError("redis down")):
        assert progres.impor_penerima_progres(berjalan) == 7
    assert "ConnectionError" in caplog.text
