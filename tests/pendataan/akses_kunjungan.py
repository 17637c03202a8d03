"""Rows of tests/test_access.py's table for the officer's worklist, families and visits.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed).
The functions run inside the test and create the family and visit they need.
"""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from akun.models import Peran, User
from pendataan.models import AnggotaKeluarga, FotoKunjungan, Hubungan, Keluarga, Kunjungan
from tests.akses_tulis import Tulis

LIHAT = {Peran.PETUGAS, Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.SUPERADMIN}
PETUGAS = {Peran.PETUGAS, Peran.SUPERADMIN}  # superadmin may open everything
NI_PPPK = "199003152025011001"  # the officer of Simpangbaru RW 1 (tests/conftest.py)
NI_PPPK_SAIL = "199204202025012002"  # the officer of Cinta Raja RW 1, in Sail


def _keluarga(k, rw=None, nomor_kk: str = "1471080101200001") -> Keluarga:
    """A family with its head; in Simpangbaru RW 1 (the officer's) unless `rw` is given."""
    keluarga, dibuat = Keluarga.objects.get_or_create(
        nomor_kk=nomor_kk, defaults={"rw": rw or k.rw_simpangbaru_1, "rt": 1}
    )
    if dibuat:
        AnggotaKeluarga.objects.create(
            keluarga=keluarga,
            nik=nomor_kk[:6] + "1503900001",
            nama="Budi",
            hubungan=Hubungan.KEPALA,
            jenis_kelamin="L",
        )
    return keluarga


def _kunjungan(k, keluarga: Keluarga | None = None, ni_pppk: str = NI_PPPK) -> Kunjungan:
    keluarga = keluarga or _keluarga(k)
    petugas = User.objects.get(username=ni_pppk).petugas
    return Kunjungan.objects.get_or_create(
        keluarga=keluarga,
        defaults={
            "uuid": uuid.uuid4(),
            "sidik": "x",
            "petugas": petugas,
            "rw": keluarga.rw,
            "hasil": "ditemui",
        },
    )[0]


TABEL: dict = {
    "pendataan:daftar_kerja": (lambda k: [], PETUGAS),
    "pendataan:keluarga_detail": (lambda k: [_keluarga(k).pk], LIHAT),
    "pendataan:kunjungan_baru": (lambda k: [_keluarga(k).pk], PETUGAS),
    # POST-only, JSON: an empty body is refused with 400; the scoped 404s for another
    # RW's officer are in tests/pendataan/test_kunjungan.py.
    "pendataan:kunjungan_kirim": (lambda k: [_keluarga(k).pk], PETUGAS),
    "pendataan:kunjungan_detail": (lambda k: [_kunjungan(k).uuid], LIHAT),
    # only the visit's own officer may add its photos: the superadmin gets 404 here too
    "pendataan:kunjungan_foto_unggah": (lambda k: [_kunjungan(k).uuid], {Peran.PETUGAS}),
    # only processed photos are served; none exists here, so every role gets 404
    "pendataan:foto": (lambda k: [1, "kecil"], set()),
    # the installable app: the page shown without signal is the officer's; the worker and
    # the manifest are files for anyone (tests/pendataan/test_luring.py)
    "pendataan:luring": (lambda k: [], PETUGAS),
    "pendataan:luring_versi": (lambda k: [], PETUGAS),
    "pendataan:luring_daftar": (lambda k: [], PETUGAS),
    "service_worker": (lambda k: [], "publik"),
    "manifest": (lambda k: [], "publik"),
}


# Outside the scope of the admin of Binawidya and of the Simpangbaru officer: in Cinta Raja (Sail).
def keluarga_sail(k) -> Keluarga:
    return _keluarga(k, k.rw_cinta_raja_1, "1471030101200001")


def kunjungan_sail(k) -> Kunjungan:
    return _kunjungan(k, keluarga_sail(k), NI_PPPK_SAIL)


# Inside the admin's kecamatan but another RW than the officer's: Simpangbaru RW 2.
def keluarga_rw_2(k) -> Keluarga:
    return _keluarga(k, k.rw_simpangbaru_2, "1471080101200002")


def kunjungan_rw_2(k) -> Kunjungan:
    return _kunjungan(k, keluarga_rw_2(k), NI_PPPK_SAIL)


def _baris_luar(keluarga, kunjungan) -> dict:
    """The officer's URLs, on a family and a visit built by `keluarga` and `kunjungan`."""
    return {
        "pendataan:keluarga_detail": lambda k: [keluarga(k).pk],
        "pendataan:kunjungan_baru": lambda k: [keluarga(k).pk],
        "pendataan:kunjungan_kirim": lambda k: [keluarga(k).pk],
        "pendataan:kunjungan_detail": lambda k: [kunjungan(k).uuid],
        "pendataan:kunjungan_foto_unggah": lambda k: [kunjungan(k).uuid],
    }


DI_LUAR_CAKUPAN: dict = _baris_luar(keluarga_sail, kunjungan_sail)
DI_LUAR_RW: dict = _baris_luar(keluarga_rw_2, kunjungan_rw_2)


def foto_kamera(nama: str = "f.jpg") -> SimpleUploadedFile:
    from pendataan.demo import foto_kamera_jpeg

    return SimpleUploadedFile(nama, foto_kamera_jpeg(ukuran=(640, 480)), "image/jpeg")


def _badan_kirim(k, args) -> dict:
    from tests.pendataan.conftest import data_kunjungan

    return data_kunjungan(Keluarga.objects.get(pk=args[0]))


def _badan_foto(k, args) -> dict:
    foto_uuid = str(uuid.uuid4())
    Kunjungan.objects.filter(uuid=args[0]).update(
        foto_diharapkan=[{"uuid": foto_uuid, "jenis": "kk"}]
    )
    return {"foto_uuid": foto_uuid, "jenis": "kk", "foto": foto_kamera()}


def jumlah_foto(k, args) -> int:
    return FotoKunjungan.objects.filter(kunjungan__uuid=args[0]).count()


TULIS: dict = {
    "pendataan:kunjungan_kirim": Tulis(
        _badan_kirim,
        lambda k, args: Kunjungan.objects.filter(keluarga_id=args[0]).count(),
        json=True,
        tanpa_tulis=frozenset({Peran.SUPERADMIN}),
    ),
    "pendataan:kunjungan_foto_unggah": Tulis(_badan_foto, jumlah_foto),
}
