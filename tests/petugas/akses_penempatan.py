"""Rows of tests/test_access.py's table for BKPSDM's officer and placement pages.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed
or "publik"). The function runs inside the test, so it may create objects.
"""

from akun.models import Peran
from petugas.models import OPD, Penugasan, Petugas, RencanaPenempatan
from petugas.services import rencana_buat

BKPSDM = {Peran.BKPSDM, Peran.SUPERADMIN}


def _petugas(k):
    return [Petugas.objects.get(ni_pppk="199003152025011001").pk]


def _penugasan(k):
    return [Penugasan.objects.filter(selesai__isnull=True).first().pk]


def _rencana(k):
    from akun.models import User

    rencana = RencanaPenempatan.objects.first()
    if rencana is None:
        Petugas.objects.create(
            nama="Kandidat Akses",
            ni_pppk="199505052025012001",
            opd=OPD.objects.first(),
            jenis_kelamin="P",
            kelurahan_domisili=k.delima,
            rw_domisili=1,
        )
        rencana = rencana_buat(
            cakupan=RencanaPenempatan.Cakupan.KOTA, oleh=User.objects.get(username="bkpsdm")
        )
    return [rencana.pk]


TABEL: dict = {
    "petugas:daftar": (lambda k: [], BKPSDM),
    "petugas:aktivitas": (lambda k: [], BKPSDM),
    "petugas:aktivitas_unduh": (lambda k: [], BKPSDM),
    "petugas:detail": (_petugas, BKPSDM),
    "petugas:reset_sandi": (_petugas, BKPSDM),
    "petugas:tersedia": (_petugas, BKPSDM),
    "petugas:opd_list": (lambda k: [], BKPSDM),
    "petugas:opd_ubah": (lambda k: [OPD.objects.first().pk], BKPSDM),
    "petugas:peta": (lambda k: [], BKPSDM),
    "petugas:penempatan": (lambda k: [], BKPSDM),
    "petugas:rencana": (_rencana, BKPSDM),
    "petugas:rencana_terapkan": (_rencana, BKPSDM),
    "petugas:rw": (lambda k: [k.rw_simpangbaru_1.pk], BKPSDM),
    "petugas:rw_tempatkan": (lambda k: [k.rw_simpangbaru_2.pk], BKPSDM),
    "petugas:penugasan_ganti": (_penugasan, BKPSDM),
    "petugas:penugasan_akhiri": (_penugasan, BKPSDM),
}
