"""The risk-first worklist: each rule, their order, and the reasons on the page and in the
list the phone keeps (pendataan/risiko.py)."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from bansos.models import JenisTugas, Penerima, Program, StatusTugas, TugasLapangan
from bansos.services import periode_buat
from pendataan.luring import daftar_luring_for
from pendataan.models import (
    AnggotaKeluarga,
    Hubungan,
    Keluarga,
    Kunjungan,
    StatusAnggota,
    StatusKunjungan,
)
from pendataan.risiko import ATURAN, alasan_risiko
from pendataan.selectors import daftar_kerja_for

D = datetime.date


def _keluarga(kota, nomor: int, *, desil=None) -> Keluarga:
    k = Keluarga.objects.create(
        nomor_kk=f"14710801012000{nomor:02d}",
        rw=kota.rw_simpangbaru_1,
        rt=1,
        alamat=f"Jl. Uji No. {nomor}",
        desil=desil,
    )
    AnggotaKeluarga.objects.create(
        keluarga=k,
        nik=f"14710815039000{nomor:02d}",
        nama=f"Kepala {nomor}",
        hubungan=Hubungan.KEPALA,
        jenis_kelamin="L",
    )
    return k


def _kunjungan(akun, k, hasil, *, status=StatusKunjungan.DIKIRIM, hari_lalu=0) -> Kunjungan:
    kunjungan = Kunjungan.objects.create(
        uuid=uuid.uuid4(),
        sidik="uji",
        keluarga=k,
        petugas=akun.petugas.petugas,
        rw=k.rw,
        hasil=hasil,
        status=status,
    )
    if hari_lalu:
        waktu = timezone.now() - datetime.timedelta(days=hari_lalu)
        Kunjungan.objects.filter(pk=kunjungan.pk).update(created_at=waktu)
    return kunjungan


@pytest.fixture
def rw_berisiko(kota, akun):
    """Families of the officer's RW, one per rule, named by what they should show."""
    pkh = periode_buat(
        program=Program.objects.get(kode="pkh"),  # ceiling: desil 4
        nama="2026 I",
        mulai=D(2026, 1, 1),
        selesai=D(2026, 6, 30),
    )
    f = {
        "biasa": _keluarga(kota, 1),
        "lama": _keluarga(kota, 2),
        "belum": _keluarga(kota, 3),
        "tidak_ditemui": _keluarga(kota, 4),
        "pindah": _keluarga(kota, 5),
        "meninggal": _keluarga(kota, 6),
        "desil": _keluarga(kota, 7, desil=7),
        "tugas": _keluarga(kota, 8),
        "kembali": _keluarga(kota, 9),
    }
    for nama in ("lama", "belum", "tidak_ditemui", "pindah", "meninggal", "desil"):
        Penerima.objects.create(periode=pkh, keluarga=f[nama], terdaftar=f[nama].anggota_set.get())
    _kunjungan(akun, f["lama"], "ditemui", hari_lalu=200)
    # a visit that verified nothing yet: the recipient is still to verify
    _kunjungan(akun, f["tidak_ditemui"], "tidak_ada_orang")
    _kunjungan(akun, f["pindah"], "pindah")
    # a rejected visit does not count as the last one
    _kunjungan(akun, f["pindah"], "ditemui", status=StatusKunjungan.DITOLAK)
    AnggotaKeluarga.objects.filter(keluarga=f["meninggal"]).update(
        status=StatusAnggota.MENINGGAL, tanggal_meninggal=D(2026, 2, 1)
    )
    TugasLapangan.objects.create(
        jenis=JenisTugas.SANGGAH,
        sumber="Cek Bansos",
        tanggal=D(2026, 3, 1),
        referensi="CB-9",
        nik=f["tugas"].anggota_set.get().nik,
        keluarga=f["tugas"],
        program=pkh.program,
        keluhan="Punya dua mobil dan rumah kos",
        dibuat_oleh=akun.dinsos,
    )
    _kunjungan(akun, f["kembali"], "ditemui", status=StatusKunjungan.DIKEMBALIKAN)
    return f


URUTAN = ["kembali", "tugas", "desil", "meninggal", "pindah", "tidak_ditemui", "belum", "lama"]


def test_the_rules_have_keys_weights_and_the_task_weighs_most():
    kunci = [a.kunci for a in ATURAN]
    assert len(set(kunci)) == len(kunci)
    assert max(ATURAN, key=lambda a: a.bobot).kunci == "tugas"
    assert all(str(a.keterangan) for a in ATURAN)


def test_the_worklist_is_ordered_by_risk(akun, rw_berisiko):
    urutan = list(daftar_kerja_for(akun.petugas).values_list("pk", flat=True))
    nama = {k.pk: n for n, k in rw_berisiko.items()}
    assert [nama[pk] for pk in urutan] == [*URUTAN, "biasa"]


def test_each_family_carries_its_reasons(akun, rw_berisiko):
    keluarga = list(daftar_kerja_for(akun.petugas))
    alasan_risiko(keluarga)
    teks = {k.pk: [a.teks for a in k.alasan_risiko] for k in keluarga}
    f = rw_berisiko
    assert teks[f["tugas"].pk] == ["Sanggah: Punya dua mobil dan rumah kos"]
    assert teks[f["desil"].pk] == [
        "Desil keluarga 7 di atas batas PKH (desil 4)",
        "Belum pernah dikunjungi",
    ]
    assert "Penerima PKH (Kepala 6) tercatat meninggal" in teks[f["meninggal"].pk]
    assert teks[f["pindah"].pk] == ["Keluarga tercatat pindah pada kunjungan terakhir"]
    assert teks[f["tidak_ditemui"].pk] == [
        "Tidak ditemui pada kunjungan terakhir (Tidak ada orang di rumah)"
    ]
    assert teks[f["belum"].pk] == ["Belum pernah dikunjungi"]
    assert teks[f["lama"].pk] == ["Terakhir dikunjungi 200 hari lalu"]
    assert teks[f["biasa"].pk] == [] and teks[f["kembali"].pk] == []


def test_a_task_being_answered_no_longer_tops_the_list(akun, rw_berisiko):
    TugasLapangan.objects.update(status=StatusTugas.MENUNGGU)
    urutan = list(daftar_kerja_for(akun.petugas).values_list("pk", flat=True))
    nama = {k.pk: n for n, k in rw_berisiko.items()}
    # no recipient, no other risk: among the rest, by RT and address
    assert [nama[pk] for pk in urutan] == [u for u in URUTAN if u != "tugas"] + ["biasa", "tugas"]


def test_the_task_filter_keeps_the_families_with_an_open_task(akun, rw_berisiko):
    tugas = daftar_kerja_for(akun.petugas, saring="tugas")
    assert list(tugas.values_list("pk", flat=True)) == [rw_berisiko["tugas"].pk]


def test_the_page_shows_the_reasons(akun, rw_berisiko, client_for):
    html = client_for(akun.petugas).get(reverse("pendataan:daftar_kerja")).content.decode()
    assert "Desil keluarga 7 di atas batas PKH (desil 4)" in html
    assert 'class="risiko-tugas"' in html and "Sanggah: Punya dua mobil" in html
    assert html.index("Sanggah: Punya dua mobil") < html.index("Desil keluarga 7")


def test_the_phone_keeps_the_same_order_and_reasons(akun, rw_berisiko):
    daftar = daftar_luring_for(akun.petugas)
    nama = {k.pk: n for n, k in rw_berisiko.items()}
    assert [nama[b[0]] for b in daftar] == [*URUTAN, "biasa"]
    alasan = {nama[b[0]]: b[6] for b in daftar}
    assert alasan["tugas"] == [["tugas", "Sanggah: Punya dua mobil dan rumah kos"]]
    assert ["di_atas_desil", "Desil keluarga 7 di atas batas PKH (desil 4)"] in alasan["desil"]


def test_the_page_reads_the_reasons_in_a_fixed_number_of_queries(
    akun, rw_berisiko, kota, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dasbor.tembolok import versi_naikkan

    client = client_for(akun.petugas)
    url = reverse("pendataan:daftar_kerja")
    client.get(url)  # the session and the caches warm
    versi_naikkan(umum=True)  # the page is rendered, not served from the page cache
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url)
    # as many families again, with every risk and a task each
    for i in range(20, 29):
        k = _keluarga(kota, i, desil=8)
        Penerima.objects.create(
            periode=Penerima.objects.first().periode, keluarga=k, terdaftar=k.anggota_set.get()
        )
        TugasLapangan.objects.create(
            jenis=JenisTugas.USUL,
            sumber="Surat",
            tanggal=D(2026, 3, 2),
            referensi=f"S-{i}",
            nomor_kk=k.nomor_kk,
            keluarga=k,
            keluhan="Minta didata",
            dibuat_oleh=akun.dinsos,
        )
    versi_naikkan(umum=True)  # written past the services: the cached page is dropped by hand
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(url).content.decode()
    assert html.count("Usul: Minta didata") == 9
    assert len(banyak.captured_queries) == len(sedikit.captured_queries)


def test_a_new_task_changes_the_form_the_phone_keeps(akun, rw_berisiko):
    from pendataan.luring import versi_formulir_for

    k = rw_berisiko["biasa"]
    sebelum = versi_formulir_for(akun.petugas)[str(k.pk)]
    TugasLapangan.objects.create(
        jenis=JenisTugas.USUL,
        sumber="Surat",
        tanggal=D(2026, 3, 2),
        referensi="S-1",
        nomor_kk=k.nomor_kk,
        keluarga=k,
        keluhan="Minta didata",
        dibuat_oleh=akun.dinsos,
    )
    assert versi_formulir_for(akun.petugas)[str(k.pk)] != sebelum
