"""The guard (issue 15 point 8): every page of every role's menu, and the main detail
pages, on a 360 × 780 phone in Chromium, on the demo data.

A page fails when it scrolls sideways, when it shows a word of Django's default English,
and, on the officer's pages, when a control is under 44 px tall (a thumb's width).
Every problem of every page is collected and reported at once.
"""

import datetime
import re
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from akun.management.commands.siapkan_demo import NI_PPPK_DEMO, PASSWORD_DEMO
from akun.models import User
from bansos.ekspor import ekspor_mulai
from bansos.models import ImporPenerima, Periode
from pendataan.models import Keluarga
from pendataan.services import kunjungan_simpan
from petugas.kartu import kartu_terbitkan
from petugas.models import Petugas, RencanaPenempatan
from petugas.services import rencana_buat
from tests.browser.bantu import program_awal
from tests.conftest import buat_petugas
from tests.pendataan.conftest import (
    data_kunjungan,
    tugas_di_proses_ini,  # noqa: F401 (fixture)
)
from wilayah.models import RW, Kecamatan, Kelurahan

LEBAR, TINGGI = 360, 780
SENTUH_MIN_PX = 44
# Words Django (or a default widget) shows when a text was left untranslated. Chosen not
# to be Indonesian words too ("No." is an address number, "April" a month in both).
INGGRIS = [
    "Required",
    "This field",
    "Enter a valid",
    "Next",
    "Previous",
    "Page",
    "of",
    "Submit",
    "Delete",
    "Save",
    "Cancel",
    "Home",
    "Log in",
    "Log out",
    "Login",
    "Logout",
    "Password",
    "Username",
    "Select",
    "Search",
    "Upload",
    "Download",
    "Currently",
    "Clear",
    "Choose",
    "Loading",
    "January",
    "February",
    "March",
    "May",
    "June",
    "July",
    "August",
    "October",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
POLA_INGGRIS = re.compile(r"\b(" + "|".join(re.escape(k) for k in INGGRIS) + r")\b")

# Controls as an officer's thumb meets them: a radio or checkbox by its label's row.
UKUR_KONTROL = """(min) => {
  const kecil = [];
  const terlihat = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const nama = (el) =>
    (el.innerText || el.value || el.name || el.id || el.tagName).trim().slice(0, 40);
  const sel = "button, a.button, input:not([type=hidden]), select, textarea";
  for (const el of document.querySelectorAll(sel)) {
    let sasaran = el;
    if (el.type === "radio" || el.type === "checkbox") {
      sasaran = el.closest("label") || document.querySelector(`label[for="${el.id}"]`) || el;
    }
    if (!terlihat(el) && !terlihat(sasaran)) continue;
    const tinggi = sasaran.getBoundingClientRect().height;
    const jenis = `${el.tagName.toLowerCase()}[${el.type || ""}]`;
    if (tinggi < min) kecil.push(`${jenis} "${nama(sasaran)}" ${Math.round(tinggi)} px`);
  }
  return kecil;
}"""


@pytest.fixture
def demo_lengkap(transactional_db, tugas_di_proses_ini):  # noqa: F811
    """The demo, plus one of each detail page's object: a visit, a card, an unplaced
    candidate, a placement plan, an export."""
    program_awal()
    call_command("siapkan_demo", "--paksa")
    petugas = Petugas.objects.get(ni_pppk=NI_PPPK_DEMO)
    bkpsdm = User.objects.get(username="bkpsdm")
    dinsos = User.objects.get(username="dinsos")
    rw = RW.objects.get(kelurahan__kode="14.71.08.1001", nomor=1)
    keluarga = Keluarga.objects.filter(rw=rw).order_by("pk").first()
    data = data_kunjungan(
        keluarga,
        uuid=str(uuid.uuid4()),
        latitude=str(rw.latitude),
        longitude=str(rw.longitude),
    )
    kunjungan, _ = kunjungan_simpan(user=petugas.user, keluarga=keluarga, data=data)
    kartu = kartu_terbitkan(
        petugas=petugas,
        berlaku_sampai=timezone.localdate() + datetime.timedelta(days=300),
        oleh=bkpsdm,
    )
    calon = buat_petugas(ni_pppk="199501012025011009", nama="Calon Belum Ditempatkan", rw=None)
    sail = Kecamatan.objects.get(kode="14.71.03")
    rencana = rencana_buat(cakupan=RencanaPenempatan.Cakupan.KECAMATAN, kecamatan=sail, oleh=bkpsdm)
    periode = Periode.objects.filter(program__kode="pkh").order_by("-mulai").first()
    ekspor, _ = ekspor_mulai(periode=periode, kecamatan=None, oleh=dinsos)
    simpangbaru = Kelurahan.objects.get(kode="14.71.08.1001")
    binawidya = simpangbaru.kecamatan
    impor = ImporPenerima.objects.order_by("-pk").first()
    rinci = {
        NI_PPPK_DEMO: [
            reverse("wilayah:rw_detail", args=[rw.pk]),
            reverse("pendataan:keluarga_detail", args=[keluarga.pk]),
            reverse("pendataan:kunjungan_baru", args=[keluarga.pk]),
            reverse("pendataan:kunjungan_detail", args=[kunjungan.uuid]),
        ],
        "admin.binawidya": [
            reverse("wilayah:kecamatan_detail", args=[binawidya.kode]),
            reverse("wilayah:kelurahan_detail", args=[simpangbaru.kode]),
            reverse("wilayah:rw_detail", args=[rw.pk]),
            reverse("wilayah:rw_titik", args=[rw.pk]),
            reverse("pendataan:keluarga_detail", args=[keluarga.pk]),
            reverse("pendataan:kunjungan_detail", args=[kunjungan.uuid]),
            reverse("bansos:hasil") + f"?periode={periode.pk}&kecamatan={binawidya.pk}",
            reverse("dasbor:kecamatan", args=[binawidya.kode]) + f"?periode={periode.pk}",
            reverse("dasbor:kelurahan", args=[simpangbaru.kode]),
            reverse("dasbor:rw", args=[rw.pk]),
        ],
        "bkpsdm": [
            reverse("wilayah:kecamatan_detail", args=[binawidya.kode]),
            reverse("wilayah:rw_detail", args=[rw.pk]),
            reverse("petugas:detail", args=[petugas.pk]),
            reverse("petugas:kartu_detail", args=[petugas.pk]),
            reverse("petugas:kartu_detail", args=[calon.pk]),
            reverse("petugas:detail", args=[calon.pk]),
            reverse("petugas:rencana", args=[rencana.pk]),
            reverse("petugas:rw", args=[rw.pk]),
        ],
        "dinsos": [
            reverse("wilayah:kecamatan_detail", args=[binawidya.kode]),
            reverse("pendataan:keluarga_detail", args=[keluarga.pk]),
            reverse("bansos:impor_penerima_status", args=[impor.pk]),
            reverse("bansos:ekspor_status", args=[ekspor.pk]),
            reverse("bansos:hasil") + f"?periode={periode.pk}&kecamatan={binawidya.pk}",
            reverse("bansos:hasil_semua"),
            reverse("bansos:hasil_semua") + f"?kecamatan={binawidya.pk}",
        ],
        "pimpinan": [
            reverse("wilayah:kecamatan_detail", args=[binawidya.kode]),
            reverse("wilayah:kelurahan_detail", args=[simpangbaru.kode]),
            reverse("pimpinan:dasbor") + f"?kecamatan={binawidya.pk}",
            reverse("bansos:hasil_semua") + f"?kecamatan={binawidya.pk}",
        ],
        "superadmin": [],
    }
    publik = [reverse("akun:login"), reverse("petugas:verifikasi", args=[kartu.token])]
    return rinci, publik


def _periksa(page, url: str, petugas: bool) -> list[str]:
    masalah = []
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"HTTP {response.status if response else '-'}"]
    page.wait_for_load_state("load")
    lebar = page.evaluate("document.documentElement.scrollWidth")
    if lebar > LEBAR:
        lebar_el = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > w + 1)
                 .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                   (typeof e.className === 'string' && e.className
                     ? '.' + e.className.split(' ')[0] : ''))""",
            LEBAR,
        )
        masalah.append(f"{lebar} px lebar (> {LEBAR}): {', '.join(lebar_el)}")
    teks = page.evaluate("document.body.innerText")
    inggris = sorted(set(POLA_INGGRIS.findall(teks)))
    if inggris:
        masalah.append(f"kata Inggris: {', '.join(inggris)}")
    if petugas:
        masalah += [
            f"kontrol < {SENTUH_MIN_PX} px: {k}" for k in page.evaluate(UKUR_KONTROL, SENTUH_MIN_PX)
        ]
    return masalah


def _menu(page, asal: str) -> list[str]:
    """The links of the page's menus (the main one, and BKPSDM's own), on this site."""
    hrefs = page.evaluate(
        "[...document.querySelectorAll('nav.menu a[href], nav.subnav a[href]')].map(a => a.href)"
    )
    return [
        h.removeprefix(asal)
        for h in hrefs
        if h.startswith(asal) and "/django-admin/" not in h and "#" not in h
    ]


def _konteks(browser):
    return browser.new_context(
        viewport={"width": LEBAR, "height": TINGGI},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
    )


def test_the_english_check_finds_djangos_words_and_not_indonesian_ones():
    teks = "This field is required. Halaman 1 dari 3. Jl. Garuda No. 5. 17 April. Page 2 of 3"
    assert POLA_INGGRIS.findall(teks) == ["This field", "Page", "of"]
    assert not POLA_INGGRIS.findall("Nomor KK, Simpan, Batal, Sebelumnya, Berikutnya, Pilih")


def test_every_menu_and_detail_page_fits_a_phone_in_indonesian(
    browser, live_server, demo_lengkap, record_property
):
    rinci, publik = demo_lengkap
    asal = live_server.url
    laporan: dict[str, list[str]] = {}
    dibuka = 0

    konteks = _konteks(browser)
    page = konteks.new_page()
    for url in publik:
        laporan[f"publik {url}"] = _periksa(page, asal + url, petugas=True)
        dibuka += 1
    konteks.close()

    for username, halaman_rinci in rinci.items():
        konteks = _konteks(browser)
        page = konteks.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{asal}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(PASSWORD_DEMO)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/akun/beranda/")
        petugas = username == NI_PPPK_DEMO
        antre = _menu(page, asal)
        dilihat: set[str] = set()
        while antre:  # the menus, and the menus those pages add (BKPSDM's)
            url = antre.pop(0)
            if url in dilihat:
                continue
            dilihat.add(url)
            laporan[f"{username} {url}"] = _periksa(page, asal + url, petugas)
            antre += [u for u in _menu(page, asal) if u not in dilihat]
        for url in halaman_rinci:
            if url not in dilihat:
                laporan[f"{username} {url}"] = _periksa(page, asal + url, petugas)
        dibuka += len(dilihat) + len(halaman_rinci)
        konteks.close()

    gagal = {k: v for k, v in laporan.items() if v}
    record_property("angka: halaman diperiksa pada 360 px", dibuka)
    assert dibuka >= 50
    assert not gagal, "\n" + "\n".join(f"{k}: {'; '.join(v)}" for k, v in gagal.items())
