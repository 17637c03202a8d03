"""BKPSDM's officer activity (issue 12): who is working, who has not visited in N days.

Hand count, visits dated from now:
- Petugas Simpangbaru (Dinas Uji, Binawidya): visits 1 and 10 days ago;
- Petugas Cinta Raja (Dinas Uji, Sail): a visit 5 days ago;
- Petugas Delima (Dinas Lingkungan, Binawidya): placed, never visited;
- Petugas Lama (Dinas Uji): visited today, but the placement ended: not listed.
"""

import datetime
import io
import uuid

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from pendataan.models import Kunjungan, StatusKunjungan
from petugas.aktivitas import aktivitas_petugas
from petugas.models import OPD
from petugas.services import penugasan_akhiri
from tests.conftest import buat_petugas
from tests.pendataan.conftest import keluarga, keluarga_sail  # noqa: F401 (fixtures)
from wilayah.models import RW


def _kunjungan(k_, petugas, hari_lalu: int) -> None:
    k = Kunjungan.objects.create(
        uuid=uuid.uuid4(),
        sidik="uji",
        keluarga=k_,
        petugas=petugas,
        rw=k_.rw,
        hasil="ditemui",
        status=StatusKunjungan.DIKIRIM,
    )
    waktu = timezone.now() - datetime.timedelta(days=hari_lalu, hours=1)
    Kunjungan.objects.filter(pk=k.pk).update(created_at=waktu)


@pytest.fixture
def kerja(kota, akun, keluarga, keluarga_sail):  # noqa: F811
    simpangbaru, cinta_raja = akun.petugas.petugas, akun.petugas_sail.petugas
    _kunjungan(keluarga, simpangbaru, 1)
    _kunjungan(keluarga, simpangbaru, 10)
    _kunjungan(keluarga_sail, cinta_raja, 5)
    lingkungan = OPD.objects.create(nama="Dinas Lingkungan", kuota=5)
    buat_petugas(
        ni_pppk="199105052025011003", nama="Petugas Delima", rw=kota.rw_delima_1, opd=lingkungan
    )
    lama = buat_petugas(ni_pppk="199106062025011004", nama="Petugas Lama", rw=kota.rw_simpangbaru_2)
    _kunjungan(keluarga, lama, 0)
    penugasan_akhiri(penugasan=lama.penugasan_set.get(), alasan="pindah")
    return kota


def _ringkas(data) -> dict:
    return {a.petugas.nama: (a.bekerja, a.jumlah) for a in data.petugas}


def _kelompok(daftar) -> dict:
    return {k.nama: (k.ditempatkan, k.bekerja, k.diam, k.kunjungan) for k in daftar}


def test_three_days_by_default(kerja, akun, client_for):
    response = client_for(akun.bkpsdm).get(reverse("petugas:aktivitas"))
    assert response.status_code == 200
    data = response.context["data"]
    assert data.hari == 3
    assert _ringkas(data) == {
        "Petugas Simpangbaru": (True, 1),
        "Petugas Cinta Raja": (False, 0),
        "Petugas Delima": (False, 0),
    }
    assert [a.petugas.nama for a in data.petugas] == [
        "Petugas Delima",  # never visited: first
        "Petugas Cinta Raja",
        "Petugas Simpangbaru",
    ]
    assert (data.bekerja, data.diam) == (1, 2)
    assert _kelompok(data.per_opd) == {
        "Dinas Uji": (2, 1, 1, 1),
        "Dinas Lingkungan": (1, 0, 1, 0),
    }
    assert _kelompok(data.per_kecamatan) == {"Binawidya": (2, 1, 1, 1), "Sail": (1, 0, 1, 0)}
    assert "Petugas Lama" not in response.text
    assert "belum pernah" in response.text


def test_n_is_selectable(kerja, akun):
    tujuh = aktivitas_petugas(user=akun.bkpsdm, hari=7)
    assert _ringkas(tujuh)["Petugas Cinta Raja"] == (True, 1)
    tiga_puluh = aktivitas_petugas(user=akun.bkpsdm, hari=30)
    assert _ringkas(tiga_puluh)["Petugas Simpangbaru"] == (True, 2)
    assert _kelompok(tiga_puluh.per_kecamatan)["Binawidya"] == (2, 1, 1, 2)


def test_the_list_filters_by_status_opd_and_kecamatan(kerja, akun, client_for):
    client = client_for(akun.bkpsdm)
    url = reverse("petugas:aktivitas")

    def nama(data: dict) -> list[str]:
        return [a.petugas.nama for a in client.get(url, data).context["page"]]

    assert nama({"hari": 7, "status": "diam"}) == ["Petugas Delima"]
    assert nama({"status": "bekerja"}) == ["Petugas Simpangbaru"]
    assert nama({"kecamatan": kerja.sail.pk}) == ["Petugas Cinta Raja"]
    lingkungan = OPD.objects.get(nama="Dinas Lingkungan")
    assert nama({"opd": lingkungan.pk}) == ["Petugas Delima"]


@pytest.mark.parametrize("data", [{"hari": "abc"}, {"hari": "2"}, {"status": "x", "opd": "y"}])
def test_a_bad_choice_keeps_the_defaults(kerja, akun, client_for, data):
    response = client_for(akun.bkpsdm).get(reverse("petugas:aktivitas"), data)
    assert response.status_code == 200
    assert response.context["hari"] == 3
    assert len(response.context["page"].object_list) == 3


def test_the_xlsx_holds_the_figures_and_the_filtered_list(kerja, akun, client_for):
    response = client_for(akun.bkpsdm).get(
        reverse("petugas:aktivitas_unduh"), {"hari": 7, "status": "diam"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="aktivitas-petugas-7-hari-'
    )
    assert response["Cache-Control"] == "private, no-store"
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Per OPD", "Per kecamatan", "Petugas"]
    opd = {r[0]: r[1:] for r in wb["Per OPD"].iter_rows(min_row=2, values_only=True)}
    assert opd == {"Dinas Uji": (2, 2, 0, 2), "Dinas Lingkungan": (1, 0, 1, 0)}
    petugas = list(wb["Petugas"].iter_rows(min_row=2, values_only=True))
    assert [(p[0], p[1], p[6], p[7]) for p in petugas] == [
        ("Petugas Delima", "199105052025011003", None, 0)
    ]


@pytest.mark.parametrize("nama", ["petugas:aktivitas", "petugas:aktivitas_unduh"])
@pytest.mark.parametrize("peran", ["petugas", "admin_binawidya", "dinsos", "pimpinan"])
def test_other_roles_are_refused(kerja, akun, client_for, peran, nama):
    response = client_for(getattr(akun, peran)).get(reverse(nama))
    assert response.status_code == 403


def test_htmx_gets_the_fragment(kerja, akun, client_for):
    response = client_for(akun.bkpsdm).get(
        reverse("petugas:aktivitas"), {"hari": 7}, headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="aktivitas">')


def test_two_queries_whatever_the_officers(kerja, akun, django_assert_num_queries):
    with django_assert_num_queries(2):
        aktivitas_petugas(user=akun.bkpsdm, hari=3)
    for i in range(4):
        rw = RW.objects.create(kelurahan=kerja.delima, nomor=20 + i, latitude=0.47, longitude=101.4)
        buat_petugas(ni_pppk=f"19930101202501{i:04d}", nama=f"Baru {i}", rw=rw)
    with django_assert_num_queries(2):
        assert len(aktivitas_petugas(user=akun.bkpsdm, hari=3).petugas) == 3 + 4
