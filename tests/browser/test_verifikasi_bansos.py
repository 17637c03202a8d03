"""The whole verification story in a real browser, on the demo data.

The demo officer marks a PKH recipient tidak layak because she died; the admin
kecamatan returns the visit asking for a photo of the death certificate; the
officer adds it and resubmits; the admin approves; Dinsos downloads the XLSX and
the berita acara, and both contain her.
"""

import openpyxl
from django.core.management import call_command
from playwright.sync_api import expect

from bansos.models import Penerima
from pendataan.demo import foto_kamera_jpeg
from pendataan.models import AnggotaKeluarga, Kunjungan, StatusAnggota
from tests.browser.bantu import masuk, ponsel_petugas, program_awal
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixture)
from wilayah.models import RW

KOMENTAR = "Mohon lampirkan foto akta kematian."


def test_a_death_found_at_the_door_reaches_dinsos_after_review(
    browser,
    live_server,
    transactional_db,
    tmp_path,
    tugas_di_proses_ini,  # noqa: F811 - the import, photos and export run here, even with Redis
):
    program_awal()
    call_command("siapkan_demo", "--paksa")
    rw = RW.objects.get(kelurahan__kode="14.71.08.1001", nomor=1)
    penerima = (
        # a family no visit has seen yet (the demo's SIKS-NG turn visited some)
        Penerima.objects.filter(
            keluarga__rw=rw, periode__program__kode="pkh", keluarga__kunjungan_set__isnull=True
        )
        .select_related("terdaftar", "keluarga")
        .order_by("pk")
        .first()
    )
    ibu = penerima.terdaftar
    rumah, akta = tmp_path / "rumah.jpg", tmp_path / "akta.jpg"
    rumah.write_bytes(foto_kamera_jpeg(ukuran=(1280, 960)))
    akta.write_bytes(foto_kamera_jpeg(seed=3, ukuran=(1280, 960)))

    ponsel, petugas = ponsel_petugas(browser, live_server.url, rw)

    # --- at the door: the member died, the form suggests the reason
    petugas.goto(f"{live_server.url}/pendataan/rw/")
    expect(petugas.locator("#daftar .keluarga").first).to_contain_text("perlu verifikasi")
    petugas.get_by_label("Cari NIK, nomor KK, nama atau alamat").fill(ibu.nik)
    expect(petugas.get_by_text("1 keluarga")).to_be_visible()
    petugas.locator("#daftar .keluarga a").first.click()
    petugas.get_by_role("link", name="Catat kunjungan").click()
    petugas.get_by_label(f"Status {ibu.nama}").select_option("meninggal")
    petugas.locator(f'input[name="tanggal-{ibu.pk}"]').fill("2026-10-20")
    pkh = petugas.locator(f'.verifikasi[data-penerima="{penerima.pk}"]')
    expect(pkh.locator(".saran")).to_contain_text("Meninggal dunia")
    expect(pkh.locator("input[value=tidak_layak]")).to_be_checked()
    expect(pkh.locator("select")).to_have_value("meninggal")
    # the family's other recipients (if any) with no suggestion: layak
    for blok in petugas.locator(".verifikasi").all():
        if not blok.locator("input:checked").count():
            blok.get_by_label("Layak", exact=True).check()
    petugas.get_by_role("button", name="Ambil titik GPS").click()
    expect(petugas.locator("#gps-status")).to_contain_text("akurasi")
    petugas.locator("input[data-jenis=rumah]").set_input_files(str(rumah))
    expect(petugas.locator("input[data-jenis=rumah] + .foto-info")).to_contain_text("siap")
    petugas.get_by_role("button", name="Simpan kunjungan").click()
    petugas.wait_for_url("**/pendataan/kunjungan/*/")
    kunjungan = Kunjungan.objects.get(keluarga=penerima.keluarga)
    temuan = kunjungan.verifikasi_set.get(penerima=penerima)
    assert (temuan.hasil, temuan.alasan) == ("tidak_layak", "meninggal")

    # --- the admin kecamatan returns it, asking for the death certificate
    meja = browser.new_context(locale="id-ID")
    admin = meja.new_page()
    admin.set_default_timeout(20_000)
    masuk(admin, live_server.url, "admin.binawidya")
    admin.get_by_role("link", name="Pemeriksaan").first.click()
    admin.locator(f'#daftar a[href$="{kunjungan.uuid}/"]').click()
    expect(admin.locator("#temuan")).to_contain_text("Meninggal dunia")
    admin.get_by_label("Komentar (wajib bila dikembalikan atau ditolak)").fill(KOMENTAR)
    admin.get_by_role("button", name="Kembalikan ke petugas").click()
    expect(admin.locator(".messages")).to_contain_text("dikembalikan ke petugas")

    # --- the officer finds it on top of the worklist, adds the photo, resubmits
    petugas.goto(f"{live_server.url}/pendataan/rw/")
    atas = petugas.locator("#daftar .keluarga").first
    expect(atas).to_contain_text(KOMENTAR)
    atas.locator("a").click()
    expect(petugas.locator("#komentar-pemeriksa")).to_contain_text(KOMENTAR)
    petugas.locator("#form-foto-tambah input[type=file]").set_input_files(str(akta))
    petugas.locator("#form-foto-tambah button").click()
    expect(petugas.locator(".messages")).to_contain_text("Foto diterima")
    petugas.get_by_label("Tanggapan untuk admin kecamatan").fill("Foto akta kematian terlampir.")
    petugas.get_by_role("button", name="Kirim perbaikan").click()
    expect(petugas.locator(".messages")).to_contain_text("Perbaikan dikirim")

    # --- the admin approves
    admin.goto(f"{live_server.url}/pendataan/kunjungan/{kunjungan.uuid}/")
    expect(admin.locator("#riwayat")).to_contain_text("Foto baru: Dokumen pendukung")
    admin.get_by_role("button", name="Setujui").click()
    expect(admin.locator(".messages")).to_contain_text("Kunjungan disetujui")
    temuan.refresh_from_db()
    assert temuan.berlaku
    assert AnggotaKeluarga.objects.get(pk=ibu.pk).status == StatusAnggota.MENINGGAL

    # --- Dinsos takes the results out: the XLSX and the berita acara
    kantor = browser.new_context(locale="id-ID", accept_downloads=True)
    dinsos = kantor.new_page()
    dinsos.set_default_timeout(30_000)
    masuk(dinsos, live_server.url, "dinsos")
    dinsos.goto(f"{live_server.url}/bansos/hasil/?periode={penerima.periode_id}")
    dinsos.locator("#ekspor-kota button[type=submit]").click()
    unduh = dinsos.get_by_role("link", name="Unduh XLSX")
    expect(unduh).to_be_visible()
    with dinsos.expect_download() as info:
        unduh.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    berkas = tmp_path / info.value.suggested_filename
    info.value.save_as(berkas)
    buku = openpyxl.load_workbook(berkas, read_only=True)
    baris = [[str(c or "") for c in r] for r in buku.active.iter_rows(values_only=True)]
    dia = [r for r in baris if ibu.nik in r]
    assert len(dia) == 1 and "Tidak layak" in dia[0] and "Meninggal dunia" in dia[0]

    dinsos.goto(f"{live_server.url}/bansos/hasil/?periode={penerima.periode_id}")
    dinsos.get_by_role("link", name="Binawidya").click()
    baris_kelurahan = dinsos.locator("#rekap tr", has_text="Simpangbaru")
    baris_kelurahan.get_by_role("link", name="Berita acara").click()
    halaman = dinsos.locator("body")
    expect(halaman).to_contain_text("Berita Acara")
    expect(halaman).to_contain_text(ibu.nama)
    expect(halaman).to_contain_text("Meninggal dunia")
    with dinsos.expect_download() as info:
        dinsos.get_by_role("link", name="Unduh sebagai berkas HTML").click()
    assert info.value.suggested_filename.startswith("berita-acara-simpangbaru")
    info.value.save_as(tmp_path / "berita-acara.html")
    isi = (tmp_path / "berita-acara.html").read_text()
    assert ibu.nama in isi and ibu.nik not in isi  # NIK masked on paper
    for konteks in (ponsel, meja, kantor):
        konteks.close()
