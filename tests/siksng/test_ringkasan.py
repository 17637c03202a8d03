"""The overview's "waiting for a muskel" count comes from the RW summaries
(dasbor.RingkasanRW.perubahan_terbuka), kept by the approvals and the muskel's marks."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dasbor.hitung import ringkasan_sapu
from dasbor.models import RingkasanRW, RWKotor
from siksng.models import JenisMuskel, Putusan
from siksng.perubahan import perubahan_terbuka
from siksng.selectors import terbuka_per_kelurahan
from siksng.services import KeputusanMasuk, MuskelMasuk, muskel_catat
from wilayah.models import Kelurahan


def _terbuka(kota) -> dict:
    return {
        "simpangbaru": RingkasanRW.objects.get(rw=kota.rw_simpangbaru_1).perubahan_terbuka,
        "per_kelurahan": {
            k: n for k, n in terbuka_per_kelurahan(Kelurahan.objects.all()).items() if n
        },
    }


def test_the_summary_counts_each_rws_open_changes(perubahan, kota):
    terbuka = _terbuka(kota)
    # Siti tetap, Joko keluar, Rina keluar, Wati usul, Joko's death: five; Hendra's waits
    assert terbuka["simpangbaru"] == 5
    assert terbuka["per_kelurahan"] == {kota.simpangbaru.pk: 5, kota.cinta_raja.pk: 1}


def test_a_muskel_marks_its_rws_and_the_count_follows(perubahan, kota, akun):
    sekarang = timezone.now()
    terbuka = perubahan_terbuka(kelurahan=kota.simpangbaru, sampai=sekarang)
    keputusan = {p.kunci: KeputusanMasuk(putusan=Putusan.DISEPAKATI) for p in terbuka}
    keputusan[terbuka[0].kunci] = KeputusanMasuk(putusan=Putusan.DITUNDA, catatan="Belum jelas")
    data = MuskelMasuk(
        jenis=JenisMuskel.MUSKEL,
        tanggal=timezone.localdate(sekarang),
        tempat="Aula Kantor Lurah",
        peserta=(("Hj. Ratna", "Lurah"),),
    )
    muskel_catat(
        kelurahan=kota.simpangbaru,
        oleh=akun.admin_binawidya,
        data=data,
        keputusan=keputusan,
        sekarang=sekarang,
    )
    # the muskel's own write marks the RW; the task its commit enqueues recomputes it
    assert RWKotor.objects.filter(rw=kota.rw_simpangbaru_1).exists()
    assert _terbuka(kota)["simpangbaru"] == 5
    ringkasan_sapu()
    assert not RWKotor.objects.exists()
    assert _terbuka(kota) == {
        "simpangbaru": 1,
        "per_kelurahan": {kota.simpangbaru.pk: 1, kota.cinta_raja.pk: 1},
    }


def test_the_count_is_one_query_whatever_the_city(perubahan, kota):
    with CaptureQueriesContext(connection) as kueri:
        terbuka_per_kelurahan(Kelurahan.objects.all())
    assert len(kueri) == 1
    assert "dasbor_ringkasanrw" in kueri[0]["sql"]
    assert "bansos_verifikasi" not in kueri[0]["sql"]
