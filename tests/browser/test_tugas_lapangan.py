"""Ground-check tasks on the officer's phone, on the demo data: a sanggah against a PKH
recipient and an usul top the worklist with their text; the visit form asks for each
task's answer (and says what is missing), and the sanggah's answer is the recipient's
verification."""

import datetime

from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import User
from bansos.models import Penerima, StatusTugas, TugasLapangan
from bansos.tugas.buat import tugas_buat
from bansos.tugas.periksa import daftar_program, periksa_tugas
from pendataan.models import Keluarga
from tests.browser.bantu import ponsel_petugas, program_awal
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixture)
from wilayah.models import RW


def _tugas(dinsos, **isi):
    nilai = {"sumber": "Cek Bansos", "tanggal": datetime.date(2026, 11, 2), "nik": ""}
    nilai.update(isi)
    data, masalah = periksa_tugas(**nilai, semua_program=daftar_program())
    assert masalah == []
    tugas, pesan = tugas_buat(data=data, oleh=dinsos)
    assert pesan == ""
    return tugas


def test_the_officer_answers_a_sanggah_and_an_usul(
    browser,
    live_server,
    transactional_db,
    tugas_di_proses_ini,  # noqa: F811 - the demo's imports run here, even with a worker
):
    program_awal()
    call_command("siapkan_demo", "--paksa")
    rw = RW.objects.get(kelurahan__kode="14.71.08.1001", nomor=1)
    dinsos = User.objects.get(username="dinsos")
    penerima = (
        Penerima.objects.filter(keluarga__rw=rw, periode__program__kode="pkh")
        .select_related("terdaftar", "keluarga")
        .order_by("pk")
        .first()
    )
    sanggah = _tugas(
        dinsos,
        jenis="sanggah",
        referensi="CB-1",
        nik=penerima.terdaftar.nik,
        nomor_kk="",
        program="pkh",
        keluhan="Punya mobil dan dua motor, penghasilan di atas UMK",
    )
    tanpa_bantuan = Keluarga.objects.filter(rw=rw, penerima_set__isnull=True).order_by("pk").first()
    usul = _tugas(
        dinsos,
        jenis="usul",
        referensi="S-1",
        nomor_kk=tanpa_bantuan.nomor_kk,
        program="",
        keluhan="Belum pernah didata, suami sakit",
    )

    ponsel, petugas = ponsel_petugas(browser, live_server.url, rw)

    # --- both tasks top the worklist, the sanggah (a recipient to verify) first
    petugas.goto(f"{live_server.url}/pendataan/rw/")
    kartu = petugas.locator("#daftar .keluarga")
    expect(kartu.nth(0)).to_contain_text("Sanggah: Punya mobil dan dua motor")
    expect(kartu.nth(1)).to_contain_text("Usul: Belum pernah didata")

    # --- the sanggah: its answer is the PKH verification
    kartu.nth(0).locator("a").click()
    petugas.get_by_role("link", name="Catat kunjungan").click()
    blok = petugas.locator(f'.tugas[data-tugas="{sanggah.pk}"]')
    expect(blok).to_contain_text("isi pada verifikasi")
    pkh = petugas.locator(f'.verifikasi[data-penerima="{penerima.pk}"]')
    pkh.get_by_label("Tidak layak", exact=True).check()
    pkh.locator("select").select_option("di_atas_umk")
    for lain in petugas.locator(".verifikasi").all():
        if not lain.locator("input:checked").count():
            lain.get_by_label("Layak", exact=True).check()
    petugas.get_by_role("button", name="Ambil titik GPS").click()
    expect(petugas.locator("#gps-status")).to_contain_text("akurasi")
    petugas.get_by_role("button", name="Simpan kunjungan").click()
    expect(petugas.locator("#pesan")).to_contain_text("Pilih ditemukan atau tidak ditemukan")
    blok.get_by_label("Ditemukan", exact=True).check()
    petugas.get_by_role("button", name="Simpan kunjungan").click()
    petugas.wait_for_url("**/pendataan/kunjungan/*/")
    expect(petugas.locator("#tugas-hasil")).to_contain_text("Penghasilan di atas UMK")
    sanggah.refresh_from_db()
    assert sanggah.status == StatusTugas.MENUNGGU and sanggah.ditemukan is True
    assert (sanggah.verifikasi.penerima_id, sanggah.verifikasi.alasan) == (
        penerima.pk,
        "di_atas_umk",
    )

    # --- the usul: proposed only when the family is met
    petugas.goto(f"{live_server.url}/pendataan/keluarga/{tanpa_bantuan.pk}/kunjungan/")
    blok = petugas.locator(f'.tugas[data-tugas="{usul.pk}"]')
    petugas.get_by_label("Tidak ada orang di rumah").check()
    blok.get_by_label("Tidak ditemukan", exact=True).check()
    blok.get_by_label("Diusulkan", exact=True).check()
    petugas.get_by_role("button", name="Ambil titik GPS").click()
    expect(petugas.locator("#gps-status")).to_contain_text("akurasi")
    petugas.get_by_role("button", name="Simpan kunjungan").click()
    expect(petugas.locator("#pesan")).to_contain_text("hanya bisa diusulkan")
    petugas.get_by_label("Bertemu anggota keluarga").check()
    blok.get_by_label("Ditemukan", exact=True).check()
    petugas.get_by_role("button", name="Simpan kunjungan").click()
    petugas.wait_for_url("**/pendataan/kunjungan/*/")
    usul = TugasLapangan.objects.get(pk=usul.pk)
    assert (usul.status, usul.ditemukan, usul.diusulkan) == (StatusTugas.MENUNGGU, True, True)
    ponsel.close()
