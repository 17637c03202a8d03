"""siapkan_kota prints every account's password: it runs only on a throwaway database."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pendataan.models import Keluarga


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_it_refuses_a_database_that_is_not_plainly_throwaway(db, settings, monkeypatch):
    settings.DEBUG = False
    # the name the command reads (the open connection stays as it is)
    monkeypatch.setitem(connection.settings_dict, "NAME", "portal")
    with pytest.raises(CommandError):
        call_command("siapkan_kota")
    with pytest.raises(CommandError):
        call_command("siapkan_kota", "--buang", "portal_lain")
    assert not Keluarga.objects.exists()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's own refusal")
def test_it_refuses_sqlite_even_with_debug(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("siapkan_kota")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_it_refuses_a_database_that_holds_families(kota, settings, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "uji_kota")
    Keluarga.objects.create(nomor_kk="1471080101200001", rw=kota.rw_simpangbaru_1, rt=1)
    with pytest.raises(CommandError, match="sudah berisi keluarga"):
        call_command("siapkan_kota")
