"""Steps the browser stories share: the demo's programs back after a flush, logging in,
and the demo officer's phone standing in their RW."""

import importlib

from akun.management.commands.siapkan_demo import NI_PPPK_DEMO, PASSWORD_DEMO


def masuk(page, url: str, username: str) -> None:
    page.goto(f"{url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD_DEMO)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/**")


def program_awal() -> None:
    """The programs data migrations seed, with their desil ceilings; a flush after an
    earlier transactional test removes them, so they are put back as the migrations do."""
    from django.apps import apps

    importlib.import_module("bansos.migrations.0002_program_awal").tambah(apps, None)
    importlib.import_module("bansos.migrations.0009_batas_desil").isi(apps, None)


def ponsel_petugas(browser, url: str, rw):
    """A phone standing at the RW's centre (its GPS allowed), with the demo officer
    logged in: (context, page)."""
    ponsel = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        geolocation={"latitude": float(rw.latitude), "longitude": float(rw.longitude)},
        permissions=["geolocation"],
    )
    petugas = ponsel.new_page()
    petugas.set_default_timeout(20_000)
    masuk(petugas, url, NI_PPPK_DEMO)
    return ponsel, petugas
