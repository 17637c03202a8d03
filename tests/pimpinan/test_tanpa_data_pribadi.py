"""Pimpinan never gets a resident's name, NIK or KK number: every page and file open
to pimpinan (tests/test_access.py's table) is read whole and searched for each one
the fixtures hold, with results, recipients and summaries in place."""

import pytest
from django.urls import reverse

from dasbor.hitung import ringkasan_bangun_ulang
from pendataan.models import AnggotaKeluarga, Keluarga
from tests.bansos.conftest import dua_program, hasil_disetujui  # noqa: F401 (fixtures)
from tests.pendataan.conftest import keluarga, keluarga_sail  # noqa: F401 (fixtures)
from tests.test_access import PUBLIK, TABEL

HALAMAN_PIMPINAN = sorted(
    nama
    for nama, (_, boleh) in TABEL.items()
    if boleh != PUBLIK and "pimpinan" in boleh and nama != "akun:logout"
)


def _terlarang() -> list[str]:
    nilai = []
    for nik, nama in AnggotaKeluarga.objects.values_list("nik", "nama"):
        nilai += [nik, nama, "\u2022" + nik[-4:]]  # whole, or masked (1471••••••••0002)
    for kk, alamat in Keluarga.objects.values_list("nomor_kk", "alamat"):
        nilai += [kk, alamat]
    return nilai


@pytest.mark.parametrize("nama", HALAMAN_PIMPINAN)
def test_no_page_of_pimpinan_holds_a_person(nama, dua_program, kota, akun, client_for):  # noqa: F811
    ringkasan_bangun_ulang()
    args_for, _ = TABEL[nama]
    client = client_for(akun.pimpinan)
    response = client.get(reverse(nama, args=args_for(kota)))
    assert response.status_code in (200, 302, 405)
    isi = b"".join(response.streaming_content) if response.streaming else response.content
    teks = isi.decode("utf-8", "replace")
    if nama == "pimpinan:unduh":  # an XLSX: its strings are in the zip
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(isi)) as z:
            teks = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    bocor = [t for t in _terlarang() if t and t in teks]
    assert bocor == [], f"{nama} shows {len(bocor)} personal values"


def test_the_scan_covers_the_dashboards():
    assert {"pimpinan:dasbor", "pimpinan:unduh", "bansos:hasil_semua"} <= set(HALAMAN_PIMPINAN)
