"""The privacy notice (UU 27/2022 PDP) on the login page and the public card check:
purpose, legal basis, retention, rights, and the data-protection officer's contact
from the PDP_* settings."""

import pytest
from django.urls import reverse

from tests.petugas.akses_kartu import kartu_baru

BAGIAN = (
    "Pemberitahuan privasi",
    "Tujuan.",
    "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
    "Peraturan Badan Pusat Statistik Nomor 6 Tahun 2025",
    "Masa simpan.",
    "Foto KK dan KTP dihapus",
    "3 × 24 jam",
    "Pejabat pelindungan data pribadi:",
)


@pytest.fixture
def kontak(settings):
    settings.PDP_NAMA = "Ir. Siti Rahmah, Diskominfo Kota Pekanbaru"
    settings.PDP_SUREL = "ppdp@pekanbaru.go.id"
    settings.PDP_TELEPON = "0761-123456"
    settings.BERKAS_BANSOS_SIMPAN_HARI = 5


def _periksa(html: str) -> None:
    for teks in BAGIAN:
        assert teks in html, teks
    assert "Ir. Siti Rahmah, Diskominfo Kota Pekanbaru" in html
    assert 'href="mailto:ppdp@pekanbaru.go.id"' in html
    assert "0761-123456" in html
    assert "dihapus 5 hari" in html


def test_the_login_page_carries_the_privacy_notice(client, db, kontak):
    _periksa(client.get(reverse("akun:login")).content.decode())


def test_the_public_card_check_carries_the_privacy_notice(client, akun, kontak):
    kartu = kartu_baru()
    response = client.get(reverse("petugas:verifikasi", args=[kartu.token]))
    assert response.status_code == 200
    _periksa(response.content.decode())


def test_without_a_contact_it_points_to_the_kelurahan_office(client, db, settings):
    settings.PDP_SUREL = settings.PDP_TELEPON = ""
    html = client.get(reverse("akun:login")).content.decode()
    assert "hubungi kantor kelurahan setempat" in html
    assert "mailto:" not in html
