"""The desk pages' small behaviours (static/js/halaman.js) that replaced inline
handlers, run under the Content-Security-Policy (the conftest fails a test on any
refusal): a confirmation before a password reset, a select that sends its form."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_the_reset_asks_first_and_the_map_select_sends_itself(
    browser, live_server, transactional_db, kota, akun
):
    petugas = akun.petugas.petugas
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = desk.new_page()
    page.goto(f"{live_server.url}{reverse('akun:login')}")
    page.get_by_label("Nama pengguna").fill(akun.bkpsdm.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(
        page.get_by_role("link", name="Keluar").or_(page.get_by_role("button", name="Keluar"))
    ).to_be_visible()

    page.goto(f"{live_server.url}{reverse('petugas:detail', args=[petugas.pk])}")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Atur ulang kata sandi").click()
    page.wait_for_timeout(300)
    akun.petugas.refresh_from_db()
    assert not akun.petugas.harus_ganti_sandi, "dismissed: nothing was sent"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Atur ulang kata sandi").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("sekali pakai")
    akun.petugas.refresh_from_db()
    assert akun.petugas.harus_ganti_sandi

    page.goto(f"{live_server.url}{reverse('petugas:peta')}")
    page.locator("#id_kecamatan").select_option(kota.binawidya.kode)
    expect(page).to_have_url(
        f"{live_server.url}{reverse('petugas:peta')}?kecamatan={kota.binawidya.kode}"
    )
    desk.close()
