"""The admin kecamatan's dashboard and the officer's progress line, against hand counts.

Binawidya: Simpangbaru RW 01 (officer "Petugas Simpangbaru", Budi's and Dewi's
families, both on PKH), RW 02 (vacant, no family); Delima RW 01 (vacant). Sail: Cinta
Raja RW 01 (Ahmad's family, officer "Petugas Cinta Raja").
Budi's family is visited and found tidak layak (meninggal), approved; Ahmad's is
visited, waiting.
"""

import pytest
from django.urls import reverse

from pendataan.services import kunjungan_simpan
from tests.pendataan.conftest import data_kunjungan


def test_it_shows_the_kecamatan_in_figures(kota, akun, dunia, dikunjungi, client_for):
    response = client_for(akun.admin_binawidya).get(
        reverse("dasbor:kecamatan", args=[kota.binawidya.kode])
    )
    assert response.status_code == 200
    total = response.context["dasbor"].total
    assert (total.jumlah_rw, total.rw_kosong) == (3, 2)
    assert (total.jumlah_keluarga, total.keluarga_dikunjungi) == (2, 1)
    assert (total.jumlah_penerima, total.terverifikasi, total.layak, total.tidak_layak) == (
        2,
        1,
        0,
        1,
    )
    assert dict(total.alasan) == {"meninggal": 1}
    assert (total.kunjungan_menunggu, total.kunjungan_dikembalikan) == (0, 0)
    per_kel = {k.nama: k.kemajuan for k in response.context["kelurahan_list"]}
    assert per_kel["Simpangbaru"].jumlah_rw == 2 and per_kel["Delima"].jumlah_rw == 1
    assert per_kel["Simpangbaru"].keluarga_dikunjungi == 1
    assert [r.rw for r in response.context["rw_kosong"]] == [
        kota.rw_simpangbaru_2,
        kota.rw_delima_1,
    ]
    assert response.context["rw_diam"] == [], "the officer visited today"
    assert sum(b.nilai for b in response.context["grafik"]["batang"]) == 1
    assert len(response.context["grafik"]["batang"]) == 14
    body = response.content.decode()
    assert "Meninggal dunia" in body and "Cinta Raja" not in body
    assert "diperbarui" in body
    fitur = response.context["peta"]["features"]
    assert {f["geometry"]["type"] for f in fitur} == {"Point"}
    warna = {f["properties"]["url"]: f["properties"]["warna"] for f in fitur}
    assert warna == {
        reverse("dasbor:rw", args=[kota.rw_simpangbaru_1.pk]): "#d4ac0d",  # 1 of 2: 50%
        reverse("dasbor:rw", args=[kota.rw_simpangbaru_2.pk]): "#c0392b",
        reverse("dasbor:rw", args=[kota.rw_delima_1.pk]): "#c0392b",
    }


def test_the_admins_home_is_the_dashboard(kota, akun, dikunjungi, client_for):
    response = client_for(akun.admin_binawidya).get(reverse("akun:beranda"))
    assert response.templates[0].name == "dasbor/kecamatan.html"
    assert response.context["dasbor"].total.keluarga_dikunjungi == 1


def test_it_drills_down_to_the_kelurahan_and_the_rw(kota, akun, dikunjungi, client_for):
    client = client_for(akun.admin_binawidya)
    response = client.get(reverse("dasbor:kelurahan", args=[kota.simpangbaru.kode]))
    assert [r.rw for r in response.context["dasbor"].rw_list] == [
        kota.rw_simpangbaru_1,
        kota.rw_simpangbaru_2,
    ]
    assert "Petugas Simpangbaru" in response.content.decode()
    response = client.get(reverse("dasbor:rw", args=[kota.rw_simpangbaru_1.pk]))
    sudah = {k.nomor_kk: k.sudah for k in response.context["page"]}
    assert sudah == {"1471080101200001": True, "1471080101200005": False}
    body = response.content.decode()
    assert "Budi Santoso" in body and "1471080101200001" not in body, "KK masked"


def test_an_idle_officer_is_listed(kota, akun, dunia, client_for):
    # nobody visited anything: the placed officer of Simpangbaru RW 01 is idle
    response = client_for(akun.admin_binawidya).get(
        reverse("dasbor:kecamatan", args=[kota.binawidya.kode])
    )
    assert [r.rw for r in response.context["rw_diam"]] == [kota.rw_simpangbaru_1]
    assert "Petugas Simpangbaru" in response.content.decode()


def test_the_visit_points_link_to_their_visit(kota, akun, dikunjungi, client_for):
    url = reverse("dasbor:titik", args=[kota.binawidya.kode])
    data = client_for(akun.admin_binawidya).get(url, {"zoom": 18}).json()
    assert data["sel"] == [
        {
            "lat": 0.47,
            "lng": 101.38,
            "n": 1,
            "url": reverse("pendataan:kunjungan_detail", args=[dikunjungi["budi"].uuid]),
        }
    ]
    # the Sail visit is at the same point: never in Binawidya's map
    data = client_for(akun.admin_sail).get(reverse("dasbor:titik", args=[kota.sail.kode])).json()
    assert [s["url"] for s in data["sel"]] == [
        reverse("pendataan:kunjungan_detail", args=[dikunjungi["sail"].uuid])
    ]


def test_the_visit_points_are_grouped_at_a_low_zoom(kota, akun, dunia, keluarga, jalan, client_for):  # noqa: F811
    for lat in ("0.470000", "0.470100"):
        jalan(
            kunjungan_simpan,
            user=akun.petugas,
            keluarga=keluarga,
            data=data_kunjungan(keluarga, latitude=lat),
        )
    url = reverse("dasbor:titik", args=[kota.binawidya.kode])
    data = client_for(akun.admin_binawidya).get(url, {"zoom": 10, "kotak": "0,101,1,102"}).json()
    assert [(s["n"], "url" in s) for s in data["sel"]] == [(2, False)]
    data = client_for(akun.admin_binawidya).get(url, {"zoom": 10, "kotak": "1,101,2,102"}).json()
    assert data["sel"] == []


@pytest.mark.parametrize("nama", ["beranda", "daftar_kerja"])
def test_the_officer_sees_their_own_progress(kota, akun, dikunjungi, client_for, nama):
    url = reverse("akun:beranda" if nama == "beranda" else "pendataan:daftar_kerja")
    body = client_for(akun.petugas).get(url).content.decode()
    assert "1 dari 2 keluarga" in body
    assert "1 penerima belum diverifikasi, 0 dikembalikan" in body


def test_the_admin_of_binawidya_never_sees_sails_figures(kota, akun, dikunjungi, client_for):
    response = client_for(akun.admin_sail).get(reverse("dasbor:kecamatan", args=[kota.sail.kode]))
    total = response.context["dasbor"].total
    assert (total.jumlah_rw, total.jumlah_keluarga, total.kunjungan_menunggu) == (1, 1, 1)
    assert "Simpangbaru" not in response.content.decode()


def test_a_bad_zoom_or_box_is_read_as_a_default(kota, akun, dikunjungi, client_for):
    url = reverse("dasbor:titik", args=[kota.binawidya.kode])
    client = client_for(akun.admin_binawidya)
    for data in ({"zoom": "x"}, {"kotak": "a,b,c,d"}, {"mulai": "kemarin"}, {"zoom": "99"}):
        assert client.get(url, data).status_code == 200


def test_a_number_python_reads_but_cannot_use_is_a_default_too(kota, akun, dikunjungi, client_for):
    """ "nan" is a float no bound holds, "²" is a digit int() refuses: neither is a 500."""
    client = client_for(akun.admin_binawidya)
    titik = reverse("dasbor:titik", args=[kota.binawidya.kode])
    for data in ({"zoom": "nan"}, {"kotak": "nan,nan,nan,nan"}, {"zoom": "-inf"}):
        assert client.get(titik, data).status_code == 200
    for url in (
        reverse("dasbor:kecamatan", args=[kota.binawidya.kode]),
        reverse("dasbor:kelurahan", args=[kota.simpangbaru.kode]),
        reverse("dasbor:rw", args=[kota.rw_simpangbaru_1.pk]),
    ):
        assert client.get(url, {"periode": "²"}).status_code == 200
