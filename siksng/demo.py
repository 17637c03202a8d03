"""A turn of the monthly SIKS-NG cycle for the demo, so a newcomer sees its pages filled.

In the demo officer's RW (Simpangbaru RW 01), through the real services:

- last month: three visits the admin kecamatan approved (a member's death, a member
  moved away, a proposal for a family program), decided by Simpangbaru's muskel held
  before last month's cut-off (two agreed, one postponed), and the month closed by Dinsos;
- this month: four more approved visits, waiting for this month's muskel together with
  the postponed one.

The visits are made and approved now; the first three are then dated back into last
month's window (their `diperiksa_at`), the one thing no service does: a demo has no
past. Runs once (nothing is done when any muskel or closed month exists).
"""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from akun.models import User
from bansos.models import Penerima
from bansos.verifikasi import program_usulan
from pendataan.models import AksiAnggota, HasilKunjungan, Hubungan, Keluarga, Kunjungan
from pendataan.pemeriksaan import kunjungan_setujui
from pendataan.services import kunjungan_simpan
from siksng.models import BulanSiksng, JenisMuskel, Muskel, Putusan
from siksng.perubahan import perubahan_terbuka
from siksng.services import KeputusanMasuk, MuskelMasuk, bulan_tutup, muskel_catat
from siksng.siklus import Kalender, bulan_geser
from wilayah.models import RW

PESERTA_DEMO = (
    ("Hj. Ratna Dewi", "Lurah Simpangbaru"),
    ("Ahmad Yani", "Ketua RW 01"),
    ("Sri Wahyuni", "Pendamping PKH"),
    ("Rahmat Hidayat", "Petugas pendataan"),
)


def _isi(keluarga: Keluarga, jenis: str, tanggal: datetime.date) -> dict:
    """What the officer's phone would send for this family: one change of `jenis`."""
    data = {
        "uuid": str(uuid.uuid4()),
        "hasil": HasilKunjungan.DITEMUI,
        "alasan_tanpa_gps": "Data demo",
    }
    bukan_kepala = [a for a in keluarga.anggota_set.all() if a.hubungan != Hubungan.KEPALA]
    if jenis == AksiAnggota.MENINGGAL:
        data["anggota"] = [{"id": bukan_kepala[-1].pk, "aksi": jenis, "tanggal": f"{tanggal}"}]
    elif jenis == AksiAnggota.PINDAH:
        data["anggota"] = [{"id": bukan_kepala[-1].pk, "aksi": jenis}]
    else:
        periode = _usulan_terbuka(keluarga)[0]
        data["usulan"] = [
            {"periode": periode.pk, "keterangan": "Kepala keluarga buruh harian, tiga anak"}
        ]
    return data


def _usulan_terbuka(keluarga: Keluarga) -> list:
    """The family programs this family may be proposed for (it is not on their list)."""
    return program_usulan(keluarga, list(Penerima.objects.filter(keluarga=keluarga, aktif=True)))


def _kunjungan(petugas: User, admin: User, keluarga: Keluarga, jenis: str) -> Kunjungan:
    tanggal = timezone.localdate() - datetime.timedelta(days=40)
    kunjungan, _baru = kunjungan_simpan(
        user=petugas, keluarga=keluarga, data=_isi(keluarga, jenis, tanggal)
    )
    return kunjungan_setujui(kunjungan=kunjungan, oleh=admin)


def siklus_demo_buat(*, petugas: User, admin: User, dinsos: User) -> int:
    """Last month's muskel (closed) and this month's waiting changes; returns the number
    of visits made (0 when the demo cycle is already there)."""
    if Muskel.objects.exists() or BulanSiksng.objects.exists():
        return 0
    rw = RW.objects.select_related("kelurahan").get(kelurahan__kode="14.71.08.1001", nomor=1)
    # families never visited (a demo database in use keeps its own visits), with a
    # member besides the head; two of them not on a family program's list, to propose
    kandidat = [
        k
        for k in Keluarga.objects.filter(rw=rw, kunjungan_set__isnull=True)
        .prefetch_related("anggota_set")
        .order_by("pk")[:40]
        if any(a.hubungan != Hubungan.KEPALA for a in k.anggota_set.all())
    ]
    usul = [k for k in kandidat if _usulan_terbuka(k)][:2]
    lain = [k for k in kandidat if k not in usul][:5]
    if len(usul) < 2 or len(lain) < 5:
        return 0
    m, p = AksiAnggota.MENINGGAL, AksiAnggota.PINDAH
    lalu = [
        _kunjungan(petugas, admin, k, j) for k, j in ((lain[0], m), (lain[1], p), (usul[0], "usul"))
    ]
    baru = [
        _kunjungan(petugas, admin, k, j)
        for k, j in ((lain[2], m), (lain[3], p), (lain[4], p), (usul[1], "usul"))
    ]

    # last month: the visits approved a week before its cut-off, the muskel two days before
    kalender = Kalender.baca()
    sekarang = timezone.now()
    bulan_lalu = bulan_geser(kalender.bulan_muskel(sekarang), -1)
    _mulai, akhir = kalender.jendela(bulan_lalu)
    waktu_muskel = akhir - datetime.timedelta(days=2)
    Kunjungan.objects.filter(pk__in=[k.pk for k in lalu]).update(
        diperiksa_at=akhir - datetime.timedelta(days=7)
    )
    terbuka = perubahan_terbuka(kelurahan=rw.kelurahan, sampai=waktu_muskel)
    keputusan = {p.kunci: KeputusanMasuk(putusan=Putusan.DISEPAKATI) for p in terbuka}
    keputusan[terbuka[-1].kunci] = KeputusanMasuk(
        putusan=Putusan.DITUNDA, catatan="Tunggu surat keterangan pindah dari kelurahan tujuan"
    )
    muskel_catat(
        kelurahan=rw.kelurahan,
        oleh=admin,
        data=MuskelMasuk(
            jenis=JenisMuskel.MUSKEL,
            tanggal=timezone.localdate(waktu_muskel),
            tempat="Aula Kantor Lurah Simpangbaru",
            peserta=PESERTA_DEMO,
        ),
        keputusan=keputusan,
        sekarang=waktu_muskel,
    )
    bulan_tutup(bulan=bulan_lalu, oleh=dinsos, sekarang=sekarang)
    return len(lalu) + len(baru)
