"""The read log: who saw a whole NIK/KK, a KK/KTP photo, an export, a berita acara, and
from where; an officer's browsing summarised per day; kept for LOG_BACA_SIMPAN_HARI."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.models import JenisBaca, LogBaca
from audit.services import log_baca_hapus_lama
from audit.tasks import hapus_log_baca_lama
from lib.ip import ip_klien
from tests.bansos.conftest import hasil_disetujui  # noqa: F401 (fixture)
from tests.bansos.test_ekspor import ekspor_jadi  # noqa: F401 (fixture)
from tests.pendataan.conftest import keluarga_sail  # noqa: F401 (fixture)

BUDI = "1471081503900001"
KK_BUDI = "1471080101200001"


def siapa_melihat(nomor: str) -> set[str]:
    return set(LogBaca.objects.filter(nomor=nomor).values_list("user__username", flat=True))


def test_a_family_page_with_whole_numbers_logs_each_number_shown(akun, keluarga, client_for):
    url = reverse("pendataan:keluarga_detail", args=[keluarga.pk])
    assert client_for(akun.dinsos).get(url, REMOTE_ADDR="10.1.2.3").status_code == 200
    baris = LogBaca.objects.filter(user=akun.dinsos)
    assert {b.nomor for b in baris} == {KK_BUDI, BUDI, "1471085503920002", "1471081002150003"}
    b = baris.get(nomor=BUDI)
    assert (b.jenis, b.objek_tipe, b.objek_id, b.ip, b.path, b.peran) == (
        JenisBaca.HALAMAN,
        "keluarga",
        str(keluarga.pk),
        "10.1.2.3",
        url,
        "dinsos",
    )
    assert b.tanggal is None  # a desk role's reads are kept one by one


def test_masked_numbers_are_not_logged(akun, keluarga, client_for):
    url = reverse("pendataan:keluarga_detail", args=[keluarga.pk])
    assert client_for(akun.admin_binawidya).get(url).status_code == 200
    assert not LogBaca.objects.exists()


def test_an_officers_day_in_the_rw_is_one_row_per_family_and_number(
    akun, keluarga, client_for, settings
):
    kemarin = timezone.localdate() - datetime.timedelta(days=1)
    LogBaca.objects.create(  # yesterday's summary row for Budi
        user=akun.petugas,
        peran="petugas",
        jenis=JenisBaca.HALAMAN,
        objek_tipe="keluarga",
        objek_id=str(keluarga.pk),
        nomor=BUDI,
        path="/",
        waktu=timezone.now() - datetime.timedelta(days=1),
        tanggal=kemarin,
    )
    client = client_for(akun.petugas)
    for _ in range(3):
        client.get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
        client.get(reverse("pendataan:kunjungan_baru", args=[keluarga.pk]))
    hari_ini = LogBaca.objects.filter(user=akun.petugas, tanggal=timezone.localdate())
    # keluarga_detail and the visit form name the same family: one row per number a day
    assert hari_ini.count() == 4
    assert siapa_melihat(BUDI) == {akun.petugas.username}
    # each day is its own row, so "who saw this NIK, on which days" still answers
    hari = LogBaca.objects.filter(nomor=BUDI).values_list("tanggal", flat=True)
    assert sorted(hari) == [kemarin, timezone.localdate()]


def test_who_saw_this_nik_answers_across_roles(akun, keluarga, client_for):
    client_for(akun.petugas).get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
    client_for(akun.dinsos).get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
    assert siapa_melihat(BUDI) == {akun.petugas.username, akun.dinsos.username}
    html = client_for(akun.pdp).get(reverse("audit:log_baca"), {"nomor": BUDI}).text
    assert akun.petugas.username in html and akun.dinsos.username in html
    assert BUDI in html  # the number searched, whole
    assert "1471085503920002" not in html  # the others masked


def test_an_export_download_and_a_berita_acara_are_logged(
    hasil_disetujui,  # noqa: F811
    ekspor_jadi,  # noqa: F811
    kota,
    akun,
    client_for,
):
    ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    client = client_for(akun.dinsos)
    assert client.get(reverse("bansos:ekspor_unduh", args=[ekspor.pk])).status_code == 200
    url = reverse("bansos:berita_acara", args=[hasil_disetujui.periode.pk, kota.simpangbaru.pk])
    assert client.get(url).status_code == 200
    jenis = dict(LogBaca.objects.values_list("jenis", "objek_id"))
    assert jenis[JenisBaca.EKSPOR] == str(ekspor.pk)
    assert jenis[JenisBaca.BERITA_ACARA] == f"{hasil_disetujui.periode.pk}/{kota.simpangbaru.pk}"


@pytest.mark.parametrize(
    ("proksi", "diteruskan", "ip"),
    [
        (0, "6.6.6.6", "127.0.0.1"),  # no proxy: the header is the client's own word
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # nginx appended the real peer
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "", "127.0.0.1"),
        (1, "bukan-ip", "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies_only(
    settings, proksi, diteruskan, ip
):
    settings.PROKSI_TEPERCAYA = proksi
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=diteruskan)
    assert ip_klien(request) == ip


def test_rows_past_the_kept_days_are_removed_by_beat(akun, keluarga, client_for, settings):
    client_for(akun.dinsos).get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
    sekarang = timezone.now()
    assert log_baca_hapus_lama(hari=30, sekarang=sekarang + datetime.timedelta(days=29)) == 0
    assert log_baca_hapus_lama(hari=30, sekarang=sekarang + datetime.timedelta(days=31)) == 4
    client_for(akun.dinsos).get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
    assert LogBaca.objects.count() == 4
    settings.LOG_BACA_SIMPAN_HARI = -1  # everything is "past its days"
    assert hapus_log_baca_lama() == 4  # the task body, as beat has it run
    assert "hapus-log-baca-lama" in django_settings.CELERY_BEAT_SCHEDULE


def test_a_kk_or_ktp_photo_served_is_logged_a_house_photo_is_not(akun, keluarga, client_for):
    from pendataan.models import JenisFoto, StatusKunjungan
    from tests.pendataan.test_foto_retensi import _foto, _kunjungan

    kunjungan = _kunjungan(akun, keluarga, StatusKunjungan.DIKIRIM, None)
    kk, rumah = _foto(kunjungan, JenisFoto.KK), _foto(kunjungan, JenisFoto.RUMAH)
    client = client_for(akun.admin_binawidya)
    for foto in (kk, rumah):
        assert client.get(reverse("pendataan:foto", args=[foto.pk, "besar"])).status_code == 200
    baris = LogBaca.objects.get()
    assert (baris.jenis, baris.objek_tipe, baris.objek_id, baris.user) == (
        JenisBaca.FOTO,
        "fotokunjungan",
        str(kk.pk),
        akun.admin_binawidya,
    )


def test_the_read_log_cannot_be_edited(akun, keluarga, client_for):
    from django.db import DatabaseError, transaction

    client_for(akun.dinsos).get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
    with pytest.raises(DatabaseError), transaction.atomic():
        LogBaca.objects.filter(nomor=BUDI).update(user=akun.petugas)
    assert siapa_melihat(BUDI) == {akun.dinsos.username}
