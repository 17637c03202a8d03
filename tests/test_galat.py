"""Error pages in Indonesian, in the portal's layout, with a way back; JSON when the
client asks for it. The phone's endpoints: tests/pendataan/test_kunjungan_galat.py."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from akun.models import User

# Django's own English pages say these.
INGGRIS = ("Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF verification failed")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(autouse=True)
def _tanpa_debug(settings):
    settings.DEBUG = False  # with DEBUG on, Django shows its technical pages instead


def _halaman_galat(response, status: int, *teks: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="id">' in html
    for kata in INGGRIS:
        assert kata not in html, kata
    for t in teks:
        assert t in html, t
    assert "Kembali ke halaman sebelumnya" in html  # a way back
    return html


def test_an_unknown_address_gets_the_indonesian_404_page_in_the_layout(akun, client_for):
    response = client_for(akun.admin_binawidya).get("/tidak-ada/", HTTP_ACCEPT=BROWSER)
    html = _halaman_galat(response, 404, "Halaman tidak ditemukan")
    assert f'href="{reverse("akun:beranda")}"' in html
    assert 'class="menu"' in html  # the portal's own layout, with the user's menu


def test_an_object_out_of_scope_gets_the_same_404_page(akun, client_for):
    response = client_for(akun.admin_binawidya).get(
        reverse("wilayah:kecamatan_detail", args=["99.99.99"])
    )
    _halaman_galat(response, 404, "Halaman tidak ditemukan")


def test_a_page_of_another_role_gets_the_indonesian_403_page(akun, client_for):
    response = client_for(akun.petugas).get(reverse("petugas:daftar"))
    _halaman_galat(response, 403, "Tidak ada akses")


def test_a_bad_request_gets_the_indonesian_400_page(akun, client):
    response = client.get(reverse("akun:login"), HTTP_HOST="jahat.example")
    _halaman_galat(response, 400, "Permintaan tidak dapat dibaca")


def test_a_form_too_big_gets_the_indonesian_413_page(akun, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(reverse("akun:login"), {"username": "x" * 2000, "password": "y"})
    _halaman_galat(response, 413, "Kiriman terlalu besar")


def test_an_expired_form_gets_the_indonesian_csrf_page(akun):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("akun:login"), {"username": "bkpsdm", "password": "x"})
    _halaman_galat(response, 403, "Sesi formulir kedaluwarsa, muat ulang halaman")
    assert not User.objects.filter(last_login__isnull=False).exists()


def test_a_crash_gets_the_indonesian_500_page(akun, client_for, monkeypatch):
    from akun import views

    def rusak(*args, **kwargs):
        raise RuntimeError("gangguan buatan untuk tes")

    monkeypatch.setattr(views, "render", rusak)
    client = client_for(akun.bkpsdm)
    client.raise_request_exception = False
    response = client.get(reverse("akun:beranda"), HTTP_ACCEPT=BROWSER)
    html = _halaman_galat(response, 500, "Terjadi gangguan di server", 'href="/"')
    assert "gangguan buatan" not in html
    # its style is inline (no static file may be needed): allowed there, scripts never
    csp = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "script-src 'self';" in csp + ";"


def test_the_500_page_needs_no_database_no_user_and_no_context():
    # No django_db mark: any query here fails the test.
    from config.galat import galat_500

    request = RequestFactory().get("/beranda/", HTTP_ACCEPT=BROWSER)
    assert not hasattr(request, "user")
    response = galat_500(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi gangguan di server" in html
    assert "Server Error" not in html


def test_a_client_asking_for_json_gets_json_anywhere(akun, client_for):
    client = client_for(akun.petugas)
    response = client.get("/tidak-ada/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "kode": "tidak_ditemukan",
        "pesan": "Data tidak ditemukan, atau tidak termasuk wilayah tugas Anda.",
    }
    response = client.get(reverse("petugas:daftar"), HTTP_ACCEPT="application/json")
    assert (response.status_code, response.json()["kode"]) == (403, "akses")


def test_healthz_answers_json_to_a_wrong_method(db, client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response.json()["kode"] == "metode"
    assert response["Allow"] == "GET"
