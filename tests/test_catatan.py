"""A refused or unknown address is one log line: status, path, user id; no traceback,
no query string, no NIK (config/catatan.py)."""

import logging

import pytest
from django.urls import reverse

NIK = "1471081204850004"


@pytest.fixture
def catatan(caplog):
    caplog.set_level(logging.INFO, logger="django.request")
    return caplog


def _baris(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_it_writes_a_403_as_one_line_with_the_user_and_no_traceback(akun, client_for, catatan):
    response = client_for(akun.petugas).get(reverse("petugas:daftar") + f"?q={NIK}")
    assert response.status_code == 403
    [baris] = _baris(catatan)
    assert baris.exc_info is None
    assert baris.getMessage() == f"403 {reverse('petugas:daftar')} pengguna={akun.petugas.pk}"
    assert "Traceback" not in catatan.text
    assert NIK not in catatan.text


def test_it_writes_a_404_as_one_line_and_masks_a_nik_in_the_path(akun, client_for, catatan):
    response = client_for(akun.admin_binawidya).get(f"/tidak-ada/{NIK}/?kk={NIK}")
    assert response.status_code == 404
    [baris] = _baris(catatan)
    pengguna = akun.admin_binawidya.pk
    assert baris.getMessage() == f"404 /tidak-ada/************0004/ pengguna={pengguna}"
    assert NIK not in catatan.text


def test_an_anonymous_request_is_logged_without_a_user(client, db, catatan):
    assert client.get("/tidak-ada/").status_code == 404
    [baris] = _baris(catatan)
    assert baris.getMessage() == "404 /tidak-ada/ pengguna=-"


def test_an_out_of_scope_object_is_one_line(kota, akun, client_for, catatan):
    url = reverse("wilayah:rw_detail", args=[kota.rw_simpangbaru_2.pk])
    assert client_for(akun.petugas).get(url).status_code == 404
    [baris] = _baris(catatan)
    assert baris.getMessage() == f"404 {url} pengguna={akun.petugas.pk}"
