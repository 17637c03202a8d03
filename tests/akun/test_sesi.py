"""Session limits (akun/middleware.py, BatasSesiMiddleware): idle timeout by role,
absolute lifetime, a cookie that ends with the browser; a password reset ends the
user's other sessions; an officer's queue sends after an expired session."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from akun.middleware import BatasSesiMiddleware
from pendataan.models import Kunjungan
from petugas.services import sandi_petugas_reset
from tests.conftest import PASSWORD
from tests.pendataan.conftest import data_kunjungan, keluarga  # noqa: F401

MENIT = 60
BERANDA = reverse("akun:beranda")


@pytest.fixture
def jam(monkeypatch):
    """The middleware's clock, moved by hand."""

    class Jam:
        sekarang = 1_800_000_000.0

        def maju(self, detik: float) -> None:
            self.sekarang += detik

    j = Jam()
    monkeypatch.setattr("akun.middleware.time.time", lambda: j.sekarang)
    return j


def _masuk(client: Client, user) -> Client:
    assert client.post(reverse("akun:login"), {"username": user.username, "password": PASSWORD})[
        "Location"
    ]
    assert client.get(BERANDA).status_code == 200
    return client


def _keluar(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("akun:login"))


def test_it_logs_a_desk_role_out_after_30_idle_minutes(akun, client, jam):
    _masuk(client, akun.admin_binawidya)
    jam.maju(29 * MENIT)
    assert client.get(BERANDA).status_code == 200
    jam.maju(29 * MENIT)  # active a minute ago: the idle time starts again
    assert client.get(BERANDA).status_code == 200
    jam.maju(31 * MENIT)
    assert _keluar(client.get(BERANDA))
    halaman = client.get(reverse("akun:login")).content.decode()
    assert "Sesi Anda sudah berakhir" in halaman


def test_an_officer_may_stay_idle_for_a_field_day_but_not_longer(akun, client, jam):
    _masuk(client, akun.petugas)
    jam.maju(3 * 60 * MENIT)  # a long walk and lunch
    assert client.get(BERANDA).status_code == 200
    jam.maju(601 * MENIT)
    assert _keluar(client.get(BERANDA))


def test_every_session_ends_after_its_absolute_lifetime(akun, client, jam):
    _masuk(client, akun.petugas)
    for _ in range(12 * 6 + 1):  # busy all day, every ten minutes, past 12 hours
        jam.maju(10 * MENIT)
        response = client.get(BERANDA)
    assert _keluar(response)


def test_the_limits_come_from_the_settings(akun, client, jam, settings):
    settings.SESI_MENGANGGUR_MENIT = 5
    _masuk(client, akun.dinsos)
    jam.maju(6 * MENIT)
    assert _keluar(client.get(BERANDA))


def test_the_session_is_written_at_most_once_a_minute(akun, client, jam):
    _masuk(client, akun.dinsos)
    mulai = client.session[BatasSesiMiddleware.AKTIF]
    jam.maju(30)
    assert client.get(BERANDA).status_code == 200
    assert client.session[BatasSesiMiddleware.AKTIF] == mulai  # not written
    jam.maju(31)
    assert client.get(BERANDA).status_code == 200
    assert client.session[BatasSesiMiddleware.AKTIF] == mulai + 61


def test_a_desk_roles_session_cookie_ends_with_the_browser(akun, client):
    client.post(reverse("akun:login"), {"username": akun.dinsos.username, "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_an_officers_session_cookie_outlives_a_closed_browser(akun, client):
    """so the phone's queue sends when signal returns, without a login first"""
    client.post(reverse("akun:login"), {"username": akun.petugas.username, "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 12 * 60 * 60


def test_a_visit_queued_under_an_expired_session_is_sent_after_logging_in_again(
    akun,
    keluarga,  # noqa: F811
    client,
    jam,
):
    _masuk(client, akun.petugas)
    jam.maju(601 * MENIT)  # the phone lay idle overnight with a visit in its queue
    kirim = reverse("pendataan:kunjungan_kirim", args=[keluarga.pk])
    kunjungan = json.dumps(data_kunjungan(keluarga))
    headers = {"X-Portal-Pengguna": str(akun.petugas.pk), "Accept": "*/*"}
    ditolak = client.post(kirim, data=kunjungan, content_type="application/json", headers=headers)
    # static/js/antrean.js keeps the visit on a 401 "sesi" and waits for the login
    assert ditolak.status_code == 401
    assert ditolak.json()["kode"] == "sesi"
    assert not Kunjungan.objects.exists()
    _masuk(client, akun.petugas)
    terkirim = client.post(kirim, data=kunjungan, content_type="application/json", headers=headers)
    assert terkirim.status_code in (200, 201), terkirim.content
    assert Kunjungan.objects.filter(uuid=json.loads(kunjungan)["uuid"]).exists()


def test_a_password_reset_by_bkpsdm_ends_the_officers_sessions(akun):
    ponsel = _masuk(Client(), akun.petugas)
    sandi_petugas_reset(petugas=akun.petugas.petugas, oleh=akun.bkpsdm)
    assert _keluar(ponsel.get(BERANDA))


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(akun):
    laptop = _masuk(Client(), akun.pimpinan)
    ponsel = _masuk(Client(), akun.pimpinan)
    baru = "Sandi-Baru-yang-Panjang-9"
    response = laptop.post(
        reverse("akun:password_change"),
        {"old_password": PASSWORD, "new_password1": baru, "new_password2": baru},
    )
    assert response.status_code == 302
    assert laptop.get(BERANDA).status_code == 200
    assert _keluar(ponsel.get(BERANDA))
