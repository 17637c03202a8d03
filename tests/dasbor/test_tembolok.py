"""Pages and counts kept in the cache (dasbor/tembolok.py): served again while nothing
they show has changed, rendered again by the first request after a write commits,
never served to another user, and the read log written for every request."""

import datetime
import re

import pytest
from django.contrib.messages import INFO
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import LogBaca
from bansos.models import Penerima
from dasbor.tandai import ringkasan_tandai_periode
from pendataan.desil import impor_desil_mulai
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
from pendataan.pemeriksaan import kunjungan_kembalikan, kunjungan_setujui
from petugas.models import Penugasan
from petugas.services import penugasan_akhiri
from tests.dasbor.conftest import kirim_budi_meninggal
from tests.pendataan.test_desil_impor import csv_berkas

# one browser's CSRF secret (32 letters), shared on purpose by the clients of a test:
# the key must still tell the users apart
CSRF = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"


@pytest.fixture
def buka():
    """A logged-in client holding the CSRF cookie, so its first page is kept already."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        client.cookies["csrftoken"] = CSRF
        return client

    return make


def _teks(html: str) -> str:
    """The page's words, without its tags and scripts."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _get(client: Client, url: str, **data) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as kueri:
        response = client.get(url, data)
    assert response.status_code == 200
    return response.content.decode(), len(kueri.captured_queries)


def test_it_serves_the_worklist_again_with_only_the_scope_read(buka, akun, dunia):
    client = buka(akun.petugas)
    url = reverse("pendataan:daftar_kerja")
    pertama, n_pertama = _get(client, url)
    kedua, n_kedua = _get(client, url)
    assert kedua == pertama
    assert "Budi Santoso" in kedua
    # the user, the officer's RWs: not the worklist's own queries (the session is read
    # from its copy in the cache, lib/sesi.py)
    assert (n_pertama, n_kedua) == (9, 2)


def test_a_visit_sent_shows_at_once_on_the_worklist_and_the_queue(
    buka, akun, dunia, keluarga, jalan
):
    petugas, admin = buka(akun.petugas), buka(akun.admin_binawidya)
    daftar, antrean = reverse("pendataan:daftar_kerja"), reverse("pendataan:antrean")
    assert "Budi Santoso" in _get(petugas, daftar, saring="belum")[0]
    assert "Budi Santoso" not in _get(admin, antrean)[0]

    k = kirim_budi_meninggal(jalan, akun, keluarga, dunia["pkh_budi"])

    assert "Budi Santoso" not in _get(petugas, daftar, saring="belum")[0]
    assert "Budi Santoso" in _get(petugas, daftar, saring="sudah")[0]
    assert str(k.uuid) in _get(admin, antrean)[0]

    jalan(kunjungan_kembalikan, kunjungan=k, oleh=akun.admin_binawidya, komentar="Foto KK buram")
    assert str(k.uuid) not in _get(admin, antrean)[0]
    assert "Foto KK buram" in _get(petugas, daftar, saring="dikembalikan")[0]


def test_an_approval_changes_the_dashboard_and_the_results_at_once(
    buka, akun, dunia, keluarga, jalan
):
    admin, dinsos = buka(akun.admin_binawidya), buka(akun.dinsos)
    rw_url = reverse("dasbor:rw", args=[keluarga.rw_id])
    hasil_url = reverse("bansos:hasil_semua")
    k = kirim_budi_meninggal(jalan, akun, keluarga, dunia["pkh_budi"])
    binawidya = "Binawidya Program Keluarga Harapan (PKH)"
    assert "0 dari 2 (disetujui)" in _teks(_get(admin, rw_url)[0])
    assert f"{binawidya} 2 0 0 0 (0%) 0 1 " in _teks(_get(dinsos, hasil_url)[0])
    assert _get(admin, rw_url)[1] == 1  # kept: the user (the session from the cache)

    jalan(kunjungan_setujui, kunjungan=k, oleh=akun.admin_binawidya)

    assert "1 dari 2 (disetujui)" in _teks(_get(admin, rw_url)[0])
    assert f"{binawidya} 2 0 1 1 (50%) 0 0 " in _teks(_get(dinsos, hasil_url)[0])


def test_a_recipient_import_changes_the_results_at_once(buka, akun, dunia, kota, jalan):
    dinsos = buka(akun.dinsos)
    url = reverse("bansos:hasil_semua")
    binawidya = "Binawidya Program Keluarga Harapan (PKH)"
    pertama, n_pertama = _get(dinsos, url)
    kedua, n_kedua = _get(dinsos, url)
    assert f"{binawidya} 2 " in _teks(pertama) and f"{binawidya} 2 " in _teks(kedua)
    assert n_kedua < n_pertama  # counted once, kept
    baru = Keluarga.objects.create(
        nomor_kk="1471080101200077", rw=kota.rw_simpangbaru_2, rt=1, alamat="Jl. Baru 7"
    )
    orang = AnggotaKeluarga.objects.create(
        keluarga=baru,
        nik="1471081503900077",
        nama="Tono Baru",
        hubungan=Hubungan.KEPALA,
        jenis_kelamin="L",
    )

    def impor():  # what the recipient import's write does (bansos/impor/proses.py)
        Penerima.objects.create(periode=dunia["periode"], keluarga=baru, terdaftar=orang)
        ringkasan_tandai_periode(periode_id=dunia["periode"].pk)

    jalan(impor)
    assert f"{binawidya} 3 " in _teks(_get(dinsos, url)[0])


def test_a_desil_import_shows_at_once_on_the_worklist(
    buka, akun, dunia, jalan, tugas_di_proses_ini
):
    client = buka(akun.petugas)
    url = reverse("pendataan:daftar_kerja")
    assert "desil 3" not in _get(client, url)[0]
    jalan(
        impor_desil_mulai,
        berkas=csv_berkas("1471080101200001,3,01-01-2026"),
        berlaku_mulai=None,
        oleh=akun.dinsos,
    )
    assert "desil 3" in _get(client, url)[0]


def test_a_placement_ended_empties_the_officers_list_at_once(buka, akun, dunia, jalan):
    client = buka(akun.petugas)
    url = reverse("pendataan:daftar_kerja")
    assert "Budi Santoso" in _get(client, url)[0]
    penugasan = Penugasan.objects.get(petugas__user=akun.petugas, selesai__isnull=True)
    jalan(
        penugasan_akhiri,
        penugasan=penugasan,
        alasan="uji",
        selesai=datetime.date.today(),
    )
    assert "Budi Santoso" not in _get(client, url)[0]
    # and their families' pages are out of scope, cached or not
    keluarga = Keluarga.objects.get(nomor_kk="1471080101200001")
    assert client.get(reverse("pendataan:keluarga_detail", args=[keluarga.pk])).status_code == 404


def test_two_officers_never_see_each_others_list(buka, akun, dunia, keluarga_sail):
    simpangbaru, sail = buka(akun.petugas), buka(akun.petugas_sail)
    url = reverse("pendataan:daftar_kerja")
    for _ in range(2):  # the second time from the cache
        a, b = _get(simpangbaru, url)[0], _get(sail, url)[0]
        assert "Budi Santoso" in a and "Ahmad Sail" not in a
        assert "Ahmad Sail" in b and "Budi Santoso" not in b
    # nor a family of the other's RW, which the scope refuses before the cache is read
    lain = reverse("pendataan:keluarga_detail", args=[keluarga_sail.pk])
    assert simpangbaru.get(lain).status_code == 404


def test_an_officers_family_page_again_the_same_day_costs_the_user_and_the_scope(
    buka, akun, dunia, keluarga, monkeypatch
):
    """The officer's read-log row is one per family and day (audit.LogBaca): the page
    served again that day writes nothing more, the next day it writes the day's row."""
    import datetime

    from django.utils import timezone

    client = buka(akun.petugas)
    url = reverse("pendataan:keluarga_detail", args=[keluarga.pk])
    _get(client, url)
    halaman, n = _get(client, url)
    assert "Budi Santoso" in halaman
    assert n == 2  # the user, the family's RW through the officer's placement
    dicatat = LogBaca.objects.filter(user_id=akun.petugas.pk, objek_id=str(keluarga.pk))
    hari_ini = timezone.localdate()
    assert set(dicatat.values_list("tanggal", flat=True)) == {hari_ini}

    besok = hari_ini + datetime.timedelta(days=1)
    monkeypatch.setattr("dasbor.tembolok.timezone.localdate", lambda *a: besok)
    monkeypatch.setattr("audit.services.timezone.localdate", lambda *a: besok)
    assert _get(client, url)[1] == 3  # the page kept, the day's row written
    assert set(dicatat.values_list("tanggal", flat=True)) == {hari_ini, besok}


def test_each_role_keeps_its_masking_and_every_view_is_in_the_read_log(buka, akun, dunia, keluarga):
    admin, dinsos = buka(akun.admin_binawidya), buka(akun.dinsos)
    url = reverse("pendataan:keluarga_detail", args=[keluarga.pk])
    nik = "1471081503900001"
    for _ in range(2):
        assert nik not in _get(admin, url)[0]  # the reviewer sees it masked
        assert nik in _get(dinsos, url)[0]
    # Dinsos saw the numbers twice, the second time from the cache: logged both times
    dicatat = LogBaca.objects.filter(user_id=akun.dinsos.pk, objek_id=str(keluarga.pk))
    assert dicatat.filter(nomor=nik).count() == 2
    assert not LogBaca.objects.filter(user_id=akun.admin_binawidya.pk).exists()


def test_a_page_with_a_message_is_neither_served_from_nor_kept_in_the_cache(buka, akun, dunia):
    client = buka(akun.petugas)
    url = reverse("pendataan:daftar_kerja")
    tersimpan = _get(client, url)[0]
    # a flash message waiting in the browser's cookie, as after a form's redirect
    client.cookies["messages"] = CookieStorage(None)._encode([Message(INFO, "Pesan uji")])
    halaman = _get(client, url)[0]
    assert "Pesan uji" in halaman and halaman != tersimpan
    assert "Pesan uji" not in _get(client, url)[0]  # shown once, and not kept


def test_bkpsdms_officer_list_changes_after_a_write_request(buka, akun, kota):
    from tests.conftest import buat_petugas

    calon = buat_petugas(ni_pppk="199501012025011009", nama="Calon Uji", rw=None)
    client = buka(akun.bkpsdm)
    url = reverse("petugas:daftar")
    assert "kandidat" in _teks(_get(client, url)[0])
    assert _get(client, url)[1] == 1  # kept: the user (the session from the cache)
    # the form's POST, its redirect and the page showing its message
    client.post(reverse("petugas:tersedia", args=[calon.pk]), {"tersedia": "0"}, follow=True)
    assert "tidak bersedia" in _teks(_get(client, url)[0])


def test_an_export_asked_for_and_written_shows_at_once_on_the_results(
    buka, akun, dunia, kota, jalan
):
    from bansos.ekspor import ekspor_mulai

    client = buka(akun.admin_binawidya)
    url = reverse("bansos:hasil")
    assert "/unduh/" not in _get(client, url)[0]
    assert _get(client, url)[1] == 1  # kept
    ekspor, _ = jalan(
        ekspor_mulai, periode=dunia["periode"], kecamatan=kota.binawidya, oleh=akun.admin_binawidya
    )
    ekspor.refresh_from_db()
    assert ekspor.status == "selesai"  # written by the task, in this process
    assert f"/bansos/ekspor/{ekspor.pk}/unduh/" in _get(client, url)[0]


def test_a_cache_that_is_down_costs_the_pages_nothing_but_speed(
    buka, akun, dunia, keluarga, jalan, settings
):
    # a Redis nobody listens on: every read and write of the cache fails
    settings.CACHES = {
        "default": {
            "BACKEND": "lib.redis_tembolok.TembolokRedis",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisDown

    with pytest.raises(RedisDown):
        cache.get("uji-mati")
    petugas, dinsos = buka(akun.petugas), buka(akun.dinsos)
    daftar, hasil = reverse("pendataan:daftar_kerja"), reverse("bansos:hasil_semua")
    binawidya = "Binawidya Program Keluarga Harapan (PKH)"
    assert "Budi Santoso" in _get(petugas, daftar, saring="belum")[0]
    assert f"{binawidya} 2 0 0 0 (0%) 0 0 " in _teks(_get(dinsos, hasil)[0])

    k = kirim_budi_meninggal(jalan, akun, keluarga, dunia["pkh_budi"])  # its bump fails quietly
    jalan(kunjungan_setujui, kunjungan=k, oleh=akun.admin_binawidya)

    assert "Budi Santoso" not in _get(petugas, daftar, saring="belum")[0]
    assert f"{binawidya} 2 0 1 1 (50%) 0 0 " in _teks(_get(dinsos, hasil)[0])
    # the homes (their maps' version lives in the cache) and the family's pages
    for client in (petugas, dinsos, buka(akun.admin_binawidya), buka(akun.pimpinan)):
        _get(client, reverse("akun:beranda"))
    assert (
        "Budi Santoso" in _get(petugas, reverse("pendataan:keluarga_detail", args=[keluarga.pk]))[0]
    )
    _get(petugas, reverse("pendataan:kunjungan_baru", args=[keluarga.pk]))
