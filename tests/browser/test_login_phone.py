from django.core.management import call_command
from playwright.sync_api import expect

from akun.management.commands.siapkan_demo import NI_PPPK_DEMO, PASSWORD_DEMO
from wilayah.models import RW


def masuk(page, live_server, username):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Masuk ke Portal 1 ASN 1 RW")).to_be_visible()
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD_DEMO)
    page.get_by_role("button", name="Masuk").click()


def no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_demo_officer_sees_their_rw_on_a_phone(phone, live_server, transactional_db):
    call_command("siapkan_demo", "--paksa")
    masuk(phone, live_server, NI_PPPK_DEMO)
    expect(phone.get_by_role("heading", name="RW tugas saya")).to_be_visible()
    rw = phone.get_by_role("link", name="RW 01 Simpangbaru")
    expect(rw).to_be_visible()
    expect(phone.get_by_text("Kecamatan Binawidya")).to_be_visible()
    no_horizontal_scroll(phone)
    rw.click()
    expect(phone.get_by_role("heading", name="RW 01")).to_be_visible()
    # the map drew the kelurahan and the RW point from assets the portal serves itself
    expect(phone.locator("#peta[data-siap='2']")).to_be_attached()
    no_horizontal_scroll(phone)


def test_the_admin_kecamatan_sees_only_binawidya(phone, live_server, transactional_db):
    call_command("siapkan_demo", "--paksa")
    masuk(phone, live_server, "admin.binawidya")
    expect(phone.get_by_role("heading", name="Kecamatan Binawidya")).to_be_visible()
    rows = phone.locator("#daftar-kelurahan tbody tr")
    expect(rows).to_have_count(5)
    names = rows.locator("td:first-child").all_inner_texts()
    assert names == ["Simpangbaru", "Delima", "Tobekgodang", "Binawidya", "Sungaisibam"]
    # the dashboard's map: the kecamatan's RW points over its 5 kelurahan outlines
    jumlah_rw = RW.objects.filter(kelurahan__kecamatan__nama="Binawidya").count()
    expect(phone.locator(f"#peta[data-siap='{jumlah_rw + 5}']")).to_be_attached()
    no_horizontal_scroll(phone)
    # another kecamatan's page is not found, even by typing its address
    response = phone.goto(f"{live_server.url}/wilayah/kecamatan/14.71.03/")
    assert response.status == 404


def test_a_wrong_password_says_so_on_the_phone(phone, live_server, transactional_db):
    call_command("siapkan_demo", "--paksa")
    phone.goto(f"{live_server.url}/akun/masuk/")
    phone.get_by_label("Nama pengguna").fill("dinsos")
    phone.get_by_label("Kata sandi").fill("salah")
    phone.get_by_role("button", name="Masuk").click()
    expect(phone.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")
