"""A field day without signal, in Debian's Chromium with a profile kept on disk (so the
phone's storage survives closing the browser): the officer records visits offline, the
queue survives a restart, and every visit and photo arrives exactly once.
"""

import contextlib
import os
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from akun.management.commands.siapkan_demo import NI_PPPK_DEMO, PASSWORD_DEMO
from pendataan.demo import foto_kamera_jpeg
from pendataan.models import FotoKunjungan, Keluarga, Kunjungan
from tests.browser.conftest import ARGS, CHROMIUM
from wilayah.models import RW

JENIS = ("rumah", "kk", "ktp")

# The phone's side does not depend on the server's database: these long tests run in
# CI's first pass (SQLite) and are not repeated in the PostgreSQL + Redis pass.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("REDIS_URL")), reason="runs once, in the SQLite pass"
)


@pytest.fixture
def kota_demo(transactional_db):
    call_command("siapkan_demo", "--paksa")
    return RW.objects.get(kelurahan__kode="14.71.08.1001", nomor=1)


@pytest.fixture
def foto_kamera(tmp_path):
    """Three 12-megapixel camera JPEGs, as the phone's camera hands them over."""
    berkas = {}
    for i, jenis in enumerate(JENIS):
        path = tmp_path / f"IMG_2026112{i}_090500.jpg"
        path.write_bytes(foto_kamera_jpeg(seed=i))
        berkas[jenis] = str(path)
    return berkas


@pytest.fixture
def ponsel(playwright, tmp_path, kota_demo):
    """Opens the same phone again and again: one Chromium profile on disk."""
    profil = tmp_path / "profil"
    dibuka = []

    def buka(*, luring: bool = False):
        context = playwright.chromium.launch_persistent_context(
            str(profil),
            executable_path=str(CHROMIUM),
            args=ARGS,
            viewport={"width": 360, "height": 740},
            is_mobile=True,
            has_touch=True,
            locale="id-ID",
            geolocation={
                "latitude": float(kota_demo.latitude),
                "longitude": float(kota_demo.longitude),
                "accuracy": 8,
            },
            permissions=["geolocation"],
        )
        context.set_default_timeout(30_000)
        if luring:
            context.set_offline(True)
        dibuka.append(context)
        return context

    yield buka
    for context in dibuka:
        with contextlib.suppress(Exception):  # closed already by the test
            context.close()


def masuk(page, url: str, username: str = NI_PPPK_DEMO) -> None:
    page.goto(f"{url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD_DEMO)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="RW tugas saya")).to_be_visible()


def siap_luring(page, url: str, jumlah_keluarga: int) -> None:
    """The service worker runs and every visit form of the RW is kept on the phone."""
    page.goto(f"{url}/pendataan/rw/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    expect(page.locator("#sinkron-rw")).to_contain_text(
        f"Formulir {jumlah_keluarga} keluarga", timeout=120_000
    )


def catat_kunjungan(page, url: str, keluarga: Keluarga, foto: dict[str, str]) -> None:
    page.goto(f"{url}/pendataan/keluarga/{keluarga.pk}/kunjungan/")
    expect(page.get_by_role("heading", name="Catat kunjungan")).to_contain_text(keluarga.nomor_kk)
    page.get_by_role("button", name="Ambil titik GPS").click()
    expect(page.locator("#gps-status")).to_contain_text("akurasi")
    for layak in page.locator("#verifikasi input[value=layak]").all():
        layak.check()
    for jenis, path in foto.items():
        page.locator(f"input[data-jenis={jenis}]").set_input_files(path)
    for jenis in foto:
        expect(page.locator(f"input[data-jenis={jenis}] + .foto-info")).to_contain_text("siap")
    page.get_by_role("button", name="Simpan kunjungan").click()


def keluarga_rw(rw: RW, jumlah: int) -> list[Keluarga]:
    return list(Keluarga.objects.filter(rw=rw).order_by("pk")[:jumlah])


def tunggu_db(kunjungan: int, foto: int, batas: float = 240) -> None:
    akhir = time.monotonic() + batas
    while time.monotonic() < akhir:
        if Kunjungan.objects.count() >= kunjungan and FotoKunjungan.objects.count() >= foto:
            return
        time.sleep(0.5)
    ada = (Kunjungan.objects.count(), FotoKunjungan.objects.count())
    raise AssertionError(f"{ada[0]} visits, {ada[1]} photos after {batas} s")


def test_a_day_of_forty_visits_without_signal_arrives_exactly_once(
    ponsel, kota_demo, foto_kamera, live_server
):
    keluarga = keluarga_rw(kota_demo, 40)
    assert len(keluarga) == 40
    jumlah_rw = Keluarga.objects.filter(rw=kota_demo).count()

    context = ponsel()
    page = context.new_page()
    masuk(page, live_server.url)
    siap_luring(page, live_server.url, jumlah_rw)
    page.close()

    context.set_offline(True)
    page = context.new_page()  # a fresh tab, opened from the home screen
    page.goto(f"{live_server.url}/akun/beranda/?sumber=layar-utama")
    expect(page.get_by_role("heading", name="RW tugas saya")).to_be_visible()
    for k in keluarga:
        catat_kunjungan(page, live_server.url, k, foto_kamera)
        expect(page.locator("#pesan")).to_contain_text("tidak ada sinyal")
    assert Kunjungan.objects.count() == 0
    context.close()

    context = ponsel(luring=True)  # the browser closed and opened again, still no signal
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_server.url}/akun/beranda/?sumber=layar-utama")
    expect(page.locator("#antrean-ringkas")).to_have_text(
        "40 kunjungan menunggu dikirim (120 foto)"
    )

    kiriman_foto = []
    context.on(
        "request",
        lambda r: kiriman_foto.append(r.url) if r.method == "POST" and "/foto/" in r.url else None,
    )
    context.set_offline(False)  # the signal returns; only the home page is open
    tunggu_db(40, 120)
    expect(page.locator("#antrean-ringkas")).to_have_text(
        "Semua kunjungan dari ponsel ini sudah terkirim.", timeout=60_000
    )
    assert Kunjungan.objects.count() == 40
    assert FotoKunjungan.objects.count() == 120
    assert set(Kunjungan.objects.values_list("keluarga", flat=True)) == {k.pk for k in keluarga}
    assert len(kiriman_foto) == 120
