"""Rows of tests/test_access.py's table for BKPSDM's officer and placement pages.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed
or "publik"). The function runs inside the test, so it may create objects.
"""

from akun.models import Peran
from petugas.models import OPD, Penugasan, Petugas, RencanaPenempatan
from petugas.services import rencana_buat
from tests.akses_tulis import Tulis

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


def _kandidat(k) -> Petugas:
    """An unplaced officer living in Simpangbaru RW 2: a candidate for both Simpangbaru RWs."""
    return Petugas.objects.get_or_create(
        ni_pppk="199606062025011003",
        defaults={
            "nama": "Kandidat Simpangbaru",
            "opd": OPD.objects.first(),
            "jenis_kelamin": "L",
            "kelurahan_domisili": k.simpangbaru,
            "rw_domisili": 2,
        },
    )[0]


def _badan_tempatkan(k, args) -> dict:
    return {"petugas": _kandidat(k).pk, "nomor_sk": "SK/UJI/2", "alasan": "domisili"}


def _petugas_aktif_rw(rw_pk) -> list:
    return list(
        Penugasan.objects.filter(rw_id=rw_pk, selesai__isnull=True).values_list(
            "petugas_id", flat=True
        )
    )


def _user_sandi(k, args) -> str:
    return Petugas.objects.select_related("user").get(pk=args[0]).user.password


TULIS: dict = {
    "petugas:tersedia": Tulis(
        lambda k, args: {"tersedia": "0"},
        lambda k, args: Petugas.objects.get(pk=args[0]).tersedia,
    ),
    "petugas:reset_sandi": Tulis(lambda k, args: {}, _user_sandi),
    "petugas:opd_ubah": Tulis(
        lambda k, args: {"nama": "Dinas Ubahan", "singkatan": "DU", "kuota": 7},
        lambda k, args: OPD.objects.filter(pk=args[0]).values_list("nama", "kuota").get(),
    ),
    "petugas:rencana_terapkan": Tulis(
        lambda k, args: {"nomor_sk": "SK/UJI/RENCANA"},
        lambda k, args: Penugasan.objects.count(),
    ),
    "petugas:rw_tempatkan": Tulis(_badan_tempatkan, lambda k, args: _petugas_aktif_rw(args[0])),
    "petugas:penugasan_ganti": Tulis(
        _badan_tempatkan,
        lambda k, args: _petugas_aktif_rw(Penugasan.objects.get(pk=args[0]).rw_id),
    ),
    "petugas:penugasan_akhiri": Tulis(
        lambda k, args: {"alasan": "Pindah tugas"},
        lambda k, args: Penugasan.objects.get(pk=args[0]).selesai,
    ),
}


def _badan_rencana(k, args) -> dict:
    _kandidat(k)
    return {"cakupan": RencanaPenempatan.Cakupan.KOTA}


TULIS["petugas:opd_list"] = Tulis(
    lambda k, args: {"nama": "Dinas Baru", "singkatan": "DB", "kuota": 3},
    lambda k, args: OPD.objects.count(),
)
TULIS["petugas:penempatan"] = Tulis(
    _badan_rencana, lambda k, args: RencanaPenempatan.objects.count()
)
