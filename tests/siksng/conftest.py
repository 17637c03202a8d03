import datetime

import pytest
from django.utils import timezone

from dasbor.hitung import ringkasan_bangun_ulang, ringkasan_sapu
from pendataan.models import AksiAnggota, CatatanAnggota, Kunjungan
from siksng.models import JenisMuskel, Putusan
from siksng.services import KeputusanMasuk, MuskelMasuk, muskel_catat
from tests.bansos.conftest import hasil_disetujui  # noqa: F401 (fixture)
from tests.pendataan.conftest import keluarga, keluarga_sail  # noqa: F401 (fixtures)


@pytest.fixture
def perubahan(hasil_disetujui):  # noqa: F811
    """The bansos fixture's approved findings (Simpangbaru: Siti tetap, Joko keluar, Rina
    keluar, Wati usul; Hendra's visit waiting; Cinta Raja: Ahmad tetap) and, on Joko's
    approved visit, his death recorded: a data change (perbaikan data). The RW summaries
    are counted, as after the approvals' tasks."""
    joko = hasil_disetujui.simpangbaru[1]
    kunjungan = Kunjungan.objects.get(keluarga=joko)
    CatatanAnggota.objects.create(
        kunjungan=kunjungan,
        anggota=joko.anggota_set.get(),
        aksi=AksiAnggota.MENINGGAL,
        tanggal=datetime.date(2026, 10, 2),
    )
    ringkasan_bangun_ulang()
    return hasil_disetujui


def muskel_sepakati(kelurahan, oleh, *, sekarang=None, putusan=None, **lain):
    """A muskel through the real service agreeing every open change (or `putusan[kunci]`);
    the RWs it marks are recomputed."""
    from siksng.perubahan import perubahan_terbuka

    sekarang = sekarang or timezone.now()
    putusan = putusan or {}
    terbuka = perubahan_terbuka(kelurahan=kelurahan, sampai=sekarang)
    data = MuskelMasuk(
        jenis=lain.pop("jenis", JenisMuskel.MUSKEL),
        tanggal=lain.pop("tanggal", timezone.localdate(sekarang)),
        tempat=lain.pop("tempat", "Aula Kantor Lurah"),
        peserta=lain.pop("peserta", (("Hj. Ratna", "Lurah"), ("Ahmad Yani", "Ketua RW 01"))),
        **lain,
    )
    keputusan = {
        p.kunci: putusan.get(p.kunci, KeputusanMasuk(putusan=Putusan.DISEPAKATI)) for p in terbuka
    }
    muskel = muskel_catat(
        kelurahan=kelurahan, oleh=oleh, data=data, keputusan=keputusan, sekarang=sekarang
    )
    ringkasan_sapu()  # what the task enqueued on commit does with the RWs it marked
    return muskel
