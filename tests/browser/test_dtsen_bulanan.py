"""A whole monthly DTSEN update in a real browser, on the demo data (issue 14).

Dinsos imports a desil file that ranks a PKH recipient's family in desil 7 and enters
a sanggah against her. The demo officer finds that family at the top of the worklist
with both reasons, records a car and two motorcycles, and marks her tidak layak
("Penghasilan di atas UMK"). The admin kecamatan approves the visit. Dinsos records the
musyawarah kelurahan that agrees it and takes out the berita acara, the BNBA list and
the month's SIKS-NG XLSX, each of which names her.
"""

import openpyxl
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from bansos.models import Penerima, StatusTugas, TugasLapangan, Verifikasi
from pendataan.models import Keluarga, Kunjungan, StatusKunjungan
from tests.browser.bantu import masuk, ponsel_petugas, program_awal
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixture)
from wilayah.models import RW

KELUHAN = "Punya mobil dan dua motor, penghasilan di atas UMK"


def _baris_xlsx(unduhan, tmp_path, nama: str) -> list[list[str]]:
    berkas = tmp_path / nama
    unduhan.save_as(berkas)
    buku = openpyxl.load_workbook(berkas, read_only=True)
    return [[str(c or "") for c in r] for r in buku.active.iter_rows(values_only=True)]


def test_dinsos_runs_a_monthly_dtsen_update_from_desil_to_siksng(
    browser,
    live_server,
    transactional_db,
    tmp_path,
    tugas_di_proses_ini,  # noqa: F811 - the desil import and the month's XLSX run here
):
    program_awal()
    call_command("siapkan_demo", "--paksa")
    rw = RW.objects.select_related("kelurahan").get(kelurahan__kode="14.71.08.1001", nomor=1)
    # a PKH recipient whose family no visit has seen yet (the demo's SIKS-NG turn took some)
    penerima = (
        Penerima.objects.filter(
            keluarga__rw=rw, periode__program__kode="pkh", keluarga__kunjungan_set__isnull=True
        )
        .select_related("terdaftar", "keluarga")
        .order_by("pk")
        .first()
    )
    ibu, keluarga = penerima.terdaftar, penerima.keluarga
    mobil_awal = keluarga.variabel.get("aset_mobil", 0)

    # --- Dinsos: the desil file, then the sanggah
    kantor = browser.new_context(locale="id-ID", accept_downloads=True)
    dinsos = kantor.new_page()
    dinsos.set_default_timeout(30_000)
    masuk(dinsos, live_server.url, "dinsos")
    dinsos.goto(f"{live_server.url}/pendataan/desil/impor/")
    desil_csv = tmp_path / "desil-dtsen.csv"
    desil_csv.write_text(f"nomor_kk,desil,berlaku_mulai\n{keluarga.nomor_kk},7,01-11-2026\n")
    dinsos.get_by_label("Berkas desil DTSEN (.xlsx atau .csv)").set_input_files(str(desil_csv))
    dinsos.get_by_role("button", name="Unggah dan periksa").click()
    dinsos.wait_for_url("**/pendataan/desil/impor/*/")
    dinsos.reload()
    expect(dinsos.locator("body")).to_contain_text("Selesai")
    assert Keluarga.objects.get(pk=keluarga.pk).desil == 7

    dinsos.goto(f"{live_server.url}/bansos/tugas/baru/")
    dinsos.get_by_label("Jenis").select_option("sanggah")
    dinsos.get_by_label("Sumber").fill("Cek Bansos")
    dinsos.get_by_label("Tanggal").fill("2026-11-20")
    dinsos.get_by_label("NIK").fill(ibu.nik)
    dinsos.get_by_label("Program (wajib untuk sanggah)").select_option("pkh")
    dinsos.get_by_label("Isi keluhan").fill(KELUHAN)
    dinsos.get_by_role("button", name="Simpan tugas").click()
    expect(dinsos.locator(".messages")).to_be_visible()
    sanggah = TugasLapangan.objects.get()
    assert (sanggah.keluarga_id, sanggah.status) == (keluarga.pk, StatusTugas.TERBUKA)

    # --- the officer: the family tops the worklist with both reasons
    ponsel, petugas = ponsel_petugas(browser, live_server.url, rw)
    petugas.goto(f"{live_server.url}/pendataan/rw/")
    atas = petugas.locator("#daftar .keluarga").first
    expect(atas).to_contain_text(f"Sanggah: {KELUHAN[:30]}")
    expect(atas).to_contain_text("Desil keluarga 7 di atas batas PKH (desil 4)")
    expect(atas).to_contain_text(keluarga.alamat)

    # --- at the door: a car and two motorcycles; tidak layak, penghasilan di atas UMK
    atas.locator("a").first.click()
    petugas.get_by_role("link", name="Catat kunjungan").click()
    petugas.locator("#variabel summary", has_text="Aset").click()
    petugas.get_by_label("Mobil", exact=True).fill(str(mobil_awal + 1))
    petugas.get_by_label("Sepeda motor", exact=True).fill("2")
    pkh = petugas.locator(f'.verifikasi[data-penerima="{penerima.pk}"]')
    pkh.get_by_label("Tidak layak", exact=True).check()
    pkh.locator("select").select_option("di_atas_umk")
    for lain in petugas.locator(".verifikasi").all():
        if not lain.locator("input:checked").count():
            lain.get_by_label("Layak", exact=True).check()
    petugas.locator(f'.tugas[data-tugas="{sanggah.pk}"]').get_by_label(
        "Ditemukan", exact=True
    ).check()
    petugas.get_by_role("button", name="Ambil titik GPS").click()
    expect(petugas.locator("#gps-status")).to_contain_text("akurasi")
    petugas.get_by_role("button", name="Simpan kunjungan").click()
    petugas.wait_for_url("**/pendataan/kunjungan/*/")
    kunjungan = Kunjungan.objects.get(keluarga=keluarga)
    assert kunjungan.variabel["keluarga"]["aset_mobil"] == mobil_awal + 1
    assert kunjungan.variabel["keluarga"]["aset_sepeda_motor"] == 2
    temuan = Verifikasi.objects.get(kunjungan=kunjungan, penerima=penerima)
    assert (temuan.hasil, temuan.alasan) == ("tidak_layak", "di_atas_umk")

    # --- the admin kecamatan approves it
    meja = browser.new_context(locale="id-ID")
    admin = meja.new_page()
    admin.set_default_timeout(20_000)
    masuk(admin, live_server.url, "admin.binawidya")
    admin.goto(f"{live_server.url}/pendataan/kunjungan/{kunjungan.uuid}/")
    expect(admin.locator("body")).to_contain_text("Penghasilan di atas UMK")
    admin.get_by_role("button", name="Setujui").click()
    expect(admin.locator(".messages")).to_contain_text("Kunjungan disetujui")
    kunjungan.refresh_from_db()
    sanggah.refresh_from_db()
    assert kunjungan.status == StatusKunjungan.DISETUJUI
    assert sanggah.status == StatusTugas.SELESAI
    assert Keluarga.objects.get(pk=keluarga.pk).variabel["aset_mobil"] == mobil_awal + 1

    # --- Dinsos: the muskel agrees it
    dinsos.goto(f"{live_server.url}/siksng/")
    dinsos.locator("tr", has_text=rw.kelurahan.nama).get_by_role(
        "link", name="Catat musyawarah"
    ).click()
    baris = dinsos.locator("#perubahan tr", has_text=ibu.nama).filter(has_text="PKH")
    expect(baris).to_contain_text("Penghasilan di atas UMK")
    dinsos.locator("#muskel [name=tanggal]").fill(timezone.localdate().isoformat())
    dinsos.locator("#muskel [name=tempat]").fill("Aula Kantor Lurah Simpangbaru")
    dinsos.get_by_label("Nama peserta 1").fill("Hj. Ratna")
    dinsos.get_by_label("Jabatan/unsur peserta 1").fill("Lurah")
    dinsos.get_by_label("Nama peserta 2").fill("Ahmad Yani")
    dinsos.get_by_label("Jabatan/unsur peserta 2").fill("Ketua RW 01")
    dinsos.get_by_label(
        "Keputusan untuk setiap perubahan yang tidak dipilih satu per satu"
    ).select_option("disepakati")
    dinsos.get_by_role("button", name="Simpan musyawarah").click()
    dinsos.wait_for_url("**/siksng/muskel/*/")
    keputusan = dinsos.locator("#keputusan tr", has_text=ibu.nama).filter(has_text="PKH")
    expect(keputusan).to_contain_text("Keluar")
    expect(keputusan).to_contain_text("Disepakati")
    muskel_url = dinsos.url

    # the berita acara, with her (NIK masked on paper) and the agreed data change
    dinsos.get_by_role("link", name="Berita acara").click()
    halaman = dinsos.locator("body")
    expect(halaman).to_contain_text("Berita Acara")
    expect(halaman).to_contain_text(ibu.nama)
    expect(halaman).to_contain_text("Penghasilan di atas UMK")
    expect(halaman).to_contain_text("Mobil")
    assert ibu.nik not in dinsos.content()

    # the BNBA list of the agreed changes, as XLSX: her whole NIK for Dinsos
    dinsos.goto(muskel_url)
    with dinsos.expect_download() as info:
        dinsos.get_by_role("link", name="BNBA (XLSX)").click()
    bnba = _baris_xlsx(info.value, tmp_path, "bnba.xlsx")
    assert [r for r in bnba if ibu.nik in r and "Keluar" in " ".join(r)]

    # the month's SIKS-NG XLSX, built in the background
    dinsos.goto(f"{live_server.url}/siksng/")
    dinsos.get_by_role("button", name="Susun XLSX SIKS-NG bulan ini").click()
    unduh = dinsos.get_by_role("link", name="Unduh XLSX")
    expect(unduh).to_be_visible()
    with dinsos.expect_download() as info:
        unduh.click()
    siksng = _baris_xlsx(info.value, tmp_path, "siksng.xlsx")
    dia = [" | ".join(r) for r in siksng if ibu.nik in r]
    pkh = [r for r in dia if "PKH" in r]
    assert len(pkh) == 1, dia  # her other programs' findings have rows of their own
    assert "keluar" in pkh[0].lower() and "Penghasilan di atas UMK" in pkh[0]
    assert "| 7 |" in pkh[0]  # the desil
    data = [r for r in siksng if keluarga.nomor_kk in r and "Mobil" in " ".join(r)]
    assert data and "Sepeda motor" in " ".join(data[0])
    for konteks in (ponsel, meja, kantor):
        konteks.close()
