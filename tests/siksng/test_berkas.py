"""What goes out: the berita acara muskel, the BNBA list, and the month's SIKS-NG XLSX."""

import datetime
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import LogBaca
from siksng.models import Aksi, Putusan
from siksng.perubahan import perubahan_terbuka
from siksng.services import KeputusanMasuk
from siksng.siklus import nama_bulan
from tests.siksng.conftest import muskel_sepakati

NIK_SITI = "1471085503920002"
NIK_JOKO = "1471080506850002"
KK_JOKO = "1471080101200002"


def _muskel_simpangbaru(kota, akun, **lain):
    """Simpangbaru's muskel: Joko's exit postponed, the rest agreed."""
    from django.utils import timezone

    terbuka = perubahan_terbuka(kelurahan=kota.simpangbaru, sampai=timezone.now())
    joko_keluar = [p for p in terbuka if p.aksi == Aksi.KELUAR and p.orang.nama == "Joko Susilo"]
    putusan = {
        joko_keluar[0].kunci: KeputusanMasuk(
            putusan=Putusan.DITUNDA, catatan="Tunggu akta kematian"
        )
    }
    return muskel_sepakati(kota.simpangbaru, akun.admin_binawidya, putusan=putusan, **lain)


def _xlsx(response) -> list[tuple]:
    isi = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(isi), read_only=True).active.iter_rows(values_only=True))


def test_the_berita_acara_has_the_meeting_the_decisions_and_the_signatures(
    perubahan, kota, akun, client_for
):
    muskel = _muskel_simpangbaru(kota, akun, tanggal=datetime.date(2026, 11, 10))
    response = client_for(akun.admin_binawidya).get(
        reverse("siksng:muskel_berita_acara", args=[muskel.pk])
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.text
    assert "Berita Acara Musyawarah Kelurahan" in html
    assert f"Pembaruan DTSEN melalui SIKS-NG bulan {nama_bulan(muskel.bulan)}" in html
    assert "10 November 2026" in html and "Aula Kantor Lurah" in html
    assert "Kelurahan Simpangbaru" in html and "Kecamatan Binawidya" in html
    # the shared print pieces: style and script with the page's nonce, the print button
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", response["Content-Security-Policy"])
    assert f'<style nonce="{nonce[1]}">' in html and f'<script nonce="{nonce[1]}">' in html
    assert "data-cetak" in html and "@media print" in html
    # the decisions, NIK masked
    for teks in (
        "Siti Aminah",
        "Joko Susilo",
        "Rina Wati",
        "Wati Lestari",
        "Lainnya: Punya toko bangunan",
        "Joko Susilo: meninggal (2026-10-02)",
        "Ditunda (Tunggu akta kematian)",
        "1471••••••••0002",
    ):
        assert teks in html, teks
    assert NIK_SITI not in html and NIK_JOKO not in html
    assert "Ahmad Sail" not in html and "Hendra Gunawan" not in html
    # the summary: keluar 1 agreed (Rina), 1 postponed (Joko)
    assert re.search(
        r"<td>Keluar</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td>",
        html,
    )
    # signatures: the lurah, each attendee, the recorder
    assert "Lurah Simpangbaru" in html and "NIP." in html
    assert "Hj. Ratna" in html and "Ketua RW 01" in html and "Ahmad Yani" in html
    assert "Pencatat" in html and "admin.binawidya" in html
    unduh = client_for(akun.dinsos).get(
        reverse("siksng:muskel_berita_acara", args=[muskel.pk]) + "?unduh=1"
    )
    assert unduh["Content-Disposition"].startswith(
        'attachment; filename="berita-acara-muskel-simpangbaru-'
    )
    assert LogBaca.objects.filter(objek_tipe="muskel", objek_id=str(muskel.pk)).count() == 2


def test_an_sptjm_prints_as_a_statement_with_its_signer(perubahan, kota, akun, client_for):
    muskel = muskel_sepakati(
        kota.simpangbaru,
        akun.dinsos,
        jenis="sptjm",
        tempat="",
        peserta=(),
        penandatangan="Hj. Ratna, S.Sos",
        jabatan_penandatangan="Lurah Simpangbaru",
    )
    html = client_for(akun.dinsos).get(reverse("siksng:muskel_berita_acara", args=[muskel.pk])).text
    assert "Surat Pernyataan Tanggung Jawab Mutlak" in html
    assert "Pengganti Musyawarah Kelurahan" in html
    assert "Hj. Ratna, S.Sos" in html and "Yang menyatakan," in html and "Meterai" in html
    assert "Berita Acara Musyawarah Kelurahan" not in html


def test_the_bnba_lists_the_agreed_changes_masked_for_the_admin(perubahan, kota, akun, client_for):
    muskel = _muskel_simpangbaru(kota, akun)
    html = (
        client_for(akun.admin_binawidya).get(reverse("siksng:muskel_bnba", args=[muskel.pk])).text
    )
    assert "Daftar By Name By Address (BNBA)" in html
    assert "Jl. Elang No. 9" in html and "Rina Wati" in html and "Wati Lestari" in html
    # Joko's exit was postponed; his data change (death) was agreed
    assert html.count("Joko Susilo") == 2  # the name, and his death among the data changes
    assert "Meninggal dunia" not in html
    assert "1471••••••••0002" in html and NIK_SITI not in html and KK_JOKO not in html
    # Dinsos gets whole numbers, and the read is logged with them
    html = client_for(akun.dinsos).get(reverse("siksng:muskel_bnba", args=[muskel.pk])).text
    assert NIK_SITI in html and KK_JOKO in html
    assert LogBaca.objects.filter(user=akun.dinsos, nomor=NIK_SITI).exists()


def test_the_bnba_xlsx(perubahan, kota, akun, client_for):
    muskel = _muskel_simpangbaru(kota, akun)
    url = reverse("siksng:muskel_bnba_xlsx", args=[muskel.pk])
    baris = _xlsx(client_for(akun.admin_binawidya).get(url))
    assert baris[0][:4] == ("No.", "NIK", "Nomor KK", "Nama")
    isi = [(b[1], b[3], b[9], b[10], b[11]) for b in baris[1:]]
    assert isi == [
        ("1471••••••••0002", "Siti Aminah", "Tetap", None, None),
        (
            "1471••••••••0002",
            "Joko Susilo",
            "Perbaikan data",
            None,
            "Joko Susilo: meninggal (2026-10-02)",
        ),
        ("1471••••••••0003", "Rina Wati", "Keluar", "Lainnya: Punya toko bangunan", None),
        ("1471••••••••0004", "Wati Lestari", "Usul", "Janda, tiga anak", None),
    ]
    baris = _xlsx(client_for(akun.dinsos).get(url))
    assert [b[1] for b in baris[1:]][:2] == [NIK_SITI, NIK_JOKO]


def test_the_overview_shows_each_kelurahan_with_or_without_muskel(
    perubahan, kota, akun, client_for
):
    muskel = _muskel_simpangbaru(kota, akun)
    response = client_for(akun.dinsos).get(reverse("siksng:bulan"))
    html = response.text
    assert response.status_code == 200
    baris = re.search(r"<td>Simpangbaru</td>(.*?)</tr>", html, re.S)[1]
    assert "Musyawarah kelurahan" in baris and re.findall(r'class="num">(\d+)<', baris) == [
        "4",
        "1",
        "1",
    ]  # agreed, postponed, still waiting (Joko's exit)
    baris = re.search(r"<td>Cinta Raja</td>(.*?)</tr>", html, re.S)[1]
    assert "Belum ada" in baris and re.findall(r'class="num">(\d+)<', baris) == ["1"]
    assert reverse("siksng:muskel_baru", args=[kota.cinta_raja.pk]) in baris
    assert reverse("siksng:bulan_ekspor", args=[muskel.bulan.year, muskel.bulan.month]) in html
    assert "Susun XLSX SIKS-NG bulan ini" in html
    # the admin of Binawidya sees Binawidya's kelurahan only, and asks for their
    # kecamatan's file (masked), not the city's
    html = client_for(akun.admin_binawidya).get(reverse("siksng:bulan")).text
    assert "<td>Simpangbaru</td>" in html and "<td>Cinta Raja</td>" not in html
    assert "Susun XLSX kecamatan (NIK disamarkan)" in html
    assert "Susun XLSX SIKS-NG bulan ini" not in html


def test_a_bad_month_says_so(perubahan, kota, akun, client_for):
    response = client_for(akun.dinsos).get(reverse("siksng:bulan") + "?bulan=2026-13")
    assert response.status_code == 200
    assert "Bulan tidak dikenali; ditampilkan bulan berjalan." in response.text


def test_the_overview_costs_the_same_whatever_the_muskel(perubahan, kota, akun, client_for):
    def jumlah_kueri(user) -> int:
        client = client_for(user)
        client.get(reverse("siksng:bulan"))
        with CaptureQueriesContext(connection) as kueri:
            assert client.get(reverse("siksng:bulan")).status_code == 200
        return len(kueri)

    sebelum = {u: jumlah_kueri(u) for u in (akun.dinsos, akun.admin_binawidya)}
    _muskel_simpangbaru(kota, akun)
    muskel_sepakati(kota.cinta_raja, akun.admin_sail)
    sesudah = {u: jumlah_kueri(u) for u in (akun.dinsos, akun.admin_binawidya)}
    assert sesudah == sebelum
    assert sesudah[akun.dinsos] <= 14, sesudah


def test_the_muskel_pages_cost_the_same_whatever_the_changes(perubahan, kota, akun, client_for):
    lima = muskel_sepakati(kota.simpangbaru, akun.admin_binawidya)  # five changes
    satu = muskel_sepakati(kota.cinta_raja, akun.admin_sail)  # one
    assert (lima.keputusan_set.count(), satu.keputusan_set.count()) == (5, 1)
    client = client_for(akun.dinsos)

    def jumlah_kueri(nama, muskel) -> int:
        with CaptureQueriesContext(connection) as kueri:
            assert client.get(reverse(nama, args=[muskel.pk])).status_code == 200
        return len(kueri)

    for nama in ("siksng:muskel_detail", "siksng:muskel_berita_acara", "siksng:muskel_bnba"):
        assert jumlah_kueri(nama, lima) == jumlah_kueri(nama, satu), nama
