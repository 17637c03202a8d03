"""The demo officer, on a phone with GPS, finds a family by NIK, records a visit with a
real 12-megapixel camera photo, and sees the visit on the family's timeline."""

from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from akun.management.commands.siapkan_demo import NI_PPPK_DEMO, PASSWORD_DEMO
from pendataan.demo import foto_kamera_jpeg
from pendataan.models import AnggotaKeluarga, FotoKunjungan, Kunjungan
from wilayah.models import RW

BATAS_BYTES_KUNJUNGAN = 1_200_000


def test_the_officer_records_a_visit_with_gps_and_a_photo(
    browser, live_server, transactional_db, tmp_path
):
    call_command("siapkan_demo", "--paksa")
    rw = RW.objects.get(kelurahan__kode="14.71.08.1001", nomor=1)
    # a family on no recipient list: the bansos part of the form is tested elsewhere
    warga = AnggotaKeluarga.objects.filter(
        keluarga__rw=rw, hubungan="kepala", keluarga__penerima_set__isnull=True
    ).order_by("pk")[3]
    foto = tmp_path / "IMG_20261123_090500.jpg"
    foto.write_bytes(foto_kamera_jpeg())

    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        geolocation={
            "latitude": float(rw.latitude),
            "longitude": float(rw.longitude),
            "accuracy": 8,
        },
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    terkirim = []
    page.on(
        "request",
        lambda r: (
            terkirim.append(len(r.post_data_buffer or b""))
            if r.method == "POST" and "/pendataan/" in r.url
            else None
        ),
    )

    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(NI_PPPK_DEMO)
    page.get_by_label("Kata sandi").fill(PASSWORD_DEMO)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Buka daftar kerja").click()
    expect(page.get_by_text("120 keluarga", exact=True)).to_be_visible()

    page.get_by_label("Cari NIK, nomor KK, nama atau alamat").fill(warga.nik)
    expect(page.get_by_text("1 keluarga")).to_be_visible()
    page.locator("#daftar .keluarga a").first.click()
    expect(page.locator("#anggota")).to_contain_text(warga.nama)
    page.get_by_role("link", name="Catat kunjungan").click()

    # the DTSEN variables come pre-filled; the officer changes what differs (one more car)
    mobil = warga.keluarga.variabel.get("aset_mobil", 0) + 1
    page.locator("#variabel summary", has_text="Aset").click()
    page.get_by_label("Mobil", exact=True).fill(str(mobil))
    anggota = page.locator("#variabel details[data-anggota]").first
    anggota.locator("summary").click()
    anggota.get_by_label("Kedudukan dalam pekerjaan utama").select_option("4")
    anggota_pk = anggota.get_attribute("data-anggota")
    page.get_by_role("button", name="Ambil titik GPS").click()
    expect(page.locator("#gps-status")).to_contain_text("akurasi ± 8 m")
    page.locator("input[data-jenis=rumah]").set_input_files(str(foto))
    expect(page.locator("input[data-jenis=rumah] + .foto-info")).to_contain_text("siap dikirim")
    page.get_by_role("button", name="Simpan kunjungan").click()

    page.wait_for_url("**/pendataan/kunjungan/*/")
    expect(page.locator("h1")).to_contain_text("Bertemu anggota keluarga")
    kunjungan = Kunjungan.objects.get()
    assert kunjungan.keluarga == warga.keluarga
    assert abs(float(kunjungan.latitude) - float(rw.latitude)) < 1e-5
    assert kunjungan.variabel == {
        "keluarga": {"aset_mobil": mobil},
        "anggota": {anggota_pk: {"status_pekerjaan": 4}},
    }
    foto_simpan = FotoKunjungan.objects.get()
    assert foto_simpan.jenis == "rumah"
    with Image.open(foto_simpan.asli.open("rb")) as asli:
        assert max(asli.size) == 1600, "the phone sends the photo downscaled"
    # Chromium hands no multipart file body to the listener: count the photo as stored
    assert sum(terkirim) + foto_simpan.asli.size <= BATAS_BYTES_KUNJUNGAN / 2

    page.get_by_role("link", name="Ke halaman keluarga").click()
    linimasa = page.locator("#linimasa")
    expect(linimasa).to_contain_text("Bertemu anggota keluarga")
    expect(linimasa).to_contain_text("Rahmat Hidayat")
    foto_simpan.refresh_from_db()
    if foto_simpan.status == "selesai":  # processed in-process (no REDIS_URL)
        assert foto_simpan.exif_kamera == "samsung SM-A145F", "EXIF survived the downscale"
        expect(linimasa.locator("img")).to_have_count(1)
    context.close()
