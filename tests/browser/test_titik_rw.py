"""The admin kecamatan sets an RW's point by tapping the map (issue 15 point 1)."""

from django.core.management import call_command
from playwright.sync_api import expect

from akun.management.commands.siapkan_demo import PASSWORD_DEMO
from wilayah import geo
from wilayah.models import RW, SumberTitik


def test_a_tap_on_the_map_sets_the_rws_point(phone, live_server, transactional_db):
    call_command("siapkan_demo", "--paksa")
    rw = RW.objects.select_related("kelurahan").get(kelurahan__kode="14.71.08.1001", nomor=1)
    lat, lng = (float(x) for x in geo.titik_wakil(rw.kelurahan.batas))
    phone.goto(f"{live_server.url}/akun/masuk/")
    phone.get_by_label("Nama pengguna").fill("admin.binawidya")
    phone.get_by_label("Kata sandi").fill(PASSWORD_DEMO)
    phone.get_by_role("button", name="Masuk").click()
    phone.goto(f"{live_server.url}/wilayah/rw/{rw.pk}/")
    phone.get_by_role("link", name="Tetapkan titik di peta").click()
    expect(phone.locator("#peta[data-titik='siap']")).to_be_attached()
    # tap where the point inside the kelurahan is drawn
    phone.locator("#peta").evaluate("el => el.scrollIntoView({block: 'center'})")
    x, y = phone.evaluate(
        """([lat, lng]) => {
          const el = document.getElementById("peta");
          const p = el.petaLeaflet.latLngToContainerPoint([lat, lng]);
          const r = el.getBoundingClientRect();
          return [r.left + p.x, r.top + p.y];
        }""",
        [lat, lng],
    )
    phone.mouse.click(x, y)
    ditulis = (
        float(phone.get_by_label("Lintang").input_value()),
        float(phone.get_by_label("Bujur").input_value()),
    )
    assert geo.jarak_m(*ditulis, lat, lng) < 50  # one pixel at this zoom is a few metres
    phone.get_by_role("button", name="Simpan titik").click()
    expect(phone.locator(".messages")).to_contain_text("disimpan")
    rw.refresh_from_db()
    assert rw.titik_sumber == SumberTitik.DITETAPKAN
    assert geo.jarak_m(float(rw.latitude), float(rw.longitude), lat, lng) < 50
