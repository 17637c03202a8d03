"""Rows of tests/test_access.py's table for the SIKS-NG cycle's URLs."""

from akun.models import Peran
from tests.akses_tulis import Tulis

DINSOS = {Peran.DINSOS, Peran.SUPERADMIN}
# the muskel: the admin kecamatan (their kelurahan) and Dinsos (the city)
HASIL = {Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.SUPERADMIN}
BULAN_LALU = [2026, 1]  # its cut-off long past: Dinsos may close it


def _muskel(k, kelurahan=None) -> list[int]:
    """A recorded muskel of Simpangbaru (or `kelurahan`), made on the spot."""
    import datetime

    from akun.models import User
    from siksng.models import Muskel

    muskel, _ = Muskel.objects.get_or_create(
        kelurahan=kelurahan or k.simpangbaru,
        bulan=datetime.date(2026, 1, 1),
        defaults={
            "jenis": "muskel",
            "tanggal": datetime.date(2026, 1, 10),
            "tempat": "Aula",
            "dicatat_oleh": User.objects.get(username="dinsos"),
        },
    )
    return [muskel.pk]


def _ekspor(k, kecamatan=None) -> list[int]:
    """A finished, masked monthly file of Binawidya (or `kecamatan`), its file stored."""
    import datetime

    from django.core.files.base import ContentFile

    from akun.models import User
    from lib.ekspor import StatusEkspor
    from siksng.models import EksporSiksng

    ekspor = EksporSiksng(
        bulan=datetime.date(2026, 1, 1),
        kecamatan=kecamatan or k.binawidya,
        status=StatusEkspor.SELESAI,
        dibuat_oleh=User.objects.get(username="dinsos"),
    )
    ekspor.berkas.save("uji.xlsx", ContentFile(b"PK uji"), save=True)
    return [ekspor.pk]


TABEL: dict = {
    "siksng:bulan": (lambda k: [], HASIL),
    "siksng:pengaturan": (lambda k: [], DINSOS),
    "siksng:bulan_tutup": (lambda k: BULAN_LALU, DINSOS),  # POST only
    # the city's file for Dinsos, the kecamatan's (masked) for its admin
    "siksng:bulan_ekspor": (lambda k: BULAN_LALU, HASIL),  # POST only
    "siksng:ekspor_status": (_ekspor, HASIL),
    "siksng:ekspor_unduh": (_ekspor, HASIL),
    "siksng:muskel_baru": (lambda k: [k.simpangbaru.pk], HASIL),
    "siksng:muskel_detail": (_muskel, HASIL),
    "siksng:muskel_berita_acara": (_muskel, HASIL),
    "siksng:muskel_bnba": (_muskel, HASIL),
    "siksng:muskel_bnba_xlsx": (_muskel, HASIL),
}

# Cinta Raja (Sail): outside the scope of the admin of Binawidya
DI_LUAR_CAKUPAN: dict = {
    "siksng:muskel_baru": lambda k: [k.cinta_raja.pk],
    "siksng:muskel_detail": lambda k: _muskel(k, k.cinta_raja),
    "siksng:muskel_berita_acara": lambda k: _muskel(k, k.cinta_raja),
    "siksng:muskel_bnba": lambda k: _muskel(k, k.cinta_raja),
    "siksng:muskel_bnba_xlsx": lambda k: _muskel(k, k.cinta_raja),
    "siksng:ekspor_status": lambda k: _ekspor(k, k.sail),
    "siksng:ekspor_unduh": lambda k: _ekspor(k, k.sail),
}

# Dinsos's calendar
TANPA_CAKUPAN_SEKOTA = ("siksng:bulan_tutup",)
# the arg is a month; the file asked for covers the asker's own scope
TANPA_CAKUPAN = {
    "siksng:bulan_ekspor": "the arg is a month; the file covers the asker's own scope",
}


def _hari_batas(k, args):
    from siksng.models import Pengaturan

    return list(Pengaturan.objects.values_list("hari_batas", flat=True))


def _bulan_ditutup(k, args):
    from siksng.models import BulanSiksng

    return BulanSiksng.objects.count()


def _jumlah_muskel(k, args):
    from siksng.models import Keputusan, Muskel, PesertaMuskel

    return (Muskel.objects.count(), PesertaMuskel.objects.count(), Keputusan.objects.count())


def _badan_muskel(k, args) -> dict:
    return {
        "jenis": "muskel",
        "tanggal": "2026-11-10",
        "tempat": "Aula Kantor Lurah",
        "peserta_nama": ["Hj. Ratna"],
        "peserta_peran": ["Lurah"],
    }


def _jumlah_ekspor(k, args) -> int:
    from siksng.models import EksporSiksng

    return EksporSiksng.objects.count()


TULIS: dict = {
    "siksng:bulan_ekspor": Tulis(lambda k, args: {}, _jumlah_ekspor),
    "siksng:pengaturan": Tulis(lambda k, args: {"hari_batas": "20"}, _hari_batas),
    "siksng:bulan_tutup": Tulis(lambda k, args: {}, _bulan_ditutup),
    "siksng:muskel_baru": Tulis(_badan_muskel, _jumlah_muskel),
}
