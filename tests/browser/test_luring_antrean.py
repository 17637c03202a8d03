"""The phone's queue when more than one thing happens: two tabs, a refusal, a server that
fails, a logout on a shared phone, and Background Sync with every page closed."""

import os
import time

import pytest
from playwright.sync_api import expect

from pendataan.models import FotoKunjungan, Keluarga, Kunjungan
from tests.browser.test_luring import (  # noqa: F401 (fixtures)
    catat_kunjungan,
    foto_kamera,
    keluarga_rw,
    kota_demo,
    masuk,
    ponsel,
    siap_luring,
    tunggu_db,
)
from tests.conftest import PASSWORD, buat_petugas
from wilayah.models import RW

# The phone's side does not depend on the server's database: these long tests run in
# CI's first pass (SQLite) and are not repeated in the PostgreSQL + Redis pass.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("REDIS_URL")), reason="runs once, in the SQLite pass"
)


def antrean_luring(ponsel, kota_demo, foto, url, jumlah: int):  # noqa: F811
    """A phone that recorded `jumlah` visits without signal (still offline)."""
    keluarga = keluarga_rw(kota_demo, jumlah)
    context = ponsel()
    page = context.new_page()
    masuk(page, url)
    siap_luring(page, url, Keluarga.objects.filter(rw=kota_demo).count())
    context.set_offline(True)
    for k in keluarga:
        catat_kunjungan(page, url, k, foto)
        expect(page.locator("#pesan")).to_contain_text("tidak ada sinyal")
    page.goto(f"{url}/akun/beranda/")
    expect(page.locator("#antrean-ringkas")).to_have_text(
        f"{jumlah} kunjungan menunggu dikirim ({jumlah * len(foto)} foto)"
    )
    return context, page, keluarga


def test_two_open_tabs_send_each_photo_once(ponsel, kota_demo, foto_kamera, live_server):  # noqa: F811
    context, page, _ = antrean_luring(ponsel, kota_demo, foto_kamera, live_server.url, 3)
    kedua = context.new_page()
    kedua.goto(f"{live_server.url}/pendataan/rw/")  # offline: the kept worklist
    expect(kedua.locator("#antrean-ringkas")).to_contain_text("3 kunjungan menunggu")
    kiriman = []
    context.on("request", lambda r: kiriman.append(r.url) if r.method == "POST" else None)
    context.set_offline(False)
    tunggu_db(3, 9)
    for tab in (page, kedua):
        expect(tab.locator("#antrean-ringkas")).to_have_text(
            "Semua kunjungan dari ponsel ini sudah terkirim.", timeout=60_000
        )
    assert len([u for u in kiriman if "/foto/" in u]) == 9
    assert FotoKunjungan.objects.count() == 9


def test_a_refusal_keeps_the_item_with_its_reason_and_a_server_failure_is_retried(
    ponsel,  # noqa: F811
    kota_demo,  # noqa: F811
    foto_kamera,  # noqa: F811
    live_server,
    monkeypatch,
):
    foto = {"rumah": foto_kamera["rumah"]}
    context, page, keluarga = antrean_luring(ponsel, kota_demo, foto, live_server.url, 2)
    # the first family moved to another RW meanwhile: the server refuses its visit (404)
    lain = RW.objects.exclude(pk=kota_demo.pk).filter(kelurahan=kota_demo.kelurahan).first()
    Keluarga.objects.filter(pk=keluarga[0].pk).update(rw=lain)
    # and the server fails (500) on the first try of the other one
    from pendataan.views import kunjungan as views

    asli = views.kunjungan_simpan
    panggilan = []

    def gagal_sekali(**kwargs):
        panggilan.append(kwargs["keluarga"].pk)
        if len([p for p in panggilan if p == keluarga[1].pk]) == 1:
            raise RuntimeError("database down for a moment")
        return asli(**kwargs)

    monkeypatch.setattr(views, "kunjungan_simpan", gagal_sekali)
    context.set_offline(False)
    ditolak = page.locator(".antrean-item.ditolak")
    expect(ditolak).to_contain_text("Ditolak server")
    expect(ditolak.locator("p.error")).not_to_be_empty()
    expect(ditolak.get_by_role("button", name="Buang")).to_be_visible()
    expect(page.locator(".antrean-item.menunggu")).to_contain_text("server 500")
    assert Kunjungan.objects.count() == 0
    # "Kirim sekarang" does not wait for the back-off: the server answers now
    page.get_by_role("button", name="Kirim sekarang").click()
    tunggu_db(1, 1)
    expect(page.locator(".antrean-item.terkirim")).to_have_count(1)
    assert Kunjungan.objects.get().keluarga_id == keluarga[1].pk
    # the refused one stays until the officer discards it, after a confirmation
    page.once("dialog", lambda d: d.accept())
    ditolak.get_by_role("button", name="Buang").click()
    expect(page.locator(".antrean-item.ditolak")).to_have_count(0)


def test_a_shared_phone_keeps_each_officers_queue_to_themselves(
    ponsel,  # noqa: F811
    kota_demo,  # noqa: F811
    foto_kamera,  # noqa: F811
    live_server,
    monkeypatch,
):
    foto = {"rumah": foto_kamera["rumah"]}
    context, page, keluarga = antrean_luring(ponsel, kota_demo, foto, live_server.url, 1)
    from pendataan.views import kunjungan as views

    def server_mati(**kwargs):
        raise RuntimeError("the server is down")

    monkeypatch.setattr(views, "kunjungan_simpan", server_mati)
    context.set_offline(False)
    expect(page.locator(".antrean-item.menunggu")).to_contain_text("server 500")

    # logging out with a visit unsent warns first
    pesan = []
    page.once("dialog", lambda d: (pesan.append(d.message), d.accept()))
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("button", name="Masuk")).to_be_visible()
    assert "1 kunjungan belum terkirim" in pesan[0]

    # another officer on the same phone sees nothing of the first's
    rw_lain = RW.objects.exclude(pk=kota_demo.pk).filter(kelurahan=kota_demo.kelurahan).first()
    lain = buat_petugas(ni_pppk="199505052025011001", nama="Petugas Kedua", rw=rw_lain)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(lain.ni_pppk)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("#antrean-ringkas")).to_have_text(
        "Semua kunjungan dari ponsel ini sudah terkirim."
    )
    expect(page.locator(".antrean-item")).to_have_count(0)
    context.set_offline(True)
    page.goto(f"{live_server.url}/pendataan/keluarga/{keluarga[0].pk}/kunjungan/")
    expect(page.get_by_role("heading", name="Catat kunjungan")).to_have_count(0)
    context.set_offline(False)
    page.goto(f"{live_server.url}/akun/beranda/")
    page.get_by_role("button", name="Keluar").click()
    # the logout must land before the next page: a goto racing it would cancel it
    expect(page.get_by_role("button", name="Masuk")).to_be_visible()

    # the first officer logs in again, the server is back: the queue goes out
    monkeypatch.undo()
    masuk(page, live_server.url)
    tunggu_db(1, 1)
    assert Kunjungan.objects.get().petugas.ni_pppk != lain.ni_pppk


def test_background_sync_sends_with_every_page_closed(
    ponsel,  # noqa: F811
    kota_demo,  # noqa: F811
    foto_kamera,  # noqa: F811
    live_server,
):
    foto = {"rumah": foto_kamera["rumah"]}
    context, page, _ = antrean_luring(ponsel, kota_demo, foto, live_server.url, 1)
    kosong = context.new_page()  # the browser stays open, no page of the portal
    page.close()
    cdp = context.new_cdp_session(kosong)
    registrasi = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrasi.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    akhir = time.monotonic() + 10
    while not registrasi and time.monotonic() < akhir:
        kosong.wait_for_timeout(100)
    context.set_offline(False)
    assert Kunjungan.objects.count() == 0
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live_server.url,
            "registrationId": registrasi[0]["registrationId"],
            "tag": "kirim-antrean",
            "lastChance": False,
        },
    )
    tunggu_db(1, 1, batas=60)
    assert {p.url for p in context.pages} == {"about:blank"}  # no page of the portal


def test_the_visit_page_says_which_missing_photo_this_phone_holds(
    ponsel,  # noqa: F811
    kota_demo,  # noqa: F811
    foto_kamera,  # noqa: F811
    live_server,
    browser,
    monkeypatch,
):
    foto = {"rumah": foto_kamera["rumah"]}
    context, page, _ = antrean_luring(ponsel, kota_demo, foto, live_server.url, 1)
    from pendataan.views import kunjungan as views

    def foto_gagal(**kwargs):
        raise RuntimeError("storage down for a moment")

    monkeypatch.setattr(views, "foto_terima", foto_gagal)
    context.set_offline(False)
    tunggu_db(1, 0)
    kunjungan = Kunjungan.objects.get()
    url = f"{live_server.url}/pendataan/kunjungan/{kunjungan.uuid}/"
    page.goto(url)
    expect(page.locator(".di-ponsel")).to_contain_text("ada di ponsel ini dan terkirim sendiri")

    lain = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    ponsel_lain = lain.new_page()
    masuk(ponsel_lain, live_server.url)
    ponsel_lain.goto(url)
    expect(ponsel_lain.locator(".di-ponsel")).to_contain_text("tidak ada di ponsel ini")
    lain.close()


def test_without_signal_the_worklist_finds_any_family_of_the_rw(
    ponsel,  # noqa: F811
    kota_demo,  # noqa: F811
    live_server,
):
    from akun.management.commands.siapkan_demo import NI_PPPK_DEMO
    from akun.models import User
    from pendataan.models import AnggotaKeluarga, Hubungan
    from pendataan.selectors import daftar_kerja_for

    url = live_server.url
    urutan = list(daftar_kerja_for(User.objects.get(username=NI_PPPK_DEMO)))
    assert len(urutan) > 50  # more than the worklist's first page
    jauh = urutan[-1]  # the last family of the worklist, far past its first page
    kepala = AnggotaKeluarga.objects.get(keluarga=jauh, hubungan=Hubungan.KEPALA)
    context = ponsel()
    page = context.new_page()
    masuk(page, url)
    siap_luring(page, url, len(urutan))
    context.set_offline(True)

    # a fresh tab with no signal: the whole RW as the phone keeps it, not the first page
    tab = context.new_page()
    tab.goto(f"{url}/pendataan/rw/")
    expect(tab.locator("#daftar")).to_contain_text("Tanpa sinyal: daftar dari ponsel ini")
    expect(tab.locator("#daftar li.keluarga")).to_have_count(len(urutan))
    cari = tab.get_by_label("Cari NIK, nomor KK, nama atau alamat")
    cari.fill(kepala.nama)
    expect(tab.locator("#daftar li.keluarga").first).to_contain_text(kepala.nama)
    cari.fill(kepala.nik[:10])  # by a NIK's first digits, as the server searches
    expect(tab.locator("#daftar li.keluarga")).to_have_count(1)
    tab.get_by_label("Tampilkan").select_option("sudah")
    expect(tab.locator("#daftar")).to_contain_text("Tidak ada keluarga yang cocok.")
    tab.get_by_label("Tampilkan").select_option("")
    tab.locator("#daftar li.keluarga a").click()
    expect(tab.get_by_role("heading", name="Catat kunjungan")).to_contain_text(jauh.nomor_kk)


def test_a_placement_that_ends_takes_the_rws_data_off_the_phone(
    ponsel,  # noqa: F811
    kota_demo,  # noqa: F811
    live_server,
):
    from akun.management.commands.siapkan_demo import NI_PPPK_DEMO
    from petugas.models import Penugasan
    from petugas.services import penugasan_akhiri

    url = live_server.url
    context = ponsel()
    page = context.new_page()
    masuk(page, url)
    siap_luring(page, url, Keluarga.objects.filter(rw=kota_demo).count())
    pengguna = page.evaluate("document.body.dataset.pengguna")
    assert page.evaluate(f"caches.has('halaman-{pengguna}')")

    penugasan = Penugasan.objects.get(petugas__user__username=NI_PPPK_DEMO, selesai__isnull=True)
    penugasan_akhiri(penugasan=penugasan, alasan="Pindah tugas")
    page.evaluate("window.PortalPetugas.sinkronFormulir(true)")
    page.wait_for_function(f"caches.has('halaman-{pengguna}').then(a => !a)")
    context.set_offline(True)
    keluarga = Keluarga.objects.filter(rw=kota_demo).first()
    page.goto(f"{url}/pendataan/keluarga/{keluarga.pk}/kunjungan/")
    expect(page.get_by_text("belum pernah dibuka di ponsel ini")).to_be_visible()
    expect(page.get_by_text(keluarga.nomor_kk)).to_have_count(0)
