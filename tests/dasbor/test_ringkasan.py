"""The summary rows follow every write that changes them, against hand-counted fixtures.

The fixture: RW 01 Simpangbaru (Binawidya) holds Budi's family (on PKH, Budi named)
and Dewi's (on PKH too); RW 02 Simpangbaru is empty; RW 01 Cinta Raja (Sail) holds
Ahmad's family. Officers: "Petugas Simpangbaru" in RW 01 Simpangbaru, "Petugas Cinta
Raja" in RW 01 Cinta Raja.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bansos.impor import impor_penerima_mulai
from bansos.models import Program
from bansos.services import periode_buat
from dasbor.hitung import ringkasan_sapu
from dasbor.models import RingkasanPenerimaRW, RingkasanRW, RWKotor
from pendataan import pemeriksaan
from pendataan.impor import keluarga_import
from pendataan.services import kunjungan_simpan
from petugas.services import penugasan_akhiri
from tests.conftest import buat_petugas
from tests.dasbor.conftest import kirim_budi_meninggal
from tests.pendataan.conftest import data_kunjungan, keluarga  # noqa: F401 (fixture)


def rw(rw_obj) -> RingkasanRW:
    return RingkasanRW.objects.get(rw=rw_obj)


def penerima(rw_obj, periode) -> RingkasanPenerimaRW:
    return RingkasanPenerimaRW.objects.get(rw=rw_obj, periode=periode)


def angka_kunjungan(r: RingkasanRW) -> tuple:
    return (
        r.keluarga_dikunjungi,
        r.kunjungan_menunggu,
        r.kunjungan_ditandai,
        r.kunjungan_dikembalikan,
        r.kunjungan_disetujui,
        r.kunjungan_ditolak,
    )


def test_it_rebuilds_every_rw_from_the_base_tables(kota, akun, dunia):
    sb1 = rw(kota.rw_simpangbaru_1)
    assert (sb1.jumlah_keluarga, sb1.petugas.user) == (2, akun.petugas)
    assert (sb1.kecamatan, sb1.kelurahan) == (kota.binawidya, kota.simpangbaru)
    assert angka_kunjungan(sb1) == (0, 0, 0, 0, 0, 0)
    assert sb1.kunjungan_terakhir_at is None
    sb2 = rw(kota.rw_simpangbaru_2)
    assert (sb2.jumlah_keluarga, sb2.petugas) == (0, None)
    assert rw(kota.rw_cinta_raja_1).jumlah_keluarga == 1
    p = penerima(kota.rw_simpangbaru_1, dunia["periode"])
    assert (p.jumlah_penerima, p.dicek, p.terverifikasi) == (2, 0, 0)
    assert not RingkasanPenerimaRW.objects.filter(rw=kota.rw_cinta_raja_1).exists()


def test_a_visit_sent_counts_the_family_and_the_waiting_finding(
    kota,
    akun,
    dunia,
    keluarga,  # noqa: F811
    jalan,
):
    k = kirim_budi_meninggal(jalan, akun, keluarga, dunia["pkh_budi"])
    sb1 = rw(kota.rw_simpangbaru_1)
    assert angka_kunjungan(sb1) == (1, 1, 0, 0, 0, 0)
    assert sb1.kunjungan_terakhir_at == k.created_at
    p = penerima(kota.rw_simpangbaru_1, dunia["periode"])
    assert (p.jumlah_penerima, p.dicek, p.terverifikasi) == (2, 1, 0), "checked, not in force"
    assert not RWKotor.objects.exists()
    assert angka_kunjungan(rw(kota.rw_cinta_raja_1)) == (0, 0, 0, 0, 0, 0)


def test_a_visit_without_gps_counts_as_flagged(kota, akun, dunia, keluarga, jalan):  # noqa: F811
    kirim_budi_meninggal(
        jalan,
        akun,
        keluarga,
        dunia["pkh_budi"],
        latitude=None,
        longitude=None,
        akurasi_m=None,
        alasan_tanpa_gps="GPS mati",
    )
    assert angka_kunjungan(rw(kota.rw_simpangbaru_1)) == (1, 1, 1, 0, 0, 0)


def test_an_approved_visit_puts_its_finding_in_force(kota, akun, dunia, keluarga, jalan):  # noqa: F811
    k = kirim_budi_meninggal(jalan, akun, keluarga, dunia["pkh_budi"])
    jalan(pemeriksaan.kunjungan_setujui, kunjungan=k, oleh=akun.admin_binawidya)
    assert angka_kunjungan(rw(kota.rw_simpangbaru_1)) == (1, 0, 0, 0, 1, 0)
    p = penerima(kota.rw_simpangbaru_1, dunia["periode"])
    assert (p.jumlah_penerima, p.dicek, p.terverifikasi, p.layak, p.tidak_layak) == (
        2,
        1,
        1,
        0,
        1,
    )
    assert p.alasan == {"meninggal": 1}


def test_a_returned_visit_then_fixed_counts_as_returned_then_waiting(
    kota,
    akun,
    dunia,
    keluarga,  # noqa: F811
    jalan,
):
    k = kirim_budi_meninggal(jalan, akun, keluarga, dunia["pkh_budi"])
    jalan(pemeriksaan.kunjungan_kembalikan, kunjungan=k, oleh=akun.admin_binawidya, komentar="Foto")
    assert angka_kunjungan(rw(kota.rw_simpangbaru_1)) == (1, 0, 0, 1, 0, 0)
    jalan(pemeriksaan.kunjungan_perbaiki, kunjungan=k, oleh=akun.petugas, temuan={}, tanggapan="Ok")
    assert angka_kunjungan(rw(kota.rw_simpangbaru_1)) == (1, 1, 0, 0, 0, 0)


def test_a_rejected_visit_visits_no_family_and_checks_no_recipient(
    kota,
    akun,
    dunia,
    keluarga,  # noqa: F811
    jalan,
):
    k = kirim_budi_meninggal(jalan, akun, keluarga, dunia["pkh_budi"])
    jalan(pemeriksaan.kunjungan_tolak, kunjungan=k, oleh=akun.admin_binawidya, komentar="Palsu")
    assert angka_kunjungan(rw(kota.rw_simpangbaru_1)) == (0, 0, 0, 0, 0, 1)
    assert penerima(kota.rw_simpangbaru_1, dunia["periode"]).dicek == 0


def test_a_recipient_import_counts_its_rows_per_rw(kota, akun, dunia, jalan):
    # BLT: Budi's family in RW 01, and a family nobody knew, in RW 02 (the import adds it)
    periode = periode_buat(
        program=Program.objects.get(kode="blt"),
        nama="2026 I",
        mulai=datetime.date(2026, 1, 1),
        selesai=datetime.date(2026, 3, 31),
    )
    berkas = SimpleUploadedFile(
        "dtks.csv",
        b"nik,nama,nomor_kk,alamat,rt,rw,kelurahan\n"
        b"1471081503900001,Budi Santoso,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru\n"
        b"1471081204850004,Andi Baru,1471080202200004,Jl. Merpati 1,3,2,14.71.08.1001\n",
    )
    jalan(impor_penerima_mulai, periode=periode, berkas=berkas, oleh=akun.dinsos)
    assert penerima(kota.rw_simpangbaru_1, periode).jumlah_penerima == 1
    assert penerima(kota.rw_simpangbaru_2, periode).jumlah_penerima == 1
    assert rw(kota.rw_simpangbaru_2).jumlah_keluarga == 1
    assert penerima(kota.rw_simpangbaru_1, dunia["periode"]).jumlah_penerima == 2, "PKH unchanged"


def test_a_family_import_counts_new_families_and_the_rw_a_family_left(kota, akun, dunia, jalan):
    kolom = b"nik,nama,nomor_kk,alamat,rt,rw,kelurahan,jenis_kelamin,tanggal_lahir,hubungan\n"
    # Dewi's family moves to RW 02; a new family comes to RW 02
    data = (
        kolom + b"1471084101900005,Dewi Kenari,1471080101200005,Jl. Baru 1,1,2,Simpangbaru,P,,"
        b"KEPALA KELUARGA\n"
        b"1471081204850004,Andi Baru,1471080202200004,Jl. Merpati 1,3,2,Simpangbaru,L,,"
        b"KEPALA KELUARGA\n"
    )
    jalan(keluarga_import, data=data, filename="kk.csv", oleh=akun.dinsos)
    assert rw(kota.rw_simpangbaru_1).jumlah_keluarga == 1
    assert rw(kota.rw_simpangbaru_2).jumlah_keluarga == 2


def test_a_placement_ended_and_made_names_the_officer(kota, akun, dunia, jalan):
    penugasan = akun.petugas.petugas.penugasan_set.get()
    jalan(penugasan_akhiri, penugasan=penugasan, alasan="Pindah tugas")
    assert rw(kota.rw_simpangbaru_1).petugas is None
    baru = jalan(
        buat_petugas, ni_pppk="199105052025011003", nama="Petugas Baru", rw=kota.rw_simpangbaru_1
    )
    assert rw(kota.rw_simpangbaru_1).petugas == baru


def test_the_sweep_recomputes_marks_a_lost_task_left(kota, akun, dunia, keluarga):  # noqa: F811
    # a write whose on-commit task never ran (broker down): its mark is all that is left
    kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga))
    assert RWKotor.objects.filter(rw=kota.rw_simpangbaru_1).exists()
    assert rw(kota.rw_simpangbaru_1).keluarga_dikunjungi == 0
    assert ringkasan_sapu() == 1
    assert rw(kota.rw_simpangbaru_1).keluarga_dikunjungi == 1
    assert not RWKotor.objects.exists()


def test_a_mark_made_while_counting_stays_for_the_next_run(kota, dunia):
    from django.utils import timezone

    from dasbor.hitung import ringkasan_perbarui
    from dasbor.tandai import ringkasan_tandai

    ringkasan_tandai(rw_ids=[kota.rw_simpangbaru_1.pk])
    lama = RWKotor.objects.get().ditandai_at
    real = ringkasan_perbarui.__globals__["ringkasan_hitung"]

    def hitung_lalu_tandai(*, rw_ids):
        real(rw_ids=rw_ids)
        RWKotor.objects.update(ditandai_at=timezone.now())  # a write marked it meanwhile

    ringkasan_perbarui.__globals__["ringkasan_hitung"] = hitung_lalu_tandai
    try:
        ringkasan_perbarui(rw_ids=[kota.rw_simpangbaru_1.pk])
    finally:
        ringkasan_perbarui.__globals__["ringkasan_hitung"] = real
    assert RWKotor.objects.get().ditandai_at > lama


# before the summary: 14 and 13; with it 15 and 13; each pays 1 more for the visit's
# audit entry (tests/audit); 3 and 2 fewer since the session is read from the cache
# (lib/sesi.py) and the family comes with its scope and kelurahan boundary in one query
@pytest.mark.parametrize(("gps", "jumlah"), [(True, 13), (False, 12)])
def test_a_visit_sent_pays_one_query_for_the_summary(
    akun,
    keluarga,  # noqa: F811
    client_for,
    gps,
    jumlah,
):
    """The send costs one query more than before the summary (the RW marked in its
    transaction); its flags are computed before the visit is first saved, so a flagged
    visit is written once, not saved then updated (one query less)."""
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from pendataan.models import Keluarga, Kunjungan

    # the audit's content types, read once per process (and cached) whatever runs first
    ContentType.objects.get_for_models(Keluarga, Kunjungan)
    lain = {} if gps else {"latitude": None, "longitude": None, "alasan_tanpa_gps": "GPS mati"}
    data = data_kunjungan(keluarga, **lain)
    client = client_for(akun.petugas)
    url = reverse("pendataan:kunjungan_kirim", args=[keluarga.pk])
    with CaptureQueriesContext(connection) as kueri:
        response = client.post(url, data=json.dumps(data), content_type="application/json")
    assert response.status_code in (200, 201), response.content
    assert len(kueri.captured_queries) == jumlah
    assert RWKotor.objects.filter(rw=keluarga.rw).exists()


def test_the_sweep_counts_an_rw_that_has_no_row_yet(kota, dunia):
    from wilayah.models import RW

    baru = RW.objects.create(kelurahan=kota.simpangbaru, nomor=9)  # e.g. in the Django admin
    assert ringkasan_sapu() == 1
    assert rw(baru).jumlah_keluarga == 0
    assert ringkasan_sapu() == 0


def test_the_rebuild_command_counts_every_rw(kota, dunia):
    import io

    from django.core.management import call_command

    RingkasanRW.objects.all().delete()
    keluar = io.StringIO()
    call_command("ringkasan_bangun_ulang", stdout=keluar)
    assert "Ringkasan 4 RW dihitung ulang" in keluar.getvalue()
    assert rw(kota.rw_simpangbaru_1).jumlah_keluarga == 2
