"""The month's SIKS-NG XLSX, built by Celery: asked for by a POST, followed on a status
page, stored through the configured storage, downloaded in scope and audited."""

import datetime
import io
import logging
import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import LogBaca
from bansos.retensi import berkas_lama_hapus
from lib.ekspor import StatusEkspor
from siksng import berkas as modul_berkas
from siksng.models import BulanSiksng, EksporSiksng
from siksng.tasks import tulis_ekspor_siksng
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixture)
from tests.siksng.conftest import muskel_sepakati
from tests.siksng.test_berkas import NIK_JOKO, NIK_SITI, _muskel_simpangbaru

KEPALA = (
    "NIK",
    "Nomor KK",
    "Nama",
    "Alamat",
    "Kode kecamatan",
    "Kode kelurahan",
    "RW",
    "RT",
    "Program",
    "Aksi",
    "Alasan",
    "Desil DTSEN",
    "Perubahan data",
    "Tanggal musyawarah",
    "Petugas",
    "Pemeriksa",
    "Keputusan musyawarah",
    "Diubah menjadi",
)


def _baca(response) -> list[tuple]:
    isi = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(isi), read_only=True).active.iter_rows(values_only=True))


def _berkas_tersimpan(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "private" / "ekspor-siksng"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def minta(tugas_di_proses_ini, django_capture_on_commit_callbacks):  # noqa: F811
    """POST the month's ask as `client` and let the in-process worker write the file."""

    def run(client, bulan: datetime.date, *, kerjakan: bool = True):
        url = reverse("siksng:bulan_ekspor", args=[bulan.year, bulan.month])
        with django_capture_on_commit_callbacks(execute=kerjakan):
            response = client.post(url)
        return response

    return run


@pytest.fixture
def dua_muskel(perubahan, kota, akun):
    """Simpangbaru's muskel (Joko's exit postponed; Rina in desil 3) and Cinta Raja's."""
    simpangbaru = _muskel_simpangbaru(kota, akun, tanggal=datetime.date(2026, 11, 10))
    perubahan.simpangbaru[2].desil = 3
    perubahan.simpangbaru[2].save()
    muskel_sepakati(kota.cinta_raja, akun.admin_sail, tanggal=datetime.date(2026, 11, 12))
    return simpangbaru


def test_dinsos_gets_the_citys_file_from_the_worker(dua_muskel, akun, client_for, minta):
    bulan = dua_muskel.bulan
    client = client_for(akun.dinsos)
    response = minta(client, bulan)
    ekspor = EksporSiksng.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("siksng:ekspor_status", args=[ekspor.pk])
    assert (ekspor.status, ekspor.bulan, ekspor.kecamatan, ekspor.nomor_utuh) == (
        StatusEkspor.SELESAI,
        bulan,
        None,
        True,
    )
    assert (ekspor.baris_total, ekspor.baris_ditulis) == (5, 5)
    halaman = client.get(response["Location"]).text
    assert "Siap diunduh" in halaman and "5 baris." in halaman
    unduh = reverse("siksng:ekspor_unduh", args=[ekspor.pk])
    assert unduh in halaman and "NIK lengkap" in halaman

    response = client.get(unduh)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="siksng-{bulan:%Y-%m}-draf.xlsx"' in response["Content-Disposition"]
    baris = _baca(response)
    assert baris[0] == KEPALA
    rina = [b for b in baris if b[2] == "Rina Wati"][0]
    assert rina[:12] == (
        "1471084708880003",
        "1471080101200003",
        "Rina Wati",
        "Jl. Elang No. 9",
        "14.71.08",
        "14.71.08.1001",
        1,
        3,
        "Program Keluarga Harapan (PKH)",
        "Keluar",
        "Lainnya: Punya toko bangunan",
        3,
    )
    assert rina[13].date() == datetime.date(2026, 11, 10)
    assert rina[14:17] == ("Petugas Simpangbaru", "admin.binawidya", "Disepakati")
    joko = [b for b in baris if b[2] == "Joko Susilo"]
    assert [(b[0], b[9], b[12]) for b in joko] == [
        (NIK_JOKO, "Perbaikan data", "Joko Susilo: meninggal (2026-10-02)")
    ], "his exit was postponed: not in this month's file"
    # the whole city, by kelurahan code (Sail's 14.71.03 first)
    assert [b[2] for b in baris[1:]] == [
        "Ahmad Sail",
        "Siti Aminah",
        "Joko Susilo",
        "Rina Wati",
        "Wati Lestari",
    ]
    # once Dinsos closes the month, the name loses "-draf"
    BulanSiksng.objects.create(bulan=bulan, hari_batas=17, ditutup_oleh=akun.dinsos)
    response = client.get(unduh)
    assert f'filename="siksng-{bulan:%Y-%m}.xlsx"' in response["Content-Disposition"]


def test_the_download_is_audited(dua_muskel, akun, client_for, minta):
    client = client_for(akun.dinsos)
    minta(client, dua_muskel.bulan)
    ekspor = EksporSiksng.objects.get()
    sebelum = LogBaca.objects.count()
    client.get(reverse("siksng:ekspor_unduh", args=[ekspor.pk]))
    log = LogBaca.objects.order_by("-pk").first()
    assert LogBaca.objects.count() == sebelum + 1
    assert (log.jenis, log.objek_id, log.user) == ("ekspor", str(ekspor.pk), akun.dinsos)


def test_the_admin_kecamatan_gets_their_kecamatan_masked(dua_muskel, akun, client_for, minta):
    client = client_for(akun.admin_binawidya)
    minta(client, dua_muskel.bulan)
    ekspor = EksporSiksng.objects.get()
    assert (ekspor.kecamatan.nama, ekspor.nomor_utuh) == ("Binawidya", False)
    halaman = client.get(reverse("siksng:ekspor_status", args=[ekspor.pk])).text
    assert "NIK disamarkan" in halaman and "NIK lengkap" not in halaman
    response = client.get(reverse("siksng:ekspor_unduh", args=[ekspor.pk]))
    assert 'filename="siksng-' in response["Content-Disposition"]
    assert "-binawidya-draf.xlsx" in response["Content-Disposition"]
    baris = _baca(response)
    assert [b[2] for b in baris[1:]] == ["Siti Aminah", "Joko Susilo", "Rina Wati", "Wati Lestari"]
    assert [b[0] for b in baris[1:3]] == ["1471••••••••0002", "1471••••••••0002"]
    assert NIK_SITI not in {b[0] for b in baris}


def test_each_file_is_seen_only_in_scope(dua_muskel, akun, client_for, minta):
    bulan = dua_muskel.bulan
    minta(client_for(akun.dinsos), bulan)
    minta(client_for(akun.admin_binawidya), bulan)
    kota_ = EksporSiksng.objects.get(kecamatan=None)
    binawidya = EksporSiksng.objects.get(kecamatan__isnull=False)
    for user, pk, status in (
        # another kecamatan's admin: neither Binawidya's file nor the city's
        (akun.admin_sail, binawidya.pk, 404),
        (akun.admin_sail, kota_.pk, 404),
        # the admin's own kecamatan, but never a file with whole numbers
        (akun.admin_binawidya, kota_.pk, 404),
        (akun.admin_binawidya, binawidya.pk, 200),
        (akun.dinsos, binawidya.pk, 200),
        (akun.petugas, kota_.pk, 403),
    ):
        for nama in ("siksng:ekspor_status", "siksng:ekspor_unduh"):
            got = client_for(user).get(reverse(nama, args=[pk])).status_code
            assert got == status, (user, nama, pk)
    # the month's page lists each user's own files only
    html = client_for(akun.admin_sail).get(reverse("siksng:bulan")).text
    assert reverse("siksng:ekspor_status", args=[binawidya.pk]) not in html
    html = client_for(akun.admin_binawidya).get(reverse("siksng:bulan")).text
    assert reverse("siksng:ekspor_status", args=[binawidya.pk]) in html
    assert reverse("siksng:ekspor_status", args=[kota_.pk]) not in html


def test_a_double_submit_starts_one_job(dua_muskel, akun, client_for, minta, settings):
    client = client_for(akun.dinsos)
    pertama = minta(client, dua_muskel.bulan, kerjakan=False)
    kedua = minta(client, dua_muskel.bulan, kerjakan=False)
    ekspor = EksporSiksng.objects.get()
    assert pertama["Location"] == kedua["Location"]
    # the request only asks: nothing is written before the worker takes it
    assert (ekspor.status, ekspor.berkas.name) == (StatusEkspor.MENUNGGU, "")
    assert _berkas_tersimpan(settings) == []
    halaman = client.get(kedua["Location"]).text
    assert "Berkas yang sama sedang disusun; tunggu sampai selesai." in halaman
    assert "Menunggu giliran pekerja latar belakang." in halaman
    tulis_ekspor_siksng(ekspor.pk)
    tulis_ekspor_siksng(ekspor.pk)  # redelivered: taken once
    ekspor.refresh_from_db()
    assert ekspor.status == StatusEkspor.SELESAI and len(_berkas_tersimpan(settings)) == 1
    # once done, asking again builds a new file (a month's file may grow until closed)
    minta(client, dua_muskel.bulan)
    assert EksporSiksng.objects.count() == 2


def test_the_status_page_polls_while_the_job_runs(dua_muskel, akun, client_for, minta):
    client = client_for(akun.dinsos)
    minta(client, dua_muskel.bulan, kerjakan=False)
    ekspor = EksporSiksng.objects.get()
    url = reverse("siksng:ekspor_status", args=[ekspor.pk])
    assert f'hx-get="{url}"' in client.get(url).text
    fragmen = client.get(url, headers={"HX-Request": "true"})
    assert fragmen.text.lstrip().startswith('<section class="card" id="status-ekspor"')
    tulis_ekspor_siksng(ekspor.pk)
    assert "hx-get" not in client.get(url).text


def test_a_failure_is_gagal_with_a_message_and_no_file(
    dua_muskel, akun, client_for, minta, monkeypatch, settings, caplog
):
    def rusak(*args, **kwargs):
        raise RuntimeError(f"baris dengan NIK {NIK_SITI}")

    monkeypatch.setattr(modul_berkas, "baris_keputusan", rusak)
    client = client_for(akun.dinsos)
    with caplog.at_level(logging.INFO, logger="siksng.ekspor"):
        minta(client, dua_muskel.bulan)
    ekspor = EksporSiksng.objects.get()
    assert ekspor.status == StatusEkspor.GAGAL and not ekspor.berkas
    assert _berkas_tersimpan(settings) == []
    assert "RuntimeError" in caplog.text and NIK_SITI not in caplog.text
    halaman = client.get(reverse("siksng:ekspor_status", args=[ekspor.pk])).text
    assert "Ekspor gagal karena kesalahan sistem. Coba minta ekspor lagi." in halaman
    assert client.get(reverse("siksng:ekspor_unduh", args=[ekspor.pk])).status_code == 404


def test_progress_is_told_while_the_rows_stream(dua_muskel, akun, monkeypatch):
    import siksng.ekspor as modul_ekspor

    ekspor = EksporSiksng.objects.create(bulan=dua_muskel.bulan, dibuat_oleh=akun.dinsos)
    monkeypatch.setattr(modul_berkas, "PROGRES_SETIAP", 2)
    terlihat = []
    asli = modul_berkas.teks_sel

    def amati(*args):  # called for each row's name, as the row is written
        if args[0] in {"Ahmad Sail", "Siti Aminah", "Joko Susilo", "Rina Wati", "Wati Lestari"}:
            terlihat.append(EksporSiksng.objects.values_list("baris_total", "baris_ditulis").get())
        return asli(*args)

    monkeypatch.setattr(modul_berkas, "teks_sel", amati)
    modul_ekspor.ekspor_bulan_tulis(ekspor=ekspor)
    assert terlihat == [(5, 0), (5, 0), (5, 2), (5, 2), (5, 4)]
    ekspor.refresh_from_db()
    assert (ekspor.status, ekspor.baris_total, ekspor.baris_ditulis) == (
        StatusEkspor.SELESAI,
        5,
        5,
    )


def test_a_bad_month_is_404_and_asks_nothing(perubahan, akun, client_for, minta):
    response = client_for(akun.dinsos).post(reverse("siksng:bulan_ekspor", args=[2026, 13]))
    assert response.status_code == 404
    assert not EksporSiksng.objects.exists()


def test_old_files_go_with_the_results_exports(dua_muskel, akun, client_for, minta, settings):
    minta(client_for(akun.dinsos), dua_muskel.bulan)
    ekspor = EksporSiksng.objects.get()
    assert len(_berkas_tersimpan(settings)) == 1
    nanti = ekspor.selesai_at + datetime.timedelta(days=settings.BERKAS_BANSOS_SIMPAN_HARI + 1)
    assert berkas_lama_hapus(sekarang=nanti) == (1, 0)
    ekspor.refresh_from_db()
    assert not ekspor.berkas and "sudah dihapus" in ekspor.pesan
    assert _berkas_tersimpan(settings) == []


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_start_one_job(
    kota,
    akun,
    monkeypatch,
    tugas_di_proses_ini,  # noqa: F811
):
    """Two requests for the city's file at the same moment, on PostgreSQL: both pass the
    scope check, then the lock on the settings row lets the second find the first."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is proven on PostgreSQL (CI's second pass)")
    import siksng.ekspor as modul_ekspor

    barrier = threading.Barrier(2)
    asli = modul_ekspor.cakupan_ekspor

    def cakupan_setelah_keduanya_masuk(user):
        barrier.wait(timeout=20)  # both transactions are open, neither has locked yet
        return asli(user)

    monkeypatch.setattr(modul_ekspor, "cakupan_ekspor", cakupan_setelah_keduanya_masuk)
    hasil = []

    def minta_bulan():
        try:
            ekspor, baru = modul_ekspor.ekspor_bulan_mulai(
                bulan=datetime.date(2026, 11, 1), oleh=akun.dinsos
            )
            hasil.append((ekspor.pk, baru))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=minta_bulan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert EksporSiksng.objects.count() == 1
    assert sorted(baru for _pk, baru in hasil) == [False, True]
    assert len({pk for pk, _baru in hasil}) == 1
