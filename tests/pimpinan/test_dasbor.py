"""Pimpinan's dashboard (issue 12): figures against a hand count, and no person.

On top of `dua_program` (PKH and BPNT in round "2026 I"), summaries rebuilt:
- Simpangbaru (Binawidya): 5 families, all visited (Hendra's visit still waiting
  counts as visited); recipients PKH 4 + BPNT 3 = 7; verified PKH 3 + BPNT 1 = 4;
  layak 2; tidak layak 2 (meninggal 1, lainnya 1). Wati's usulan is no recipient.
- Cinta Raja (Sail): 1 family, visited; recipients PKH 1 + BPNT 1 = 2, both verified,
  layak 1, tidak layak 1 (pindah).
- Visits this week: 6, of them approved 5.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from dasbor.hitung import ringkasan_bangun_ulang
from pimpinan.selectors import dasbor_pimpinan_for
from tests.bansos.conftest import dua_program, hasil_disetujui  # noqa: F401 (fixtures)
from tests.pendataan.conftest import (  # noqa: F401 (fixtures)
    keluarga,
    keluarga_sail,
    tugas_di_proses_ini,
)


@pytest.fixture
def angka(dua_program):  # noqa: F811
    ringkasan_bangun_ulang()
    return dua_program


def _baris(daftar, nama: str) -> tuple:
    b = next(b for b in daftar if b.nama == nama)
    return (
        b.jumlah_keluarga,
        b.keluarga_dikunjungi,
        b.jumlah_penerima,
        b.terverifikasi,
        b.layak,
        b.tidak_layak,
    )


def test_the_city_against_the_hand_count(angka, akun):
    data = dasbor_pimpinan_for(akun.pimpinan, nama_periode="2026 I")
    assert len(data.per_kecamatan) == 15 and len(data.per_kelurahan) == 83
    assert _baris(data.per_kecamatan, "Binawidya") == (5, 5, 7, 4, 2, 2)
    assert _baris(data.per_kecamatan, "Sail") == (1, 1, 2, 2, 1, 1)
    assert _baris(data.per_kecamatan, "Kulim") == (0, 0, 0, 0, 0, 0)
    assert _baris(data.per_kelurahan, "Simpangbaru") == (5, 5, 7, 4, 2, 2)
    assert _baris(data.per_kelurahan, "Cinta Raja") == (1, 1, 2, 2, 1, 1)
    j = data.jumlah
    assert (j.jumlah_keluarga, j.jumlah_penerima, j.terverifikasi, j.tidak_layak) == (6, 9, 6, 3)
    assert (j.persen_dikunjungi, j.persen_terverifikasi, j.persen_tidak_layak) == (
        "100%",
        "66%",
        "50%",
    )
    assert j.alasan_list() == [
        ("Lainnya", 1, "33%"),
        ("Meninggal dunia", 1, "33%"),
        ("Pindah domisili", 1, "33%"),
    ]
    simpangbaru = next(b for b in data.per_kelurahan if b.nama == "Simpangbaru")
    assert simpangbaru.penerima_per_keluarga == 1.4
    assert simpangbaru.penerima_per_keluarga_teks == "1,40"
    assert [(m.kunjungan, m.disetujui) for m in data.tren][-1] == (6, 5)
    assert sum(m.kunjungan for m in data.tren[:-1]) == 0
    assert len(data.tren) == 12
    assert data.diperbarui is not None


def test_a_kecamatan_and_another_round(angka, kota, akun):
    data = dasbor_pimpinan_for(akun.pimpinan, nama_periode="2026 I", kecamatan=kota.sail)
    assert {b.wilayah.kecamatan_id for b in data.per_kelurahan} == {kota.sail.pk}
    assert _baris([data.jumlah], "Sail") == (1, 1, 2, 2, 1, 1)
    assert [m.kunjungan for m in data.tren][-1] == 1
    lama = dasbor_pimpinan_for(akun.pimpinan, nama_periode="2025 II")
    assert _baris(lama.per_kecamatan, "Binawidya") == (5, 5, 1, 0, 0, 0)


def test_the_page_shows_the_figures_in_indonesian(angka, akun, client_for):
    response = client_for(akun.pimpinan).get(reverse("pimpinan:dasbor"))
    assert response.status_code == 200
    assert response.context["data"].nama_periode == "2026 I"
    assert "<svg" in response.text and "Kunjungan per minggu" in response.text
    assert "1,40" in response.text
    assert "Angka diperbarui" in response.text
    assert "Lainnya 50%; Meninggal dunia 50%" in response.text  # Simpangbaru


def test_the_svg_numbers_use_the_indonesian_grouping():
    from lib.grafik import Seri, svg_batang

    svg = svg_batang(judul="Uji", label=["a", "b"], seri=[Seri("x", [1234, 20000], "s")])
    assert "20.000" in svg and "1.234" in svg
    assert "20,000" not in svg


def test_the_xlsx_holds_the_same_figures(angka, kota, akun, client_for):
    response = client_for(akun.pimpinan).get(reverse("pimpinan:unduh"), {"periode": "2026 I"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ringkasan-pimpinan-2026-i-kota.xlsx"'
    )
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [
        "Per kecamatan",
        "Per kelurahan",
        "Alasan tidak layak",
        "Tren mingguan",
    ]
    kecamatan = {r[0]: r[1:7] for r in wb["Per kecamatan"].iter_rows(min_row=2, values_only=True)}
    assert kecamatan["Binawidya"] == (5, 5, 7, 4, 2, 2)
    kelurahan = {r[1]: r for r in wb["Per kelurahan"].iter_rows(min_row=2, values_only=True)}
    assert kelurahan["Simpangbaru"][8] == 1.4
    assert len(kelurahan) == 83


@pytest.mark.parametrize("nama", ["pimpinan:dasbor", "pimpinan:unduh"])
@pytest.mark.parametrize("peran", ["petugas", "admin_binawidya", "bkpsdm", "dinsos"])
def test_other_roles_are_refused(angka, akun, client_for, nama, peran):
    assert client_for(getattr(akun, peran)).get(reverse(nama)).status_code == 403


def test_a_bad_choice_keeps_the_defaults(angka, akun, client_for):
    response = client_for(akun.pimpinan).get(
        reverse("pimpinan:dasbor"), {"periode": "x", "kecamatan": "999999"}
    )
    assert response.status_code == 200
    assert response.context["data"].nama_periode == "2026 I"
    assert response.context["data"].kecamatan is None


def test_the_query_count_does_not_grow(
    angka, kota, akun, client_for, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from tests.bansos.test_ekspor import _tambah_hasil

    client = client_for(akun.pimpinan)
    client.get(reverse("pimpinan:dasbor"))  # sets the CSRF cookie the page's key holds
    with django_assert_num_queries(NUM_QUERIES):
        client.get(reverse("pimpinan:dasbor"))
    with django_assert_num_queries(1):  # served again from the cache: the user (lib/sesi.py)
        client.get(reverse("pimpinan:dasbor"))
    with django_capture_on_commit_callbacks(execute=True):  # as committed
        _tambah_hasil(angka, kota, akun, 12)
        ringkasan_bangun_ulang()
    with django_assert_num_queries(NUM_QUERIES):
        response = client.get(reverse("pimpinan:dasbor"))
    assert response.context["data"].jumlah.jumlah_penerima == 9 + 12


NUM_QUERIES = 8


def test_a_visit_sent_moves_the_city_figures(
    angka,
    kota,
    akun,
    client_for,
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
    from pendataan.services import kunjungan_simpan
    from tests.pendataan.conftest import data_kunjungan

    baru = Keluarga.objects.create(nomor_kk="1471080101200077", rw=kota.rw_simpangbaru_1, rt=1)
    AnggotaKeluarga.objects.create(
        keluarga=baru, nik="1471081503900077", nama="Warga Baru", hubungan=Hubungan.KEPALA
    )
    ringkasan_bangun_ulang()
    sebelum = dasbor_pimpinan_for(akun.pimpinan, nama_periode="2026 I").jumlah
    assert (sebelum.jumlah_keluarga, sebelum.keluarga_dikunjungi) == (7, 6)
    with django_capture_on_commit_callbacks(execute=True):
        kunjungan_simpan(user=akun.petugas, keluarga=baru, data=data_kunjungan(baru))
    sesudah = dasbor_pimpinan_for(akun.pimpinan, nama_periode="2026 I").jumlah
    assert (sesudah.jumlah_keluarga, sesudah.keluarga_dikunjungi) == (7, 7)


def test_without_summaries_the_page_says_so(dua_program, akun, client_for):  # noqa: F811
    from dasbor.models import RingkasanPenerimaRW, RingkasanRW

    RingkasanRW.objects.all().delete()  # a fresh install before its first recompute
    RingkasanPenerimaRW.objects.all().delete()
    response = client_for(akun.pimpinan).get(reverse("pimpinan:dasbor"))
    assert response.status_code == 200
    assert "Ringkasan belum dihitung." in response.text
