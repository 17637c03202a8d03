"""The admin kecamatan on a phone: the dashboard, an RW's progress, an idle officer's
RW, and a visit reached from the map of visit points (issue 12 point 4)."""

import uuid

from django.core.management import call_command
from playwright.sync_api import expect

from akun.management.commands.siapkan_demo import NI_PPPK_DEMO, PASSWORD_DEMO
from pendataan.models import Keluarga
from pendataan.services import kunjungan_simpan
from petugas.models import Petugas
from tests.conftest import buat_petugas
from tests.pendataan.conftest import (
    data_kunjungan,
    tugas_di_proses_ini,  # noqa: F401 (fixture)
)
from wilayah.models import RW


def test_the_admin_follows_the_figures_to_an_idle_officer_and_a_visit(
    phone,
    live_server,
    transactional_db,
    tugas_di_proses_ini,  # noqa: F811
):
    call_command("siapkan_demo", "--paksa")
    rw1 = RW.objects.get(kelurahan__kode="14.71.08.1001", nomor=1)
    rw2 = RW.objects.get(kelurahan__kode="14.71.08.1001", nomor=2)
    petugas = Petugas.objects.get(ni_pppk=NI_PPPK_DEMO)
    keluarga = Keluarga.objects.filter(rw=rw1).order_by("pk").first()
    data = data_kunjungan(
        keluarga,
        uuid=str(uuid.uuid4()),
        latitude=str(rw1.latitude),
        longitude=str(rw1.longitude),
    )
    kunjungan, _ = kunjungan_simpan(user=petugas.user, keluarga=keluarga, data=data)
    buat_petugas(ni_pppk="199105052025011003", nama="Petugas Diam", rw=rw2)  # no visit yet
    jumlah_rw1 = Keluarga.objects.filter(rw=rw1).count()
    # the demo's SIKS-NG turn visited some families of RW 01 too
    dikunjungi = Keluarga.objects.filter(rw=rw1, kunjungan_set__isnull=False).distinct().count()

    phone.goto(f"{live_server.url}/akun/masuk/")
    phone.get_by_label("Nama pengguna").fill("admin.binawidya")
    phone.get_by_label("Kata sandi").fill(PASSWORD_DEMO)
    phone.get_by_role("button", name="Masuk").click()
    # the home page is the dashboard: Simpangbaru's row, then its RW 01's progress
    expect(phone.locator("#kesegaran")).to_contain_text("diperbarui")
    phone.locator("#daftar-kelurahan").get_by_role("link", name="Simpangbaru").click()
    baris = phone.locator("#daftar-rw tr", has_text="RW 01")
    expect(baris).to_contain_text(f"{dikunjungi}/{jumlah_rw1}")
    expect(baris).to_contain_text("Rahmat Hidayat")
    phone.go_back()
    # the idle officer, through to their RW
    phone.locator("#petugas-diam li", has_text="Petugas Diam").get_by_role("link").click()
    expect(phone.locator("h1")).to_contain_text("RW 02")
    expect(phone.locator("#rw-petugas")).to_contain_text("tidak aktif 3 hari")
    phone.go_back()
    # the visit, through the map of visit points
    peta = phone.locator("#peta-kunjungan")
    peta.scroll_into_view_if_needed()
    expect(phone.locator("#peta-kunjungan[data-siap='1']")).to_be_attached()
    peta.locator("path.leaflet-interactive").first.click()
    peta.get_by_role("link", name="Buka kunjungan").click()
    expect(phone).to_have_url(f"{live_server.url}/pendataan/kunjungan/{kunjungan.uuid}/")
