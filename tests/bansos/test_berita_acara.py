import re

import pytest
from django.urls import reverse

from bansos.berita_acara import berita_acara_data
from bansos.models import Kelayakan, Penerima, Verifikasi
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga, Kunjungan, StatusKunjungan
from tests.conftest import buat_petugas

JUDUL = "Berita Acara Verifikasi dan Validasi Penerima Bantuan Sosial"


def _url(periode, kelurahan, **query) -> str:
    url = reverse("bansos:berita_acara", args=[periode.pk, kelurahan.pk])
    return url + ("?unduh=1" if query.get("unduh") else "")


def test_it_counts_by_result_and_by_reason(hasil_disetujui, kota):
    ba = berita_acara_data(periode=hasil_disetujui.periode, kelurahan=kota.simpangbaru)
    assert (ba.penerima, ba.layak, ba.tidak_layak, ba.usulan) == (4, 1, 2, 1)
    assert (ba.diverifikasi, ba.belum) == (3, 1)
    assert ba.alasan == [("Lainnya", 1), ("Meninggal dunia", 1)]
    assert [(b.nama, b.nik, b.rw, b.rt, b.usulan, b.hasil, b.alasan) for b in ba.daftar] == [
        ("Siti Aminah", "1471••••••••0002", 1, 2, False, "Layak", ""),
        ("Joko Susilo", "1471••••••••0002", 1, 3, False, "Tidak layak", "Meninggal dunia"),
        (
            "Rina Wati",
            "1471••••••••0003",
            1,
            3,
            False,
            "Tidak layak",
            "Lainnya: Punya toko bangunan",
        ),
        ("Wati Lestari", "1471••••••••0004", 1, 4, True, "Layak", ""),
    ]
    assert ba.petugas == [("Petugas Simpangbaru", "199003152025011001")]
    assert ba.pemeriksa == ["admin.binawidya"]
    assert (ba.kelurahan, ba.periode) == (kota.simpangbaru, hasil_disetujui.periode)


def test_another_kelurahan_has_its_own(hasil_disetujui, kota, akun):
    ba = berita_acara_data(periode=hasil_disetujui.periode, kelurahan=kota.cinta_raja)
    assert [b.nama for b in ba.daftar] == ["Ahmad Sail"]
    assert ba.petugas == [("Petugas Cinta Raja", "199204202025012002")]
    assert ba.pemeriksa == ["admin.sail"]
    kosong = berita_acara_data(periode=hasil_disetujui.periode, kelurahan=kota.delima)
    assert (kosong.penerima, kosong.daftar, kosong.petugas, kosong.pemeriksa) == (0, [], [], [])


@pytest.mark.parametrize("peran", ["admin_binawidya", "dinsos", "superadmin"])
def test_the_page_has_the_counts_names_and_signatures(
    hasil_disetujui, kota, akun, client_for, peran
):
    response = client_for(getattr(akun, peran)).get(_url(hasil_disetujui.periode, kota.simpangbaru))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Disposition" not in response
    html = response.text
    assert JUDUL in html and "Program Keluarga Harapan (PKH)" in html and "2026 I" in html
    assert "Kelurahan Simpangbaru" in html and "Kecamatan Binawidya" in html
    assert "data-cetak" in html and "window.print()" in html and "@media print" in html
    # no inline handler: the print button is wired by a script with the page's nonce
    assert "onclick=" not in html
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", response["Content-Security-Policy"])
    assert f'<script nonce="{nonce[1]}">' in html and f'<style nonce="{nonce[1]}">' in html
    # the names, with the NIK masked
    for nama in ("Siti Aminah", "Joko Susilo", "Rina Wati", "Wati Lestari"):
        assert nama in html
    assert "1471••••••••0002" in html
    for nik in ("1471085503920002", "1471080506850002", "1471084708880003"):
        assert nik not in html
    assert "Hendra Gunawan" not in html, "a finding not yet approved is not in the minutes"
    assert "Ahmad Sail" not in html, "another kelurahan's"
    assert "Lainnya: Punya toko bangunan" in html and "Meninggal dunia" in html
    # the three signature blocks
    assert "Lurah Simpangbaru" in html and "NIP." in html
    assert "Petugas Simpangbaru" in html and "NI PPPK 199003152025011001" in html
    assert "Admin Kecamatan Binawidya" in html and "admin.binawidya" in html
    assert html.count('class="blok"') == 3


def test_it_downloads_as_an_html_file(hasil_disetujui, kota, akun, client_for):
    response = client_for(akun.dinsos).get(
        _url(hasil_disetujui.periode, kota.simpangbaru, unduh=True)
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="berita-acara-simpangbaru-pkh-2026-i.html"'
    )
    assert JUDUL in response.text
    assert "<style nonce=" in response.text, "the file prints the same without the portal"


def test_a_kelurahan_of_another_kecamatan_is_404(hasil_disetujui, kota, akun, client_for):
    periode = hasil_disetujui.periode
    assert client_for(akun.admin_sail).get(_url(periode, kota.simpangbaru)).status_code == 404
    binawidya = client_for(akun.admin_binawidya)
    assert binawidya.get(_url(periode, kota.cinta_raja)).status_code == 404
    assert binawidya.get(_url(periode, kota.cinta_raja, unduh=True)).status_code == 404


def test_an_unknown_period_is_404(hasil_disetujui, kota, akun, client_for):
    url = reverse(
        "bansos:berita_acara", args=[hasil_disetujui.periode.pk + 99, kota.simpangbaru.pk]
    )
    assert client_for(akun.dinsos).get(url).status_code == 404


@pytest.mark.parametrize("peran", ["petugas", "bkpsdm", "pimpinan"])
def test_other_roles_are_refused(hasil_disetujui, kota, akun, client_for, peran):
    response = client_for(getattr(akun, peran)).get(_url(hasil_disetujui.periode, kota.simpangbaru))
    assert response.status_code == 403


def test_the_query_count_does_not_grow_with_rows(
    hasil_disetujui, kota, akun, client_for, django_assert_max_num_queries
):
    client = client_for(akun.admin_binawidya)
    url = _url(hasil_disetujui.periode, kota.simpangbaru)
    with django_assert_max_num_queries(8):
        client.get(url)
    periode = hasil_disetujui.periode
    kedua = buat_petugas(
        ni_pppk="199105052025011003", nama="Petugas RW 2", rw=kota.rw_simpangbaru_2
    )
    for i in range(25):  # more families, visited by a second officer
        k = Keluarga.objects.create(nomor_kk=f"14710801033{i:05d}", rw=kota.rw_simpangbaru_2, rt=1)
        AnggotaKeluarga.objects.create(
            keluarga=k, nik=f"14710801017{i:05d}", nama=f"Warga {i}", hubungan=Hubungan.KEPALA
        )
        kunjungan = Kunjungan.objects.create(
            uuid=f"00000000-0000-4000-9000-{i:012d}",
            keluarga=k,
            petugas=kedua,
            rw=k.rw,
            hasil="ditemui",
            status=StatusKunjungan.DISETUJUI,
            diperiksa_oleh=akun.admin_binawidya,
        )
        Verifikasi.objects.create(
            kunjungan=kunjungan,
            jenis="verifikasi",
            periode=periode,
            penerima=Penerima.objects.create(periode=periode, keluarga=k),
            keluarga=k,
            hasil=Kelayakan.LAYAK,
            berlaku=True,
        )
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert "Warga 24" in response.text and "NI PPPK 199105052025011003" in response.text
