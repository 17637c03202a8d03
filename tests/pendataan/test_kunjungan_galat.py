"""The phone's endpoints answer JSON with an Indonesian `pesan` whatever goes wrong,
so the phone can tell the officer what happened (config/galat.py)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from pendataan.models import Kunjungan
from pendataan.services import kunjungan_simpan
from tests.pendataan.conftest import data_kunjungan

# What fetch() sends when the script sets no Accept header.
FETCH = "*/*"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(autouse=True)
def _tanpa_debug(settings):
    settings.DEBUG = False


@pytest.fixture
def kunjungan(akun, keluarga) -> Kunjungan:
    k, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga))
    return k


def _url(nama: str, keluarga, kunjungan) -> str:
    if nama == "kirim":
        return reverse("pendataan:kunjungan_kirim", args=[keluarga.pk])
    return reverse("pendataan:kunjungan_foto_unggah", args=[kunjungan.uuid])


def _kirim(client: Client, url: str, **extra):
    return client.post(
        url, data=json.dumps({"uuid": "x"}), content_type="application/json", **extra
    )


def _json_galat(response, status: int, kode: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["ok"] is False
    assert body["kode"] == kode
    assert body["pesan"]
    return body


ENDPOINT = ["kirim", "foto"]


@pytest.mark.parametrize("nama", ENDPOINT)
def test_an_expired_session_answers_401_sesi_not_a_login_redirect(
    akun, keluarga, kunjungan, client, nama
):
    body = _json_galat(
        _kirim(client, _url(nama, keluarga, kunjungan), HTTP_ACCEPT=FETCH), 401, "sesi"
    )
    assert "Masuk lagi" in body["pesan"]
    assert "tersimpan di ponsel" in body["pesan"]
    if nama == "foto":
        # the visit page's plain photo form (a browser asks for HTML) goes to the login page
        response = client.post(
            _url(nama, keluarga, kunjungan), {"dari_halaman": "1"}, HTTP_ACCEPT=BROWSER
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("akun:login"))


@pytest.mark.parametrize("nama", ENDPOINT)
def test_another_role_gets_403_json(akun, keluarga, kunjungan, client_for, nama):
    client = client_for(akun.dinsos)
    body = _json_galat(_kirim(client, _url(nama, keluarga, kunjungan)), 403, "akses")
    assert body["pesan"] == "Anda tidak berhak melakukan ini."


@pytest.mark.parametrize("nama", ENDPOINT)
def test_out_of_scope_or_unknown_gets_404_json(akun, keluarga, kunjungan, client_for, nama):
    client = client_for(akun.petugas_sail)
    _json_galat(_kirim(client, _url(nama, keluarga, kunjungan)), 404, "tidak_ditemukan")
    if nama == "kirim":
        url = reverse("pendataan:kunjungan_kirim", args=[999_999])
        _json_galat(_kirim(client_for(akun.petugas), url), 404, "tidak_ditemukan")


@pytest.mark.parametrize("nama", ENDPOINT)
def test_a_wrong_method_gets_405_json(akun, keluarga, kunjungan, client_for, nama):
    response = client_for(akun.petugas).get(_url(nama, keluarga, kunjungan))
    _json_galat(response, 405, "metode")
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("nama", ENDPOINT)
def test_a_stale_csrf_token_gets_403_json(akun, keluarga, kunjungan, nama):
    client = Client(enforce_csrf_checks=True)
    client.force_login(akun.petugas)
    response = _kirim(client, _url(nama, keluarga, kunjungan), HTTP_X_CSRFTOKEN="basi" * 8)
    body = _json_galat(response, 403, "csrf")
    assert body["pesan"] == "Sesi formulir kedaluwarsa, muat ulang halaman."


def test_a_body_over_djangos_limit_gets_413_json(akun, keluarga, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    url = _url("kirim", keluarga, None)
    besar = json.dumps({"catatan": "x" * 60_000})
    response = client_for(akun.petugas).post(url, data=besar, content_type="application/json")
    _json_galat(response, 413, "terlalu_besar")
    assert Kunjungan.objects.count() == 0


def test_a_body_over_the_visits_limit_gets_413_json(akun, keluarga, client_for):
    besar = json.dumps({"catatan": "x" * 300_000})
    response = client_for(akun.petugas).post(
        _url("kirim", keluarga, None), data=besar, content_type="application/json"
    )
    _json_galat(response, 413, "terlalu_besar")


def test_a_form_too_big_for_the_photo_endpoint_gets_413_json(
    akun, keluarga, kunjungan, client_for, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client_for(akun.petugas).post(
        _url("foto", keluarga, kunjungan), {"foto_uuid": "x" * 2000, "jenis": "rumah"}
    )
    _json_galat(response, 413, "terlalu_besar")


def test_a_bad_request_gets_400_json(akun, keluarga, client_for):
    client = client_for(akun.petugas)
    url = _url("kirim", keluarga, None)
    _json_galat(_kirim(client, url, HTTP_HOST="jahat.example"), 400, "permintaan_rusak")
    rusak = client.post(url, data="{bukan json", content_type="application/json")
    _json_galat(rusak, 400, "tidak_sah")


def test_a_one_time_password_gets_403_json_not_the_password_page(akun, keluarga, client_for):
    akun.petugas.harus_ganti_sandi = True
    akun.petugas.save(update_fields=["harus_ganti_sandi"])
    response = _kirim(client_for(akun.petugas), _url("kirim", keluarga, None))
    _json_galat(response, 403, "ganti_sandi")


def test_a_crash_gets_500_json_for_the_phone(akun, keluarga, client_for, monkeypatch):
    from pendataan.views import kunjungan as views

    def rusak(**kwargs):
        raise RuntimeError("gangguan buatan untuk tes")

    monkeypatch.setattr(views, "kunjungan_simpan", rusak)
    client = client_for(akun.petugas)
    client.raise_request_exception = False
    response = client.post(
        _url("kirim", keluarga, None),
        data=json.dumps(data_kunjungan(keluarga)),
        content_type="application/json",
        HTTP_ACCEPT=FETCH,
    )
    body = _json_galat(response, 500, "galat_server")
    assert "gangguan buatan" not in body["pesan"]
    assert "Coba kirim lagi" in body["pesan"]
