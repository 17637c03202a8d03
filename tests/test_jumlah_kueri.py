"""Every list page runs a fixed number of queries, whatever the number of rows it lists.

Each page is opened with some rows, then with twice as many: the count must not move
(no query per row) and stays at the figure named here (a new query is a decision).
"""

import itertools
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bansos.demo import periode_demo_buat
from dasbor.hitung import ringkasan_bangun_ulang
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
from pendataan.services import kunjungan_simpan
from tests.conftest import buat_petugas
from wilayah.models import RW

_nomor = itertools.count(1)


def _keluarga(rw: RW, n: int) -> list[Keluarga]:
    hasil = []
    for _ in range(n):
        i = next(_nomor)
        k = Keluarga.objects.create(
            nomor_kk=f"147108010120{i:04d}", rw=rw, rt=1 + i % 3, alamat=f"Jl. Uji {i}"
        )
        AnggotaKeluarga.objects.create(
            keluarga=k,
            nik=f"147108150390{i:04d}",
            nama=f"Warga {i}",
            hubungan=Hubungan.KEPALA,
            jenis_kelamin="L",
        )
        hasil.append(k)
    return hasil


def _kunjungi(user, keluarga: list[Keluarga]) -> None:
    for k in keluarga:
        kunjungan_simpan(
            user=user,
            keluarga=k,
            data={"uuid": str(uuid.uuid4()), "hasil": "ditemui", "alasan_tanpa_gps": "uji"},
        )


def _kueri(client, url: str, data: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as kueri:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(kueri.captured_queries)


@pytest.fixture
def kota_berisi(kota, akun, django_capture_on_commit_callbacks):
    periode_demo_buat()

    def tambah():
        # as committed: the pages and counts kept in the cache are rendered again
        with django_capture_on_commit_callbacks(execute=True):
            _kunjungi(akun.petugas, _keluarga(kota.rw_simpangbaru_1, 4)[:2])
            _keluarga(kota.rw_simpangbaru_2, 3)
            n = next(_nomor)
            rw = RW.objects.create(
                kelurahan=kota.delima, nomor=10 + n, latitude=0.47, longitude=101.4
            )
            buat_petugas(ni_pppk=f"19900315202501{n:04d}", nama=f"Petugas {n}", rw=rw)
            ringkasan_bangun_ulang()  # the families above were written without the services

    return tambah


# the URL's args, for a page that has some
ARGS = {
    "dasbor:kecamatan": lambda k: [k.binawidya.kode],
    "dasbor:titik": lambda k: [k.binawidya.kode],
    "dasbor:kelurahan": lambda k: [k.simpangbaru.kode],
    "dasbor:rw": lambda k: [k.rw_simpangbaru_1.pk],
}

# page, whose session, query string, queries
HALAMAN = [
    # -1 since the session is read from its copy in the cache (lib/sesi.py)
    # +1 since the officer's own progress line (dasbor.selectors.kemajuan_petugas)
    ("pendataan:daftar_kerja", "petugas", {}, 9),
    ("pendataan:daftar_kerja", "petugas", {"saring": "belum"}, 9),
    ("pendataan:daftar_kerja", "petugas", {"q": "Warga"}, 9),
    ("pendataan:antrean", "admin_binawidya", {}, 7),
    # -3 since the results add up the RW summaries: one query instead of four
    ("bansos:hasil", "dinsos", {}, 9),
    ("bansos:hasil", "admin_binawidya", {}, 8),
    ("bansos:hasil_semua", "dinsos", {}, 8),
    ("bansos:hasil_semua", "pimpinan", {}, 6),
    ("petugas:daftar", "bkpsdm", {}, 6),
    ("petugas:peta", "bkpsdm", {}, 3),
    ("petugas:aktivitas", "bkpsdm", {}, 3),
    ("akun:beranda", "pimpinan", {}, 2),
    ("akun:beranda", "admin_binawidya", {}, 8),
    ("akun:beranda", "petugas", {}, 4),
    ("dasbor:kecamatan", "admin_binawidya", {}, 8),
    ("dasbor:kelurahan", "admin_binawidya", {}, 6),
    ("dasbor:rw", "admin_binawidya", {}, 9),
    ("dasbor:titik", "admin_binawidya", {"zoom": 18}, 4),
    ("pimpinan:dasbor", "pimpinan", {}, 8),
    ("wilayah:kecamatan_list", "pimpinan", {}, 2),
]


@pytest.mark.parametrize(("nama", "peran", "data", "jumlah"), HALAMAN)
def test_a_list_page_runs_the_same_queries_for_twice_the_rows(
    kota_berisi, kota, akun, client_for, nama, peran, data, jumlah
):
    client = client_for(getattr(akun, peran))
    url = reverse(nama, args=ARGS[nama](kota) if nama in ARGS else [])
    kota_berisi()
    sedikit = _kueri(client, url, data)
    kota_berisi()
    kota_berisi()
    assert (_kueri(client, url, data), sedikit) == (jumlah, jumlah)


def test_the_visit_submit_runs_a_fixed_number_of_queries(kota, akun, client_for):
    """The phone's submit of a visit to a family of one: 11 queries, plus 1 for the audit
    entry's insert (tests/audit/test_audit.py measures the difference) and 1 for marking
    the RW's dashboard summary out of date (dasbor/tandai.py). 16 before the session was
    read from the cache (lib/sesi.py) and the family, its scope and its kelurahan's
    boundary in one query (pendataan.selectors.keluarga_for, `satu`)."""
    import json

    from tests.pendataan.conftest import data_kunjungan

    (keluarga,) = _keluarga(kota.rw_simpangbaru_1, 1)
    client = client_for(akun.petugas)
    url = reverse("pendataan:kunjungan_kirim", args=[keluarga.pk])

    def kirim() -> int:
        data = json.dumps(data_kunjungan(keluarga, uuid=str(uuid.uuid4())))
        with CaptureQueriesContext(connection) as kueri:
            response = client.post(url, data=data, content_type="application/json")
        assert response.status_code == 201
        return len(kueri.captured_queries)

    kirim()  # the session and content types read once
    assert kirim() == 13
