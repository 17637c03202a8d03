import datetime
import uuid

import pytest

from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga


@pytest.fixture
def tugas_di_proses_ini():
    """Celery tasks run in this process, as without REDIS_URL, even in the PostgreSQL +
    Redis pass (tests/pendataan/test_foto_worker.py covers the real worker)."""
    from config.celery_app import app

    lama = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = lama


@pytest.fixture
def keluarga(kota, akun) -> Keluarga:
    """A family of three in RW 01 Simpangbaru, the demo-like officer's RW."""
    k = Keluarga.objects.create(
        nomor_kk="1471080101200001", rw=kota.rw_simpangbaru_1, rt=2, alamat="Jl. Garuda No. 5"
    )
    AnggotaKeluarga.objects.create(
        keluarga=k,
        nik="1471081503900001",
        nama="Budi Santoso",
        hubungan=Hubungan.KEPALA,
        jenis_kelamin="L",
        tanggal_lahir=datetime.date(1990, 3, 15),
    )
    AnggotaKeluarga.objects.create(
        keluarga=k,
        nik="1471085503920002",
        nama="Siti Aminah",
        hubungan=Hubungan.PASANGAN,
        jenis_kelamin="P",
        tanggal_lahir=datetime.date(1992, 3, 15),
    )
    AnggotaKeluarga.objects.create(
        keluarga=k,
        nik="1471081002150003",
        nama="Rafi Santoso",
        hubungan=Hubungan.ANAK,
        jenis_kelamin="L",
        tanggal_lahir=datetime.date(2015, 2, 10),
    )
    return k


@pytest.fixture
def keluarga_sail(kota, akun) -> Keluarga:
    k = Keluarga.objects.create(
        nomor_kk="1471030101200009", rw=kota.rw_cinta_raja_1, rt=1, alamat="Jl. Sail No. 1"
    )
    AnggotaKeluarga.objects.create(
        keluarga=k,
        nik="1471031503800009",
        nama="Ahmad Sail",
        hubungan=Hubungan.KEPALA,
        jenis_kelamin="L",
    )
    return k


def waktu(detik: int) -> str:
    """A phone's clock reading, `detik` seconds from now (a fixed moment per test run)."""
    return (_SEKARANG + datetime.timedelta(seconds=detik)).isoformat()


_SEKARANG = datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def data_kunjungan(keluarga: Keluarga, **lain) -> dict:
    anggota = list(keluarga.anggota_set.all())
    data = {
        "uuid": str(uuid.uuid4()),
        "hasil": "ditemui",
        "anggota": [{"id": a.pk, "aksi": "tetap", "tanggal": None} for a in anggota],
        "anggota_baru": [],
        "variabel": {"keluarga": {"lantai": 6, "atap": 3, "aset_sepeda_motor": 1}},
        "catatan": "",
        "latitude": "0.470000",
        "longitude": "101.380000",
        "akurasi_m": 12,
        "alasan_tanpa_gps": "",
        "dibuka_at": waktu(-360),
        "dikirim_at": waktu(0),
        "foto": [],
    }
    data.update(lain)
    return data
