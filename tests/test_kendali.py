"""A NUL or another control character in any form or imported file: dropped, never a 500.

PostgreSQL refuses NUL in text (psycopg's DataError). Every form field, query
parameter and uploaded file name passes lib.teks.KendaliMiddleware; every imported
file passes lib.tabular. These tests run on SQLite and, in CI's second pass, on
PostgreSQL, where a NUL that got through fails them with a DataError.
"""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from bansos.models import Periode, Program
from lib.tabular import ImportRefused
from lib.teks import tanpa_kendali, tanpa_kendali_json
from pendataan.impor import keluarga_import
from pendataan.models import AnggotaKeluarga, Keluarga, Kunjungan, RiwayatKunjungan
from pendataan.services import kunjungan_simpan
from petugas.impor import kandidat_import
from petugas.models import OPD, Penugasan, Petugas
from tests.conftest import PASSWORD, buat_petugas
from tests.pendataan.conftest import keluarga  # noqa: F401 (fixture)
from tests.pendataan.test_pemeriksaan import budi_meninggal, pkh  # noqa: F401 (fixture)
from tests.petugas.akses_kartu import kartu_baru

NUL = "\x00"


def pesan(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# ------------------------------------------------------------------------ the helpers


def test_control_characters_go_and_lines_stay():
    assert tanpa_kendali("a\x00b\x01c\x1bd\x7fe\ud800f") == "abcdef"
    assert tanpa_kendali("baris 1\r\nbaris 2\tkolom") == "baris 1\r\nbaris 2\tkolom"
    assert tanpa_kendali_json({"a\x00": ["x\x00", {"y": "\x07z"}, 1, None]}) == {
        "a": ["x", {"y": "z"}, 1, None]
    }


# ------------------------------------------------------------------------------ forms


def test_an_opd_name_with_a_nul(akun, client_for):
    opd = OPD.objects.create(nama="Dinas Uji Lama", singkatan="DUL", kuota=5)
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:opd_ubah", args=[opd.pk]),
        {"nama": f"Dinas{NUL} Baru\x1b", "singkatan": f"D{NUL}B", "kuota": "7"},
    )
    assert response.status_code == 302
    opd.refresh_from_db()
    assert (opd.nama, opd.singkatan, opd.kuota) == ("Dinas Baru", "DB", 7)


def test_a_card_revoked_with_a_nul_in_its_reason(akun, client_for):
    kartu = kartu_baru(akun.petugas.petugas)
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:kartu_cabut", args=[kartu.pk]), {"alasan": f"kartu{NUL} hilang"}
    )
    assert response.status_code == 302
    kartu.refresh_from_db()
    assert kartu.alasan_cabut == "kartu hilang"


def test_a_placement_by_hand_with_nuls(akun, kota, client_for):
    dewi = buat_petugas(ni_pppk="199505052025012001", nama="Dewi", rw=None)
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:rw_tempatkan", args=[kota.rw_simpangbaru_2.pk]),
        {"petugas": dewi.pk, "nomor_sk": f"SK{NUL}/1", "alasan": f"domi{NUL}sili"},
    )
    assert response.status_code in (200, 302)
    penugasan = Penugasan.objects.get(petugas=dewi, selesai__isnull=True)
    assert (penugasan.nomor_sk, penugasan.alasan) == ("SK/1", "domisili")


def test_a_new_password_with_a_nul(akun, client_for):
    sandi = "Sandi-Baru-yang-Panjang-9"
    response = client_for(akun.dinsos).post(
        reverse("akun:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": sandi[:5] + NUL + sandi[5:],
            "new_password2": sandi[:5] + NUL + sandi[5:],
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    akun.dinsos.refresh_from_db()
    assert akun.dinsos.check_password(sandi)


def test_a_login_with_a_nul_is_a_wrong_login_not_a_crash(akun, client):
    response = client.post(
        reverse("akun:login"), {"username": f"din{NUL}sos", "password": f"x{NUL}"}
    )
    assert response.status_code in (200, 403)
    assert "_auth_user_id" not in client.session


def test_a_period_named_with_a_nul(akun, client_for):
    response = client_for(akun.dinsos).post(
        reverse("bansos:program_daftar"),
        {
            "program": Program.objects.get(kode="pkh").pk,
            "nama": f"2026{NUL} Tahap I",
            "mulai": "2026-01-01",
            "selesai": "2026-03-31",
        },
    )
    assert response.status_code == 302
    assert Periode.objects.get().nama == "2026 Tahap I"


def test_review_comments_and_the_officers_reply_with_nuls(
    akun,
    keluarga,  # noqa: F811
    pkh,  # noqa: F811
    client_for,
):
    k, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    admin = client_for(akun.admin_binawidya)
    response = admin.post(
        reverse("pendataan:kunjungan_periksa", args=[k.uuid]),
        {"aksi": "kembalikan", "komentar": f"lampirkan{NUL} akta\x07"},
    )
    assert response.status_code == 302
    assert RiwayatKunjungan.objects.filter(kunjungan=k).last().komentar == "lampirkan akta"
    v = k.verifikasi_set.get()
    response = client_for(akun.petugas).post(
        reverse("pendataan:kunjungan_perbaiki", args=[k.uuid]),
        {
            f"hasil-{v.pk}": "tidak_layak",
            f"alasan-{v.pk}": "lainnya",
            f"alasan_lain-{v.pk}": f"meninggal{NUL} 2026",
            "tanggapan": f"sudah{NUL} difoto",
        },
    )
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.alasan_lain == "meninggal 2026"
    assert RiwayatKunjungan.objects.filter(kunjungan=k).last().komentar == "sudah difoto"
    response = admin.post(
        reverse("pendataan:kunjungan_periksa", args=[k.uuid]),
        {"aksi": "tolak", "komentar": f"{NUL}{NUL}"},  # nothing left: a reason is required
    )
    assert response.status_code == 302
    assert Kunjungan.objects.get(pk=k.pk).status == "dikirim"


def test_a_search_with_a_nul(akun, keluarga, client_for):  # noqa: F811
    response = client_for(akun.petugas).get(reverse("pendataan:daftar_kerja"), {"q": f"Bu{NUL}di"})
    assert response.status_code == 200
    assert "Budi Santoso" in response.content.decode()


# ---------------------------------------------------------------------------- imports

BARIS_KELUARGA = "{nik},{nama},1471080101200{n:03d},Jl. Garuda No. {n},2,1,Simpangbaru,L,,KEPALA"


def keluarga_csv(jumlah: int, nama_ke: dict[int, str]) -> bytes:
    baris = ["nik,nama,nomor_kk,alamat,rt,rw,kelurahan,jenis_kelamin,tanggal_lahir,hubungan"]
    for n in range(1, jumlah + 1):
        nik = f"1471081503{90 + n % 10}{n:04d}"[:16]
        baris.append(BARIS_KELUARGA.format(nik=nik, nama=nama_ke.get(n, f"Warga {n}"), n=n))
    return ("\n".join(baris) + "\n").encode()


def test_a_family_file_with_a_stray_nul_imports_without_it(akun, kota):
    data = keluarga_csv(80, {70: f"Budi{NUL} Santoso\x1b"})  # past the first 4 KB
    assert data.index(b"\x00") > 4096
    keluarga_import(data=data, filename="dtsen.csv", oleh=akun.dinsos)
    assert Keluarga.objects.count() == 80
    assert AnggotaKeluarga.objects.filter(nama="Budi Santoso").count() == 1


def test_a_family_file_with_nuls_at_its_start_is_refused_whole(akun, kota):
    data = keluarga_csv(3, {1: f"Budi{NUL} Santoso"})
    with pytest.raises(ImportRefused) as refused:
        keluarga_import(data=data, filename="dtsen.csv", oleh=akun.dinsos)
    assert "Format berkas tidak dikenal" in str(refused.value)
    assert not Keluarga.objects.exists()


def xlsx_dengan_kendali(baris: list[list[str]], ganti: bytes, dengan: bytes) -> bytes:
    """An XLSX whose sheet XML has a raw control character (no XML parser accepts it)."""
    import openpyxl

    buku = openpyxl.Workbook()
    for b in baris:
        buku.active.append(b)
    keluaran = io.BytesIO()
    buku.save(keluaran)
    masuk, hasil = zipfile.ZipFile(io.BytesIO(keluaran.getvalue())), io.BytesIO()
    with zipfile.ZipFile(hasil, "w") as keluar:
        for info in masuk.infolist():
            isi = masuk.read(info)
            keluar.writestr(info, isi.replace(ganti, dengan))
    return hasil.getvalue()


def test_an_xlsx_with_a_control_character_is_refused_with_a_message(akun, kota):
    data = xlsx_dengan_kendali(
        [
            ["nik", "nama", "nomor_kk", "alamat", "rt", "rw", "kelurahan"],
            [
                "1471081503900001",
                "Budi Santoso",
                "1471080101200001",
                "Jl. Garuda",
                "2",
                "1",
                "Simpangbaru",
            ],
        ],  # fmt: skip
        b"Budi Santoso",
        b"Budi\x01 Santoso",
    )
    with pytest.raises(ImportRefused) as refused:
        keluarga_import(data=data, filename="dtsen.xlsx", oleh=akun.dinsos)
    assert str(refused.value)
    assert not Keluarga.objects.exists()


def test_a_candidate_file_with_a_stray_nul_imports_without_it(akun, kota):
    OPD.objects.create(nama="Dinas Perhubungan", singkatan="Dishub", kuota=43)
    baris = ["nama,ni_pppk,opd,jenis_kelamin,kelurahan,rw,telepon,alamat_domisili"]
    for n in range(1, 70):
        ni = f"1995050520250110{n:02d}"
        baris.append(f"Calon {n},{ni},Dishub,L,14.71.08.1001,1,,Jl. Mawar {n}")
    baris.append(f"Budi{NUL} Santoso,199505052025011099,Dishub,L,14.71.08.1001,1,,Jl. Mawar{NUL}")
    data = ("\n".join(baris) + "\n").encode()
    assert data.index(b"\x00") > 4096
    kandidat_import(data=data, filename="kandidat.csv", oleh=akun.bkpsdm)
    budi = Petugas.objects.get(ni_pppk="199505052025011099")
    assert (budi.nama, budi.alamat_domisili) == ("Budi Santoso", "Jl. Mawar")


def test_an_uploaded_files_name_loses_its_control_characters(akun, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    berkas = SimpleUploadedFile(f"dtsen{NUL}\x1b.csv", keluarga_csv(2, {}), "text/csv")
    response = client_for(akun.dinsos).post(reverse("pendataan:keluarga_impor"), {"berkas": berkas})
    assert response.status_code in (200, 302)
    assert Keluarga.objects.count() == 2
