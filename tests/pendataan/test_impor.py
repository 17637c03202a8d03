import datetime
import io
import logging

import openpyxl
import pytest
from django.db import connection

from akun.models import Peran
from akun.services import user_buat
from lib.tabular import ImportRefused
from pendataan.demo import keluarga_demo_csv
from pendataan.impor import baca_tanggal, keluarga_import
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
from pendataan.nik import validate_kk, validate_nik
from tests.conftest import PASSWORD
from wilayah.models import RW

KOLOM = "nik,nama,nomor_kk,alamat,rt,rw,kelurahan,jenis_kelamin,tanggal_lahir,hubungan"
KK_BUDI = "1471080101200001"
ALAMAT_BUDI = "Jl. Garuda No. 5,2,1,Simpangbaru"
BUDI = f"1471081503900001,Budi Santoso,{KK_BUDI},{ALAMAT_BUDI},L,15-03-1990,KEPALA KELUARGA"
SITI = f"1471085503920002,Siti Aminah,{KK_BUDI},{ALAMAT_BUDI},P,15/03/1992,ISTRI"
RAFI = f"1471081002150003,Rafi Santoso,{KK_BUDI},{ALAMAT_BUDI},,,ANAK"
# Born in Padang: a NIK issued outside Pekanbaru, in a family of Sail; kelurahan by code.
AHMAD = (
    "1371011503800009,Ahmad Chaniago,1471030101200009,Jl. Sail No. 1,1,1,14.71.03.1001,,"
    "1980-03-15,kepala"
)


@pytest.fixture
def dinsos(kota):
    return user_buat(username="dinsos", password=PASSWORD, peran=Peran.DINSOS)


def csv(*rows: str, header: str = KOLOM) -> bytes:
    return (header + "\n" + "".join(r + "\n" for r in rows)).encode()


def xlsx(*rows: list) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    keluaran = io.BytesIO()
    workbook.save(keluaran)
    return keluaran.getvalue()


def impor(user, data: bytes, filename: str = "dtks.csv"):
    return keluarga_import(data=data, filename=filename, oleh=user)


def isi_basis_data() -> tuple[list, list]:
    return (
        list(Keluarga.objects.order_by("pk").values_list()),
        list(AnggotaKeluarga.objects.order_by("pk").values_list()),
    )


def refused(user, data: bytes, filename: str = "dtks.csv") -> list[str]:
    before = isi_basis_data()
    with pytest.raises(ImportRefused) as info:
        impor(user, data, filename)
    assert isi_basis_data() == before, "nothing may be written"
    return [str(e) for e in info.value.errors]


def counts(hasil) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    return (
        (hasil.keluarga_baru, hasil.keluarga_diperbarui, hasil.keluarga_tetap),
        (hasil.anggota_baru, hasil.anggota_diperbarui, hasil.anggota_tetap),
    )


def test_it_imports_a_csv(dinsos, kota):
    hasil = impor(dinsos, csv(BUDI, SITI, RAFI, AHMAD))
    assert counts(hasil) == ((2, 0, 0), (4, 0, 0))
    keluarga = Keluarga.objects.get(nomor_kk=KK_BUDI)
    assert (keluarga.rw, keluarga.rt, keluarga.alamat) == (
        kota.rw_simpangbaru_1,
        2,
        "Jl. Garuda No. 5",
    )
    budi = AnggotaKeluarga.objects.get(nik="1471081503900001")
    assert (budi.keluarga, budi.nama, budi.jenis_kelamin, budi.hubungan) == (
        keluarga,
        "Budi Santoso",
        "L",
        Hubungan.KEPALA,
    )
    assert budi.tanggal_lahir == datetime.date(1990, 3, 15)
    siti = AnggotaKeluarga.objects.get(nik="1471085503920002")
    assert (siti.jenis_kelamin, siti.hubungan, siti.tanggal_lahir) == (
        "P",
        Hubungan.PASANGAN,
        datetime.date(1992, 3, 15),
    )
    rafi = AnggotaKeluarga.objects.get(nik="1471081002150003")
    assert (rafi.jenis_kelamin, rafi.tanggal_lahir) == ("L", datetime.date(2015, 2, 10)), (
        "gender and birth date come from the NIK when the cells are empty"
    )
    ahmad = AnggotaKeluarga.objects.get(nik="1371011503800009")
    assert ahmad.keluarga.rw == kota.rw_cinta_raja_1
    assert ahmad.hubungan == Hubungan.KEPALA


def test_it_imports_an_xlsx_shaped_like_a_dtks_export(dinsos, kota):
    data = xlsx(
        ["NO KK", "NIK", "Nama Lengkap", "JK", "Tgl Lahir", "Hub Kel", "Alamat", "RT", "RW",
         "Desa/Kelurahan", "Pekerjaan"],
        [KK_BUDI, "1471081503900001", "BUDI SANTOSO", "LAKI-LAKI", datetime.date(1990, 3, 15),
         "KEPALA KELUARGA", "JL. GARUDA NO. 5", 2, 1.0, "SIMPANG BARU", "WIRASWASTA"],
        [KK_BUDI, "1471085503920002", "SITI AMINAH", "PEREMPUAN", datetime.datetime(1992, 3, 15),
         "ISTRI", "JL. GARUDA NO. 5", "002", "RW 001", "simpangbaru", None],
        ["1471080101200002", "1471085001100004", "NUR HASANAH", 2, None, "Orang Tua/Mertua",
         "Jl. Delima No. 3", 1, 1, 1471081008, None],
    )  # fmt: skip
    hasil = impor(dinsos, data, "DTKS Simpangbaru.xlsx")
    assert counts(hasil) == ((2, 0, 0), (3, 0, 0))
    budi = AnggotaKeluarga.objects.get(nik="1471081503900001")
    assert (budi.nama, budi.tanggal_lahir, budi.keluarga.rt) == (
        "BUDI SANTOSO",
        datetime.date(1990, 3, 15),
        2,
    )
    nur = AnggotaKeluarga.objects.get(nik="1471085001100004")
    assert (nur.jenis_kelamin, nur.hubungan, nur.keluarga.rw) == (
        "P",
        Hubungan.ORANG_TUA,
        kota.rw_delima_1,
    )


def test_the_same_file_again_changes_nothing(dinsos, kota):
    data = csv(BUDI, SITI, RAFI, AHMAD)
    impor(dinsos, data)
    before = isi_basis_data()
    assert counts(impor(dinsos, data)) == ((0, 0, 2), (0, 0, 4))
    assert isi_basis_data() == before


def test_a_changed_row_is_updated(dinsos, kota):
    impor(dinsos, csv(BUDI, SITI, RAFI))
    budi_before = AnggotaKeluarga.objects.get(nik="1471081503900001")
    siti_before = AnggotaKeluarga.objects.get(nik="1471085503920002")
    pindah_rt = [r.replace(",2,1,Simpangbaru,", ",3,2,Simpangbaru,") for r in (BUDI, SITI, RAFI)]
    pindah_rt[0] = pindah_rt[0].replace("Budi Santoso", "Budi Santosa")
    hasil = impor(dinsos, csv(*pindah_rt))
    assert counts(hasil) == ((0, 1, 0), (0, 1, 2))
    keluarga = Keluarga.objects.get(nomor_kk=KK_BUDI)
    assert (keluarga.rw, keluarga.rt) == (kota.rw_simpangbaru_2, 3)
    budi = AnggotaKeluarga.objects.get(pk=budi_before.pk)
    assert budi.nama == "Budi Santosa"
    assert budi.updated_at > budi_before.updated_at
    assert AnggotaKeluarga.objects.get(pk=siti_before.pk).updated_at == siti_before.updated_at


def test_a_new_member_joins_a_known_family(dinsos, kota):
    impor(dinsos, csv(BUDI, SITI))
    assert counts(impor(dinsos, csv(BUDI, SITI, RAFI))) == ((0, 0, 1), (1, 0, 2))
    assert Keluarga.objects.get().anggota_set.count() == 3


def test_empty_optional_cells_keep_what_is_stored(dinsos, kota):
    impor(dinsos, csv(BUDI))
    tanpa = "1471081503900001,Budi Santoso,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru,,,"
    assert counts(impor(dinsos, csv(tanpa))) == ((0, 0, 1), (0, 0, 1))
    tanpa_kolom = csv(tanpa.rsplit(",", 3)[0], header=KOLOM.rsplit(",", 3)[0])
    assert counts(impor(dinsos, tanpa_kolom)) == ((0, 0, 1), (0, 0, 1))
    budi = AnggotaKeluarga.objects.get()
    assert (budi.hubungan, budi.tanggal_lahir) == (Hubungan.KEPALA, datetime.date(1990, 3, 15))


def test_an_address_left_empty_on_a_members_row_is_the_familys(dinsos, kota):
    siti = SITI.replace("Jl. Garuda No. 5", "")
    impor(dinsos, csv(siti, BUDI))
    assert Keluarga.objects.get().alamat == "Jl. Garuda No. 5"


def test_it_accepts_semicolons_and_other_headings(dinsos, kota):
    data = (
        "\ufeffNIK;NAMA LENGKAP;NKK;ALAMAT;NO RT;NO RW;KELURAHAN\n"
        f"14.71.08 150390 0001;Budi Santoso;'{KK_BUDI};Jl. Garuda;RT 002;RW 01;1471081001\n"
    ).encode()
    assert counts(impor(dinsos, data)) == ((1, 0, 0), (1, 0, 0))
    budi = AnggotaKeluarga.objects.get()
    assert (budi.nik, budi.keluarga.nomor_kk, budi.keluarga.rt) == ("1471081503900001", KK_BUDI, 2)


@pytest.mark.parametrize("judul", ["no_kk", "no kk", "nkk", "No. KK", "NOKK", "nomor_kk"])
def test_the_kk_column_has_several_names(dinsos, kota, judul):
    header = KOLOM.replace("nomor_kk", judul)
    assert counts(impor(dinsos, csv(BUDI, header=header))) == ((1, 0, 0), (1, 0, 0))


@pytest.mark.parametrize(
    ("teks", "hubungan"),
    [
        ("KEPALA KELUARGA", Hubungan.KEPALA),
        ("Kepala Rumah Tangga", Hubungan.KEPALA),
        ("suami", Hubungan.PASANGAN),
        ("ISTRI", Hubungan.PASANGAN),
        ("Istri/Suami", Hubungan.PASANGAN),
        ("ANAK KANDUNG", Hubungan.ANAK),
        ("Anak ke-2", Hubungan.ANAK),
        ("MENANTU", Hubungan.MENANTU),
        ("cucu", Hubungan.CUCU),
        ("ORANG TUA", Hubungan.ORANG_TUA),
        ("Mertua", Hubungan.MERTUA),
        ("FAMILI LAIN", Hubungan.FAMILI),
        ("famili-lain", Hubungan.FAMILI),
        ("PEMBANTU", Hubungan.LAINNYA),
        ("Lainnya", Hubungan.LAINNYA),
    ],
)
def test_relations_are_matched_loosely(dinsos, kota, teks, hubungan):
    impor(dinsos, csv(BUDI.replace("KEPALA KELUARGA", teks)))
    assert AnggotaKeluarga.objects.get().hubungan == hubungan


@pytest.mark.parametrize("teks", ["L", "l", "LK", "Laki-laki", "PRIA", "1"])
def test_gender_is_read_however_it_is_written(dinsos, kota, teks):
    impor(dinsos, csv(BUDI.replace(",L,", f",{teks},")))
    assert AnggotaKeluarga.objects.get().jenis_kelamin == "L"


@pytest.mark.parametrize(
    "teks", ["15-03-1990", "15/03/1990", "1990-03-15", "15.03.1990", "15/3/1990", "32947"]
)
def test_birth_dates_are_read_in_several_forms(teks):
    assert baca_tanggal(teks) == datetime.date(1990, 3, 15)


@pytest.mark.parametrize("teks", ["kemarin", "31-02-1990", "1990/03/15", "15-03-90", "3/15/1990"])
def test_what_is_not_a_date_is_none(teks):
    assert baca_tanggal(teks) is None


def test_the_birth_date_settles_the_century_of_an_old_nik(dinsos, kota):
    # Born 15 March 1925: the NIK's "25" alone reads as 2025.
    tua = f"1471081503250004,Datuk Ali,{KK_BUDI},Jl. Garuda No. 5,2,1,Simpangbaru,L,15-03-1925,"
    impor(dinsos, csv(BUDI, tua))
    assert AnggotaKeluarga.objects.get(nik="1471081503250004").tanggal_lahir == datetime.date(
        1925, 3, 15
    )


def test_an_rt_is_accepted_when_the_rws_rt_count_is_not_known(dinsos, kota):
    assert kota.rw_simpangbaru_1.jumlah_rt is None
    impor(dinsos, csv(BUDI.replace(",2,1,Simpangbaru,", ",40,1,Simpangbaru,")))
    assert Keluarga.objects.get().rt == 40


def test_it_logs_counts_and_no_personal_data(dinsos, kota, caplog):
    with caplog.at_level(logging.INFO, logger="pendataan.impor"):
        impor(dinsos, csv(BUDI, SITI), "DTKS Budi Santoso.csv")
        with pytest.raises(ImportRefused):
            impor(dinsos, csv(BUDI.replace("1471081503900001", "9971081503900001")))
    text = caplog.text
    assert f"user {dinsos.pk}" in text
    assert "anggota 2 baru" in text
    assert "refused: 1 problems" in text
    for pribadi in ("Budi", "Siti", "1471081503900001", "9971081503900001", KK_BUDI):
        assert pribadi not in text


# Refused files: every problem with its row, and nothing written.


def test_an_invalid_nik_is_refused_showing_its_digits(dinsos, kota):
    row = BUDI.replace("1471081503900001", "9971083102900001")
    assert refused(dinsos, csv(row, SITI)) == [
        "Baris 2: NIK 9971083102900001 tidak sah: digit 1-2 (99) bukan kode provinsi; "
        "digit 7-12 (310290) bukan tanggal lahir yang sah (HHBBTT; perempuan: tanggal lahir "
        "+ 40)."
    ]


def test_an_invalid_kk_is_refused(dinsos, kota):
    rows = [r.replace(KK_BUDI, "1471084101200001") for r in (BUDI, SITI)]
    errors = refused(dinsos, csv(*rows))
    assert errors == [
        f"Baris {n}: nomor KK 1471084101200001 tidak sah: digit 7-12 (410120) bukan tanggal "
        "terbit yang sah (HHBBTT)."
        for n in (2, 3)
    ]


def test_a_nik_typed_as_a_number_in_excel_is_refused(dinsos, kota):
    data = xlsx(
        KOLOM.split(","),
        [1471081503900001, "Budi Santoso", KK_BUDI, "Jl. Garuda", 2, 1, "Simpangbaru"],
        ["1471085503920002", "Siti Aminah", 1471080101200001, "Jl. Garuda", 2, 1, "Simpangbaru"],
    )
    errors = refused(dinsos, data, "dtks.xlsx")
    assert len(errors) == 2
    assert errors[0].startswith("Baris 2: NIK 1.4710815039E+15 diketik sebagai angka")
    assert errors[1].startswith("Baris 3: nomor KK 1.4710801012E+15 diketik sebagai angka")


def test_gender_must_agree_with_the_nik(dinsos, kota):
    row = BUDI.replace(",L,", ",P,")
    assert refused(dinsos, csv(row)) == [
        "Baris 2: jenis kelamin Perempuan tidak cocok dengan NIK 1471081503900001: digit 7-8 "
        "(15) menunjukkan laki-laki (perempuan: tanggal lahir + 40)."
    ]


def test_an_unknown_gender_is_refused(dinsos, kota):
    assert refused(dinsos, csv(BUDI.replace(",L,", ",X,"))) == [
        'Baris 2: jenis kelamin "X" tidak dikenal: tulis L atau P.'
    ]


def test_a_birth_date_must_agree_with_the_nik(dinsos, kota):
    row = BUDI.replace("15-03-1990", "16-03-1990")
    assert refused(dinsos, csv(row)) == [
        "Baris 2: tanggal lahir 16-03-1990 tidak cocok dengan NIK: digit 7-12 (150390) "
        "menunjukkan 15-03-90 (HH-BB-TT)."
    ]


def test_a_womans_birth_date_is_compared_without_the_40(dinsos, kota):
    row = SITI.replace("15/03/1992", "55-03-1992")
    [error] = refused(dinsos, csv(row))
    assert 'tanggal lahir "55-03-1992" tidak sah' in error


@pytest.mark.parametrize("teks", ["kemarin", "31-02-1990"])
def test_an_unreadable_birth_date_is_refused(dinsos, kota, teks):
    assert refused(dinsos, csv(BUDI.replace("15-03-1990", teks))) == [
        f'Baris 2: tanggal lahir "{teks}" tidak sah: tulis HH-BB-TTTT, HH/BB/TTTT atau '
        "TTTT-BB-HH, mis. 15-03-1990."
    ]


def test_a_birth_date_to_come_is_refused(dinsos, kota):
    [error] = refused(dinsos, csv(BUDI.replace("15-03-1990", "15-03-2090")))
    assert error.startswith("Baris 2: tanggal lahir 15-03-2090 tidak mungkin")


def test_the_same_nik_twice_names_both_rows_and_is_never_merged(dinsos, kota):
    lagi = SITI.replace("1471085503920002", "1471 0815 0390 0001").replace(",P,", ",L,")
    lagi = lagi.replace("15/03/1992", "")
    assert refused(dinsos, csv(BUDI, RAFI, lagi)) == [
        "Baris 4: NIK 1471••••••••0001 ganda: ada di baris 2 dan baris 4."
    ]


def test_a_nik_of_another_family_in_the_database_is_not_moved(dinsos, kota):
    impor(dinsos, csv(BUDI, SITI))
    ke_kk_lain = RAFI.replace(KK_BUDI, "1471080202210005")
    siti_pindah = SITI.replace(KK_BUDI, "1471080202210005")
    assert refused(dinsos, csv(ke_kk_lain, siti_pindah)) == [
        "Baris 3: NIK 1471••••••••0002 sudah terdaftar di KK lain (1471••••••••0001). Impor "
        "tidak memindahkan anggota ke KK lain: periksa nomor KK di baris ini."
    ]
    assert AnggotaKeluarga.objects.get(nik="1471085503920002").keluarga.nomor_kk == KK_BUDI


def test_a_nik_of_another_family_is_reported_with_the_rows_other_problems(dinsos, kota):
    impor(dinsos, csv(BUDI))
    row = BUDI.replace(KK_BUDI, "1471080202210005").replace("Budi Santoso", "")
    assert refused(dinsos, csv(row)) == [
        "Baris 2: nama kosong.",
        "Baris 2: NIK 1471••••••••0001 sudah terdaftar di KK lain (1471••••••••0001). Impor "
        "tidak memindahkan anggota ke KK lain: periksa nomor KK di baris ini.",
    ]


def test_the_rows_of_one_kk_must_share_the_address(dinsos, kota):
    siti = SITI.replace(",2,1,Simpangbaru,", ",3,2,Simpangbaru,")
    rafi = RAFI.replace("Jl. Garuda No. 5", "Jl. Melati No. 9").replace("Simpangbaru", "Delima")
    assert refused(dinsos, csv(BUDI, siti, rafi)) == [
        "Baris 3: KK 1471••••••••0001 juga ada di baris 2 dengan RW lain: 02 di sini, 01 di "
        "baris 2. Satu KK harus satu alamat.",
        "Baris 3: KK 1471••••••••0001 juga ada di baris 2 dengan RT lain: 03 di sini, 02 di "
        "baris 2. Satu KK harus satu alamat.",
        "Baris 4: KK 1471••••••••0001 juga ada di baris 2 dengan kelurahan lain: Delima di "
        "sini, Simpangbaru di baris 2. Satu KK harus satu alamat.",
        'Baris 4: KK 1471••••••••0001 juga ada di baris 2 dengan alamat lain: "Jl. Melati No. '
        '9" di sini, "Jl. Garuda No. 5" di baris 2. Satu KK harus satu alamat.',
    ]


def test_an_address_written_in_other_case_is_the_same(dinsos, kota):
    siti = SITI.replace("Jl. Garuda No. 5", "JL.  GARUDA NO. 5")
    assert counts(impor(dinsos, csv(BUDI, siti))) == ((1, 0, 0), (2, 0, 0))


def test_an_unknown_kelurahan_is_refused(dinsos, kota):
    [error] = refused(dinsos, csv(BUDI.replace("Simpangbaru", "Kampung Antah")))
    assert error.startswith('Baris 2: kelurahan "Kampung Antah" tidak dikenal di Kota Pekanbaru')


def test_a_kelurahan_outside_pekanbaru_is_refused(dinsos, kota):
    [error] = refused(dinsos, csv(BUDI.replace("Simpangbaru", "14.01.01.2001")))
    assert 'kelurahan "14.01.01.2001" tidak dikenal di Kota Pekanbaru' in error


def test_an_rw_the_kelurahan_does_not_have_is_refused(dinsos, kota):
    row = BUDI.replace(",2,1,Simpangbaru,", ",2,7,Simpangbaru,")
    assert refused(dinsos, csv(row)) == [
        "Baris 2: RW 7 tidak ada di kelurahan Simpangbaru (RW yang terdaftar: 1, 2)."
    ]


def test_an_rw_in_a_kelurahan_without_rws_is_refused(dinsos, kota):
    [error] = refused(dinsos, csv(BUDI.replace("Simpangbaru", "Tuah Madani")))
    assert "belum ada RW terdaftar" in error


def test_an_rt_outside_the_rw_is_refused(dinsos, kota):
    RW.objects.filter(pk=kota.rw_simpangbaru_1.pk).update(jumlah_rt=7)
    ok = BUDI.replace(",2,1,Simpangbaru,", ",7,1,Simpangbaru,")
    assert refused(dinsos, csv(BUDI.replace(",2,1,Simpangbaru,", ",12,1,Simpangbaru,"))) == [
        "Baris 2: RT 12 tidak ada di RW 01 (RT 1–7)."
    ]
    assert counts(impor(dinsos, csv(ok))) == ((1, 0, 0), (1, 0, 0))


@pytest.mark.parametrize(
    ("rt", "pesan"), [("0", 'RT "0" tidak sah'), ("satu", 'RT "satu"'), ("", "RT kosong.")]
)
def test_an_rt_that_is_not_a_positive_number_is_refused(dinsos, kota, rt, pesan):
    [error] = refused(dinsos, csv(BUDI.replace(",2,1,Simpangbaru,", f",{rt},1,Simpangbaru,")))
    assert pesan in error


def test_an_empty_name_is_refused(dinsos, kota):
    assert refused(dinsos, csv(BUDI.replace("Budi Santoso", ""))) == ["Baris 2: nama kosong."]


def test_an_unknown_relation_is_refused(dinsos, kota):
    [error] = refused(dinsos, csv(BUDI.replace("KEPALA KELUARGA", "tetangga")))
    assert error.startswith('Baris 2: hubungan "tetangga" tidak dikenal: tulis mis. KEPALA')


def test_a_missing_column_is_refused(dinsos, kota):
    header = "nik,nama,alamat,rt,rw,kelurahan"
    assert refused(dinsos, csv("1471081503900001,Budi,Jl. A,1,1,Simpangbaru", header=header)) == [
        "Baris 1: Kolom wajib tidak ada: nomor_kk."
    ]


def test_every_problem_of_every_row_is_reported(dinsos, kota):
    buruk = "123,,456,Jl. X,nol,satu,Kampung Antah,X,kemarin,tetangga"
    errors = refused(dinsos, csv(BUDI, buruk, SITI, buruk))
    baris_3 = [e for e in errors if e.startswith("Baris 3:")]
    # nama, gender, NIK, date, relation, KK, kelurahan, RT, RW
    assert len(baris_3) == 9
    assert len([e for e in errors if e.startswith("Baris 5:")]) == 9
    assert len(errors) == 18


def test_more_than_50000_rows_are_refused(dinsos, kota):
    assert refused(dinsos, csv(*[BUDI] * 50_001)) == [
        "Berkas berisi lebih dari 50.000 baris data; bagi menjadi beberapa berkas."
    ]


def test_a_file_over_20_mb_is_refused(dinsos, kota):
    assert refused(dinsos, csv(BUDI) + b" " * (20 * 1024 * 1024)) == [
        "Berkas lebih dari 20 MB; bagi menjadi beberapa berkas."
    ]


def test_a_file_in_another_format_is_refused(dinsos, kota):
    [error] = refused(dinsos, b"%PDF-1.7\n1 0 obj\n", "dtks.pdf")
    assert error.startswith("Format berkas tidak dikenal: unggah .xlsx atau .csv.")


def test_queries_do_not_grow_with_the_rows(dinsos, kota, django_assert_max_num_queries):
    demo = keluarga_demo_csv(rws=[kota.rw_simpangbaru_1, kota.rw_delima_1], per_rw=40)
    # + the first values' history (RiwayatVariabel, ~1,500 rows): one statement on
    # PostgreSQL, a dozen under SQLite's 999 parameters a statement
    with django_assert_max_num_queries(25 + (0 if connection.vendor == "postgresql" else 14)):
        hasil = impor(dinsos, demo)
    assert hasil.keluarga_baru == 80
    with django_assert_max_num_queries(25):
        assert impor(dinsos, demo).keluarga_tetap == 80


# The demo file.


def test_the_demo_file_imports_without_errors(dinsos, kota):
    RW.objects.filter(pk=kota.rw_simpangbaru_1.pk).update(jumlah_rt=4)
    RW.objects.filter(pk=kota.rw_cinta_raja_1.pk).update(jumlah_rt=9)
    rws = list(RW.objects.select_related("kelurahan").order_by("pk"))
    demo = keluarga_demo_csv(rws=rws, per_rw=25)
    assert demo == keluarga_demo_csv(rws=rws, per_rw=25), "the same file every time"
    hasil = impor(dinsos, demo, "keluarga_demo.csv")
    assert (hasil.keluarga_baru, hasil.keluarga_diperbarui) == (100, 0)
    assert counts(impor(dinsos, demo)) == ((0, 0, 100), (0, 0, hasil.anggota_baru))

    for keluarga in Keluarga.objects.prefetch_related("anggota_set").select_related("rw"):
        anggota = list(keluarga.anggota_set.all())
        assert 3 <= len(anggota) <= 5
        assert [a.hubungan for a in anggota].count(Hubungan.KEPALA) == 1
        assert keluarga.alamat.startswith("Jl. ") and " No. " in keluarga.alamat
        assert keluarga.rt <= (keluarga.rw.jumlah_rt or 6)
        validate_kk(keluarga.nomor_kk)
        for a in anggota:
            assert validate_nik(a.nik, jenis_kelamin=a.jenis_kelamin).nik == a.nik
    nik = list(AnggotaKeluarga.objects.values_list("nik", flat=True))
    luar = [n for n in nik if not n.startswith("1471")]
    assert 0.05 * len(nik) < len(luar) < 0.3 * len(nik), "mostly Pekanbaru, some from elsewhere"
    assert {n[:2] for n in luar} - {"14"}, "some from other provinces"
    rt_simpangbaru = set(
        Keluarga.objects.filter(rw=kota.rw_simpangbaru_1).values_list("rt", flat=True)
    )
    assert rt_simpangbaru <= {1, 2, 3, 4}


def test_it_imports_a_file_shaped_like_a_dtsen_export(dinsos, kota):
    """The DTSEN headings assumed in pendataan.dtsen; ID_DTSEN is not read."""
    header = (
        "ID_DTSEN,NIK_INDIVIDU,NAMA_INDIVIDU,NO_KK,ALAMAT_DOMISILI,RT_DOMISILI,RW_DOMISILI,"
        "NMDESA,JNS_KEL,HUB_KEP_KEL"
    )
    baris = (
        f"D-1,1471081503900001,Budi Santoso,{KK_BUDI},Jl. Garuda No. 5,2,1,SIMPANG BARU,1,KEPALA"
    )
    hasil = impor(dinsos, csv(baris, header=header), "dtsen.csv")
    assert counts(hasil) == ((1, 0, 0), (1, 0, 0))
    budi = AnggotaKeluarga.objects.get()
    assert (budi.nama, budi.hubungan, budi.keluarga.nomor_kk, budi.keluarga.rt) == (
        "Budi Santoso",
        Hubungan.KEPALA,
        KK_BUDI,
        2,
    )
