from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client

from akun.models import Peran, User
from akun.services import user_buat
from petugas.models import OPD, JenisKelamin, Petugas
from petugas.services import penugasan_tempatkan
from tests.seaweedfs import media_s3, seaweedfs  # noqa: F401 (fixtures)
from wilayah.models import RW, Kecamatan, Kelurahan
from wilayah.services import wilayah_import_csv

DATA = Path(__file__).resolve().parent.parent / "wilayah" / "data"
PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _halaman_tembolok_baru():
    """Every page and count a test before this one left in the cache is out of date:
    they all hold the "umum" version (dasbor/tembolok.py), and the database starts over."""
    from dasbor.tembolok import versi_naikkan

    versi_naikkan(umum=True)


@dataclass
class Kota:
    binawidya: Kecamatan
    sail: Kecamatan
    simpangbaru: Kelurahan
    delima: Kelurahan
    cinta_raja: Kelurahan
    rw_simpangbaru_1: RW
    rw_simpangbaru_2: RW
    rw_delima_1: RW
    rw_cinta_raja_1: RW


@pytest.fixture
def kota(db) -> Kota:
    """The real 15 kecamatan and 83 kelurahan, with a few RWs in Binawidya and Sail."""
    wilayah_import_csv(data=(DATA / "pekanbaru_wilayah.csv").read_bytes())
    kel = {k.kode: k for k in Kelurahan.objects.all()}

    def rw(kode: str, nomor: int) -> RW:
        return RW.objects.create(
            kelurahan=kel[kode], nomor=nomor, latitude="0.470000", longitude="101.380000"
        )

    return Kota(
        binawidya=Kecamatan.objects.get(kode="14.71.08"),
        sail=Kecamatan.objects.get(kode="14.71.03"),
        simpangbaru=kel["14.71.08.1001"],
        delima=kel["14.71.08.1008"],
        cinta_raja=kel["14.71.03.1001"],
        rw_simpangbaru_1=rw("14.71.08.1001", 1),
        rw_simpangbaru_2=rw("14.71.08.1001", 2),
        rw_delima_1=rw("14.71.08.1008", 1),
        rw_cinta_raja_1=rw("14.71.03.1001", 1),
    )


def buat_petugas(*, ni_pppk: str, nama: str, rw: RW | None, opd: OPD | None = None) -> Petugas:
    """An officer with a login, placed in `rw` when given (through the real services)."""
    opd = opd or OPD.objects.get_or_create(nama="Dinas Uji", defaults={"kuota": 10})[0]
    user = user_buat(username=ni_pppk, password=PASSWORD, peran=Peran.PETUGAS, nama=nama)
    petugas = Petugas.objects.create(
        user=user,
        nama=nama,
        ni_pppk=ni_pppk,
        opd=opd,
        jenis_kelamin=JenisKelamin.LAKI_LAKI,
        kelurahan_domisili=rw.kelurahan if rw else Kelurahan.objects.first(),
        rw_domisili=rw.nomor if rw else None,
    )
    if rw is not None:
        penugasan_tempatkan(
            petugas=petugas, rw=rw, oleh=None, nomor_sk="SK/UJI/1", alasan="domisili"
        )
    return petugas


@dataclass
class Akun:
    petugas: User
    petugas_sail: User
    admin_binawidya: User
    admin_sail: User
    bkpsdm: User
    dinsos: User
    pimpinan: User
    superadmin: User
    pdp: User

    def by_peran(self) -> dict[str, User]:
        return {
            Peran.PETUGAS: self.petugas,
            Peran.ADMIN_KECAMATAN: self.admin_binawidya,
            Peran.BKPSDM: self.bkpsdm,
            Peran.DINSOS: self.dinsos,
            Peran.PIMPINAN: self.pimpinan,
            Peran.SUPERADMIN: self.superadmin,
            Peran.PDP: self.pdp,
        }


@pytest.fixture
def akun(kota) -> Akun:
    def user(username: str, peran: Peran, kecamatan: Kecamatan | None = None) -> User:
        return user_buat(username=username, password=PASSWORD, peran=peran, kecamatan=kecamatan)

    return Akun(
        petugas=buat_petugas(
            ni_pppk="199003152025011001", nama="Petugas Simpangbaru", rw=kota.rw_simpangbaru_1
        ).user,
        petugas_sail=buat_petugas(
            ni_pppk="199204202025012002", nama="Petugas Cinta Raja", rw=kota.rw_cinta_raja_1
        ).user,
        admin_binawidya=user("admin.binawidya", Peran.ADMIN_KECAMATAN, kota.binawidya),
        admin_sail=user("admin.sail", Peran.ADMIN_KECAMATAN, kota.sail),
        bkpsdm=user("bkpsdm", Peran.BKPSDM),
        dinsos=user("dinsos", Peran.DINSOS),
        pimpinan=user("pimpinan", Peran.PIMPINAN),
        superadmin=user("superadmin", Peran.SUPERADMIN),
        pdp=user("pdp", Peran.PDP),
    )


@pytest.fixture
def client_for():
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def pytest_terminal_summary(terminalreporter):
    """Print what tests measured (record_property("angka: ...", value)), so CI's log shows it."""
    angka = [
        (laporan.nodeid.split("::")[-1], nama.removeprefix("angka: "), nilai)
        for kunci in ("passed", "failed")
        for laporan in terminalreporter.stats.get(kunci, [])
        if getattr(laporan, "when", None) == "call"
        for nama, nilai in laporan.user_properties
        if nama.startswith("angka: ")
    ]
    if angka:
        terminalreporter.section("angka terukur")
        for tes, nama, nilai in angka:
            terminalreporter.write_line(f"{nama}: {nilai}  ({tes})")
