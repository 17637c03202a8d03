"""Sessions with a copy in the cache (lib/sesi.py): a logged-in page reads no session row,
the copy lives SESI_TEMBOLOK_DETIK at most, logging out ends it at once, and a cache
that fails costs a query, never a page."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lib import sesi
from tests.conftest import PASSWORD

BERANDA = reverse("akun:beranda")


def _masuk(client, user):
    response = client.post(reverse("akun:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _kueri_sesi(client, url=BERANDA) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as kueri:
        response = client.get(url)
    return response.status_code, [q["sql"] for q in kueri if "django_session" in q["sql"]]


@pytest.mark.django_db
def test_a_logged_in_page_reads_its_session_from_the_cache(client, akun):
    _masuk(client, akun.dinsos)
    status, kueri = _kueri_sesi(client)
    assert status == 200
    assert kueri == []
    kunci = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=kunci).exists(), "the row stays the truth"


@pytest.mark.django_db
def test_the_copy_lives_sesi_tembolok_detik_at_most(client, akun, settings, monkeypatch):
    settings.SESI_TEMBOLOK_DETIK = 7
    dicatat = []
    asli = cache.set
    monkeypatch.setattr(cache, "set", lambda k, v, t=None: dicatat.append(t) or asli(k, v, t))
    _masuk(client, akun.dinsos)
    assert dicatat and max(dicatat) <= 7


@pytest.mark.django_db
def test_a_lost_copy_is_read_from_the_database_and_kept_again(client, akun):
    _masuk(client, akun.dinsos)
    kunci = client.cookies["sessionid"].value
    cache.delete(sesi.SessionStore.cache_key_prefix + kunci)
    status, kueri = _kueri_sesi(client)
    assert status == 200 and len(kueri) == 1
    status, kueri = _kueri_sesi(client)
    assert status == 200 and kueri == []


@pytest.mark.django_db
def test_logging_out_ends_the_session_and_its_copy(client, akun):
    _masuk(client, akun.dinsos)
    kunci = client.cookies["sessionid"].value
    client.post(reverse("akun:logout"))
    assert cache.get(sesi.SessionStore.cache_key_prefix + kunci) is None
    assert not Session.objects.filter(session_key=kunci).exists()
    client.cookies["sessionid"] = kunci  # the old cookie, sent again
    assert client.get(BERANDA).status_code == 302


@pytest.mark.django_db
def test_a_cache_that_fails_costs_a_query_never_a_page(client, akun, monkeypatch):
    _masuk(client, akun.dinsos)

    class Gagal:
        def __getattr__(self, nama):
            def gagal(*args, **kwargs):
                raise ConnectionError("redis down")

            return gagal

    # the sessions' cache only: what else a page keeps there has its own fallbacks
    monkeypatch.setattr("django.contrib.sessions.backends.cached_db.caches", {"default": Gagal()})
    status, kueri = _kueri_sesi(client)
    assert status == 200 and len(kueri) == 1, "read from the database"
    response = client.post(reverse("akun:logout"))
    assert response.status_code == 302
    masuk_lagi = client.post(
        reverse("akun:login"), {"username": akun.dinsos.username, "password": PASSWORD}
    )
    assert masuk_lagi.status_code == 302, "a new session made with the cache still down"
    client.post(reverse("akun:logout"))
    monkeypatch.undo()
    assert client.get(BERANDA).status_code == 302, "logged out"
