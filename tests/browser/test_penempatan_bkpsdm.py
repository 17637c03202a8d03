"""BKPSDM, at a desk: imports the demo candidates, previews the automatic placement
of the pilot kecamatan, applies it, issues and prints an officer's ID card; a
resident's phone then opens the card's verification link."""

import datetime

from django.core.management import call_command
from playwright.sync_api import expect

from akun.management.commands.siapkan_demo import PASSWORD_DEMO
from petugas.demo import kandidat_demo_csv
from petugas.models import Penugasan
from wilayah.models import RW


def test_bkpsdm_from_candidates_to_a_verified_card(
    browser, live_server, transactional_db, tmp_path
):
    call_command("siapkan_demo", "--paksa")
    berkas = tmp_path / "kandidat_opd.csv"
    berkas.write_bytes(kandidat_demo_csv())
    rw_pilot = RW.objects.filter(kelurahan__kecamatan__dalam_program=True).count()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = desk.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("bkpsdm")
    page.get_by_label("Kata sandi").fill(PASSWORD_DEMO)
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("link", name="Impor kandidat").first.click()
    page.locator("input[type=file]").set_input_files(str(berkas))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator(".messages")).to_contain_text("2485 kandidat baru")

    page.get_by_role("link", name="Penempatan otomatis").first.click()
    page.locator("#id_cakupan").select_option("program")
    page.get_by_role("button", name="Hitung pratinjau").click()
    expect(page.get_by_role("heading", name="Pratinjau penempatan")).to_be_visible()
    # every vacant RW of Binawidya and Sail gets an officer (one was placed by the demo)
    expect(page.locator("#ringkasan")).to_contain_text(f"{rw_pilot - 1} ditempatkan")
    expect(page.locator("#daftar-usulan tbody tr")).to_have_count(rw_pilot - 1)
    assert Penugasan.objects.count() == 1, "the preview places no one"

    page.get_by_label("Nomor SK penempatan").fill("800/BKPSDM/2026/017")
    page.get_by_role("button", name="Terapkan penempatan ini").click()
    expect(page.locator("#akun-baru tbody tr")).to_have_count(rw_pilot - 1)
    assert Penugasan.objects.filter(selesai__isnull=True).count() == rw_pilot

    penugasan = (
        Penugasan.objects.filter(otomatis=True)
        .select_related("petugas", "rw")
        .order_by("pk")
        .first()
    )
    page.goto(f"{live_server.url}/petugas/{penugasan.petugas.pk}/kartu/")
    sampai = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
    page.locator("input[name=berlaku_sampai]").fill(sampai)
    page.get_by_role("button", name="Terbitkan kartu").click()
    page.get_by_role("link", name="Cetak kartu yang berlaku").click()
    kartu = page.locator("article.kartu")
    expect(kartu).to_contain_text(penugasan.petugas.nama)
    expect(kartu).to_contain_text(penugasan.rw.label)
    expect(kartu.locator(".kartu-qr svg")).to_be_visible()
    tautan = kartu.locator(".kartu-url span").inner_text().strip()
    assert "/v/" in tautan
    desk.close()

    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    warga = phone.new_page()
    url = tautan if tautan.startswith("http") else f"http://{tautan}"
    warga.goto(url)
    expect(warga.get_by_text("KARTU BERLAKU")).to_be_visible()
    expect(warga.get_by_text(penugasan.petugas.nama)).to_be_visible()
    assert penugasan.petugas.ni_pppk not in warga.content()
    phone.close()
