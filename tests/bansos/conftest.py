import datetime
import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone

from bansos.models import (
    AlasanTidakLayak,
    JenisVerifikasi,
    Kelayakan,
    Penerima,
    Periode,
    Program,
    Verifikasi,
)
from bansos.services import periode_buat
from dasbor.hitung import ringkasan_bangun_ulang
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga, Kunjungan, StatusKunjungan
from tests.pendataan.conftest import keluarga, keluarga_sail  # noqa: F401 (fixtures)

D = datetime.date


@dataclass
class Hasil:
    periode: Periode
    simpangbaru: list[Keluarga]  # Binawidya, in list order below
    sail: Keluarga


@pytest.fixture
def hasil_disetujui(kota, akun, keluarga, keluarga_sail) -> Hasil:  # noqa: F811
    """Findings of PKH 2026 I, approved (in force) unless said otherwise.

    Kelurahan Simpangbaru (Binawidya), RW 01, visited by "Petugas Simpangbaru" and
    approved by admin.binawidya:
    0. Budi Santoso's family (the `keluarga` fixture), the list names Siti Aminah,
       card KKS-0001: layak;
    1. Joko Susilo's family: tidak layak, meninggal dunia;
    2. Rina Wati's family: tidak layak, "Lainnya: Punya toko bangunan";
    3. Wati Lestari's family, not on the list: usulan baru (layak) naming Wati;
    4. Hendra Gunawan's family: on the list, its visit still waiting for review, so
       its finding is not in force.
    Kelurahan Cinta Raja (Sail): Ahmad Sail, visited by "Petugas Cinta Raja" and
    approved by admin.sail: layak.

    It makes the rows through the ORM; it becomes the real review services' job once
    they exist.
    """
    periode = periode_buat(
        program=Program.objects.get(kode="pkh"),
        nama="2026 I",
        mulai=D(2026, 1, 1),
        selesai=D(2026, 6, 30),
    )
    siti = keluarga.anggota_set.get(nik="1471085503920002")
    keluarga_list = [keluarga]
    for kk, rt, alamat, nik, nama in [
        ("1471080101200002", 3, "Jl. Elang No. 2", "1471080506850002", "Joko Susilo"),
        ("1471080101200003", 3, "Jl. Elang No. 9", "1471084708880003", "Rina Wati"),
        ("1471080101200004", 4, "Jl. Nuri No. 1", "1471085212900004", "Wati Lestari"),
        ("1471080101200005", 5, "Jl. Pipit No. 7", "1471081111700005", "Hendra Gunawan"),
    ]:
        k = Keluarga.objects.create(nomor_kk=kk, rw=kota.rw_simpangbaru_1, rt=rt, alamat=alamat)
        AnggotaKeluarga.objects.create(
            keluarga=k, nik=nik, nama=nama, hubungan=Hubungan.KEPALA, jenis_kelamin="L"
        )
        keluarga_list.append(k)
    budi, joko, rina, wati, hendra = keluarga_list

    def penerima(k: Keluarga, **lain) -> Penerima:
        return Penerima.objects.create(periode=periode, keluarga=k, **lain)

    def kunjungan(k: Keluarga, petugas_user, admin=None) -> Kunjungan:
        return Kunjungan.objects.create(
            uuid=uuid.uuid4(),
            sidik="uji",
            keluarga=k,
            petugas=petugas_user.petugas,
            rw=k.rw,
            hasil="ditemui",
            status=StatusKunjungan.DISETUJUI if admin else StatusKunjungan.DIKIRIM,
            diperiksa_oleh=admin,
            diperiksa_at=timezone.now() if admin else None,
        )

    def verifikasi(k: Keluarga, kunj: Kunjungan, p: Penerima | None, **lain) -> Verifikasi:
        jenis = JenisVerifikasi.VERIFIKASI if p else JenisVerifikasi.USULAN
        lain.setdefault("berlaku", kunj.status == StatusKunjungan.DISETUJUI)
        lain.setdefault("hasil", Kelayakan.LAYAK)
        return Verifikasi.objects.create(
            kunjungan=kunj, jenis=jenis, periode=periode, penerima=p, keluarga=k, **lain
        )

    admin, petugas = akun.admin_binawidya, akun.petugas
    verifikasi(
        budi,
        kunjungan(budi, petugas, admin),
        penerima(budi, terdaftar=siti, nomor_kartu="KKS-0001"),
    )
    verifikasi(
        joko,
        kunjungan(joko, petugas, admin),
        penerima(joko, nomor_kartu="KKS-0002"),
        hasil=Kelayakan.TIDAK_LAYAK,
        alasan=AlasanTidakLayak.MENINGGAL,
    )
    verifikasi(
        rina,
        kunjungan(rina, petugas, admin),
        penerima(rina, nomor_kartu="KKS-0003"),
        hasil=Kelayakan.TIDAK_LAYAK,
        alasan=AlasanTidakLayak.LAINNYA,
        alasan_lain="Punya toko bangunan",
    )
    verifikasi(
        wati,
        kunjungan(wati, petugas, admin),
        None,
        anggota=wati.anggota_set.get(),
        keterangan="Janda, tiga anak",
    )
    verifikasi(
        hendra,
        kunjungan(hendra, petugas),
        penerima(hendra, nomor_kartu="KKS-0005"),
        hasil=Kelayakan.TIDAK_LAYAK,
        alasan=AlasanTidakLayak.PINDAH,
    )
    verifikasi(
        keluarga_sail,
        kunjungan(keluarga_sail, akun.petugas_sail, akun.admin_sail),
        penerima(keluarga_sail, nomor_kartu="KKS-0009"),
    )
    # made through the ORM: the RW summaries the results pages add up are counted here,
    # as the on-commit task of the services' writes counts them
    ringkasan_bangun_ulang()
    return Hasil(periode=periode, simpangbaru=keluarga_list, sail=keluarga_sail)


@pytest.fixture
def dua_program(hasil_disetujui):
    """A second program in the round "2026 I" (BPNT), and an older round (BLT 2025 II).

    BPNT lists Budi's, Joko's and Hendra's families and Ahmad's (Sail). Budi: layak,
    approved; Hendra: a finding on his visit still waiting; Ahmad: tidak layak
    (pindah), approved; Joko: not visited for BPNT. BLT 2025 II lists Budi's family."""
    budi, joko, _, _, hendra = hasil_disetujui.simpangbaru
    bpnt = periode_buat(
        program=Program.objects.get(kode="bpnt"),
        nama="2026 I",
        mulai=D(2026, 1, 1),
        selesai=D(2026, 6, 30),
    )
    blt = periode_buat(
        program=Program.objects.get(kode="blt"),
        nama="2025 II",
        mulai=D(2025, 7, 1),
        selesai=D(2025, 12, 31),
    )
    Penerima.objects.create(periode=blt, keluarga=budi)

    def temuan(k, hasil=Kelayakan.LAYAK, **lain):
        p = Penerima.objects.create(periode=bpnt, keluarga=k)
        kunjungan = Kunjungan.objects.get(keluarga=k)
        Verifikasi.objects.create(
            kunjungan=kunjungan,
            jenis=JenisVerifikasi.VERIFIKASI,
            periode=bpnt,
            penerima=p,
            keluarga=k,
            hasil=hasil,
            berlaku=kunjungan.status == "disetujui",
            **lain,
        )

    temuan(budi)
    temuan(hendra)
    temuan(hasil_disetujui.sail, Kelayakan.TIDAK_LAYAK, alasan=AlasanTidakLayak.PINDAH)
    Penerima.objects.create(periode=bpnt, keluarga=joko)
    ringkasan_bangun_ulang()
    return bpnt
