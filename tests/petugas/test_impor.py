import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from akun.models import Peran
from akun.services import user_buat
from lib.tabular import ImportRefused, read_table
from petugas.impor import kandidat_import, normalize_telepon
from petugas.models import OPD, Petugas
from tests.conftest import DATA, PASSWORD
from wilayah.models import RW, Kelurahan
from wilayah.services import batas_import_geojson

KOLOM = "nama,ni_pppk,opd,jenis_kelamin,kelurahan,rw,telepon,alamat_domisili,latitude,longitude"
BUDI = "Budi Santoso,199003152025011001,DLHK,L,14.71.08.1001,1,081234567890,Jl. Mawar 1,,"
SITI = "Siti Aminah,199204202025012002,Dinas Perhubungan,P,Delima,1,,,,"
# A point inside Simpangbaru, from its real boundary.
DALAM_SIMPANGBARU = ("0.476661", "101.380743")


@pytest.fixture
def opd(kota):
    OPD.objects.create(nama="Dinas Lingkungan Hidup dan Kebersihan", singkatan="DLHK", kuota=75)
    OPD.objects.create(nama="Dinas Perhubungan", singkatan="Dishub", kuota=43)


@pytest.fixture
def bkpsdm(opd):
    return user_buat(username="bkpsdm", password=PASSWORD, peran=Peran.BKPSDM)


def csv(*rows: str, header: str = KOLOM) -> bytes:
    return (header + "\n" + "".join(r + "\n" for r in rows)).encode()


def xlsx(*rows: list, sheet_rows: list[list] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in sheet_rows if sheet_rows is not None else [KOLOM.split(","), *rows]:
        sheet.append(row)
    keluaran = io.BytesIO()
    workbook.save(keluaran)
    return keluaran.getvalue()


def impor(user, data: bytes, filename: str = "kandidat.csv"):
    return kandidat_import(data=data, filename=filename, oleh=user)


def refused(user, data: bytes, filename: str = "kandidat.csv") -> list[str]:
    before = list(Petugas.objects.values_list("ni_pppk", "nama", "updated_at"))
    with pytest.raises(ImportRefused) as info:
        impor(user, data, filename)
    after = list(Petugas.objects.values_list("ni_pppk", "nama", "updated_at"))
    assert after == before, "nothing may be written"
    return [str(e) for e in info.value.errors]


def counts(hasil) -> tuple[int, int, int]:
    return hasil.dibuat, hasil.diperbarui, hasil.tetap


def test_it_imports_a_csv(bkpsdm, kota):
    hasil = impor(bkpsdm, csv(BUDI, SITI))
    assert counts(hasil) == (2, 0, 0)
    budi = Petugas.objects.get(ni_pppk="199003152025011001")
    assert budi.nama == "Budi Santoso"
    assert budi.opd.singkatan == "DLHK"
    assert budi.jenis_kelamin == "L"
    assert budi.kelurahan_domisili == kota.simpangbaru
    assert budi.rw_domisili == 1
    assert budi.telepon == "081234567890"
    assert budi.alamat_domisili == "Jl. Mawar 1"
    assert budi.user is None, "accounts are made at placement, not at import"
    assert not budi.penugasan_set.exists()
    siti = Petugas.objects.get(ni_pppk="199204202025012002")
    assert (siti.opd.nama, siti.jenis_kelamin, siti.kelurahan_domisili) == (
        "Dinas Perhubungan",
        "P",
        kota.delima,
    )


def test_it_imports_an_xlsx(bkpsdm, kota):
    data = xlsx(
        ["Budi Santoso", "19900315 202501 1 001", "dlhk", "Laki-laki", "Simpangbaru", 2,
         81234567890, "Jl. Mawar 1", 0.476661, 101.380743],
        ["Siti Aminah", "199204202025012002", "DINAS PERHUBUNGAN", "perempuan", "14.71.08.1008",
         1.0, "+62 812-3456-7891", None, None, None],
    )  # fmt: skip
    hasil = impor(bkpsdm, data, "usulan DLHK.xlsx")
    assert counts(hasil) == (2, 0, 0)
    budi = Petugas.objects.get(ni_pppk="199003152025011001")
    assert budi.rw_domisili == 2
    assert budi.telepon == "081234567890", "the leading 0 a number cell drops is put back"
    assert (budi.latitude, budi.longitude) == (Decimal("0.476661"), Decimal("101.380743"))
    siti = Petugas.objects.get(ni_pppk="199204202025012002")
    assert (siti.rw_domisili, siti.telepon) == (1, "081234567891")


def test_the_same_file_again_changes_nothing(bkpsdm, kota):
    data = csv(BUDI, SITI)
    impor(bkpsdm, data)
    before = dict(Petugas.objects.values_list("ni_pppk", "updated_at"))
    hasil = impor(bkpsdm, data)
    assert counts(hasil) == (0, 0, 2)
    assert dict(Petugas.objects.values_list("ni_pppk", "updated_at")) == before
    assert Petugas.objects.count() == 2


def test_the_same_rows_written_differently_change_nothing(bkpsdm, kota):
    impor(bkpsdm, csv(BUDI))
    ditulis_lain = (
        "BUDI SANTOSO,19900315.202501.1.001,Dinas Lingkungan Hidup dan Kebersihan,laki-laki,"
        "Simpangbaru,RW 001,+62 812 3456 7890,Jl. Mawar 1,,"
    )
    assert counts(impor(bkpsdm, csv(ditulis_lain))) == (0, 1, 0)  # the name's case changed
    assert counts(impor(bkpsdm, csv(ditulis_lain))) == (0, 0, 1)


def test_a_changed_row_is_updated(bkpsdm, kota):
    impor(bkpsdm, csv(BUDI, SITI))
    budi_before = Petugas.objects.get(ni_pppk="199003152025011001")
    siti_before = Petugas.objects.get(ni_pppk="199204202025012002")
    pindah = "Budi Santoso,199003152025011001,Dishub,L,Simpangbaru,2,081299990000,Jl. Melati 9,,"
    hasil = impor(bkpsdm, csv(pindah, SITI))
    assert counts(hasil) == (0, 1, 1)
    budi = Petugas.objects.get(pk=budi_before.pk)
    assert (budi.opd.singkatan, budi.rw_domisili, budi.telepon, budi.alamat_domisili) == (
        "Dishub",
        2,
        "081299990000",
        "Jl. Melati 9",
    )
    assert budi.updated_at > budi_before.updated_at
    assert Petugas.objects.get(pk=siti_before.pk).updated_at == siti_before.updated_at


def test_an_empty_optional_cell_keeps_what_is_stored(bkpsdm, kota):
    impor(bkpsdm, csv(BUDI))
    tanpa_hp = "Budi Santoso,199003152025011001,DLHK,L,14.71.08.1001,1,,,,"
    assert counts(impor(bkpsdm, csv(tanpa_hp))) == (0, 0, 1)
    tanpa_kolom_tambahan = csv(tanpa_hp.rsplit(",", 4)[0], header=KOLOM.rsplit(",", 4)[0])
    assert counts(impor(bkpsdm, tanpa_kolom_tambahan)) == (0, 0, 1)
    budi = Petugas.objects.get()
    assert (budi.telepon, budi.alamat_domisili) == ("081234567890", "Jl. Mawar 1")


def test_it_updates_an_officer_already_placed(opd, akun):
    placed = akun.petugas.petugas
    row = f"Petugas Simpangbaru,{placed.ni_pppk},Dinas Uji,L,Simpangbaru,1,081211112222,,,"
    assert counts(impor(akun.bkpsdm, csv(row))) == (0, 1, 0)
    placed.refresh_from_db()
    assert placed.telepon == "081211112222"
    assert placed.user == akun.petugas
    assert placed.penugasan_set.filter(selesai__isnull=True).exists()


def test_it_accepts_semicolons_decimal_commas_and_other_headings(bkpsdm, kota):
    batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())
    data = (
        "\ufeffNama;NIP;OPD;JK;Kelurahan;RW;No. HP;Alamat;Lintang;Bujur\n"
        "Budi Santoso;19900315 202501 1 001;DLHK;L;Simpangbaru;03;0812-3456-7890;Jl. Mawar;"
        "0,476661;101,380743\n"
    ).encode()
    RW.objects.create(kelurahan=kota.simpangbaru, nomor=3)
    assert counts(impor(bkpsdm, data)) == (1, 0, 0)
    budi = Petugas.objects.get()
    assert (budi.rw_domisili, budi.telepon) == (3, "081234567890")
    assert (budi.latitude, budi.longitude) == (Decimal("0.476661"), Decimal("101.380743"))


def test_kelurahan_written_loosely_is_found(bkpsdm, kota):
    tuahmadani = Kelurahan.objects.get(kode="14.71.13.1004")  # Kemendagri: "Tuahmadani"
    RW.objects.create(kelurahan=tuahmadani, nomor=3)
    row = "Budi Santoso,199003152025011001,DLHK,L,Tuah Madani,RW 003,,,,"
    assert counts(impor(bkpsdm, csv(row))) == (1, 0, 0)
    assert Petugas.objects.get().kelurahan_domisili == tuahmadani


@pytest.mark.parametrize("rw", ["2", "02", "RW 002", "RW 2", "rw2", "RW.02"])
def test_rw_is_read_however_it_is_written(bkpsdm, kota, rw):
    row = f"Budi Santoso,199003152025011001,DLHK,L,Simpangbaru,{rw},,,,"
    impor(bkpsdm, csv(row))
    assert Petugas.objects.get().rw_domisili == 2


@pytest.mark.parametrize(
    ("ditulis", "disimpan"),
    [
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("81234567890", "081234567890"),
        ("(0761) 123456", "0761123456"),
        ("12345", None),
        ("0812", None),
        ("08123456789012345", None),
        ("+1 202 555 0100", None),
        ("0812abc", None),
    ],
)
def test_phone_numbers_are_normalised(ditulis, disimpan):
    assert normalize_telepon(ditulis) == disimpan


# Refused files: every problem with its row, and nothing written.


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "kandidat.pdf"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "kandidat.csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "foto.png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "kandidat.csv"),
        (b"PK\x03\x04 rusak, bukan zip", "kandidat.xlsx"),
        (b"nama,ni_pppk\nBudi,1\n", "kandidat.docx"),
        (b"nama,ni_pppk\nBudi,1\n", "kandidat.xlsx"),
    ],
)
def test_a_file_in_another_format_is_refused(bkpsdm, data, filename):
    errors = refused(bkpsdm, data, filename)
    assert len(errors) == 1
    assert errors[0].startswith("Format berkas tidak dikenal: unggah .xlsx atau .csv.")


def test_a_zip_that_is_not_a_workbook_is_refused(bkpsdm):
    import zipfile

    arsip = io.BytesIO()
    with zipfile.ZipFile(arsip, "w") as z:
        z.writestr("kandidat.txt", "nama,ni_pppk")
    errors = refused(bkpsdm, arsip.getvalue(), "kandidat.zip")
    assert "bukan lembar kerja .xlsx yang utuh" in errors[0]


def test_an_old_excel_file_is_refused_with_a_hint(bkpsdm):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    errors = refused(bkpsdm, ole2, "kandidat.xls")
    assert errors == [
        "Format berkas tidak dikenal: unggah .xlsx atau .csv. Berkas .xls (Excel lama): buka di "
        'Excel lalu simpan sebagai "Excel Workbook (.xlsx)".'
    ]


def test_an_empty_sheet_is_refused(bkpsdm):
    assert refused(bkpsdm, xlsx(sheet_rows=[]), "kandidat.xlsx") == ["Lembar kerja kosong."]


def test_a_sheet_with_headings_only_is_refused(bkpsdm):
    errors = refused(bkpsdm, xlsx(), "kandidat.xlsx")
    assert errors == ["Berkas tidak berisi baris data."]


def test_a_sheet_whose_first_row_is_empty_is_refused(bkpsdm):
    data = xlsx(sheet_rows=[[], KOLOM.split(","), BUDI.split(",")])
    assert refused(bkpsdm, data, "kandidat.xlsx") == [
        "Baris 1: kosong; baris pertama harus berisi judul kolom."
    ]


def test_a_missing_column_is_refused(bkpsdm):
    errors = refused(bkpsdm, csv("Budi,199003152025011001", header="nama,ni_pppk"))
    assert errors == ["Baris 1: Kolom wajib tidak ada: opd, jenis_kelamin, kelurahan, rw."]


def test_two_headings_for_one_column_are_refused(bkpsdm):
    header = KOLOM + ",hp"
    errors = refused(bkpsdm, csv(BUDI + ",081234567890", header=header))
    assert errors == ["Baris 1: Kolom ganda: telepon."]


def test_an_ni_pppk_typed_as_a_number_in_excel_is_refused(bkpsdm, kota):
    data = xlsx(
        ["Budi Santoso", 199003152025011001, "DLHK", "L", "Simpangbaru", 1],
        ["Siti Aminah", "199204202025012002", "Dishub", "P", "Delima", 1],
    )
    errors = refused(bkpsdm, data, "kandidat.xlsx")
    assert len(errors) == 1
    assert errors[0].startswith("Baris 2: NI PPPK 1.99003152025011E+17 diketik sebagai angka")
    assert "Ketik NI PPPK sebagai teks di Excel" in errors[0]
    assert "format kolom NI PPPK sebagai Teks" in errors[0]


def test_an_ni_pppk_rounded_in_a_csv_saved_by_excel_is_refused(bkpsdm, kota):
    row = "Budi Santoso,1.99003E+17,DLHK,L,Simpangbaru,1,,,,"
    [error] = refused(bkpsdm, csv(row))
    assert "Ketik NI PPPK sebagai teks di Excel" in error


def test_an_invalid_ni_pppk_is_refused(bkpsdm, kota):
    row = "Budi Santoso,199013152025011001,DLHK,L,Simpangbaru,1,,,,"
    [error] = refused(bkpsdm, csv(row))
    assert error.startswith("Baris 2: NI PPPK 199013152025011001 tidak sah: digit 1-8")


def test_a_duplicate_ni_pppk_names_both_rows(bkpsdm, kota):
    lagi = "Budi S.,19900315 202501 1 001,DLHK,L,Simpangbaru,1,,,,"
    errors = refused(bkpsdm, csv(BUDI, SITI, lagi))
    assert errors == ["Baris 4: NI PPPK 199003152025011001 ganda: ada di baris 2 dan baris 4."]


def test_gender_must_agree_with_the_ni_pppk(bkpsdm, kota):
    row = "Budi Santoso,199003152025011001,DLHK,Perempuan,Simpangbaru,1,,,,"
    assert refused(bkpsdm, csv(row)) == [
        "Baris 2: jenis kelamin Perempuan tidak cocok dengan NI PPPK 199003152025011001 "
        "(digit ke-15 menunjukkan laki-laki)."
    ]


def test_an_unknown_gender_is_refused(bkpsdm, kota):
    row = "Budi Santoso,199003152025011001,DLHK,X,Simpangbaru,1,,,,"
    assert refused(bkpsdm, csv(row)) == [
        'Baris 2: jenis kelamin "X" tidak dikenal: tulis L atau P.'
    ]


def test_an_unknown_opd_is_refused(bkpsdm, kota):
    row = "Budi Santoso,199003152025011001,Dinas Pariwisata,L,Simpangbaru,1,,,,"
    [error] = refused(bkpsdm, csv(row))
    assert error.startswith('Baris 2: OPD "Dinas Pariwisata" tidak dikenal.')
    assert not OPD.objects.filter(nama="Dinas Pariwisata").exists(), "OPDs are not created here"


def test_an_unknown_kelurahan_is_refused(bkpsdm, kota):
    row = "Budi Santoso,199003152025011001,DLHK,L,Kampung Antah,1,,,,"
    [error] = refused(bkpsdm, csv(row))
    assert error.startswith('Baris 2: kelurahan "Kampung Antah" tidak dikenal')


def test_an_rw_the_kelurahan_does_not_have_is_refused(bkpsdm, kota):
    row = "Budi Santoso,199003152025011001,DLHK,L,Simpangbaru,7,,,,"
    assert refused(bkpsdm, csv(row)) == [
        "Baris 2: RW 7 tidak ada di kelurahan Simpangbaru (RW yang terdaftar: 1, 2)."
    ]


def test_an_rw_in_a_kelurahan_without_rws_is_refused(bkpsdm, kota):
    row = "Budi Santoso,199003152025011001,DLHK,L,Tuah Madani,1,,,,"
    [error] = refused(bkpsdm, csv(row))
    assert "belum ada RW terdaftar" in error


@pytest.mark.parametrize("rw", ["satu", "0", "RW 1234", "1/2"])
def test_an_rw_that_is_not_a_number_is_refused(bkpsdm, kota, rw):
    row = f"Budi Santoso,199003152025011001,DLHK,L,Simpangbaru,{rw},,,,"
    assert refused(bkpsdm, csv(row)) == [
        f'Baris 2: RW "{rw}" tidak sah: tulis nomornya, mis. 3 atau RW 003.'
    ]


def test_a_bad_phone_number_is_refused(bkpsdm, kota):
    row = "Budi Santoso,199003152025011001,DLHK,L,Simpangbaru,1,12345,,,"
    [error] = refused(bkpsdm, csv(row))
    assert error.startswith('Baris 2: nomor telepon "12345" tidak sah')


def test_an_empty_name_is_refused(bkpsdm, kota):
    row = ",199003152025011001,DLHK,L,Simpangbaru,1,,,,"
    assert refused(bkpsdm, csv(row)) == ["Baris 2: nama kosong."]


def test_one_coordinate_without_the_other_is_refused(bkpsdm, kota):
    row = "Budi Santoso,199003152025011001,DLHK,L,Simpangbaru,1,,,0.47,"
    assert refused(bkpsdm, csv(row)) == [
        "Baris 2: isi latitude dan longitude keduanya, atau kosongkan keduanya."
    ]


def test_coordinates_far_from_the_kelurahan_are_refused(bkpsdm, kota):
    batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())
    dekat = "Budi Santoso,199003152025011001,DLHK,L,Simpangbaru,1,,,0.495,101.38"  # ~0.6 km out
    jauh = 'Siti Aminah,199204202025012002,DLHK,P,Simpangbaru,1,,,"0,56","101,45"'
    errors = refused(bkpsdm, csv(dekat, jauh))
    assert len(errors) == 1
    assert errors[0].startswith("Baris 3: titik 0,56, 101,45 berjarak ")
    assert errors[0].endswith("km dari batas kelurahan Simpangbaru (paling jauh 5 km).")
    assert counts(impor(bkpsdm, csv(dekat))) == (1, 0, 0)


def test_swapped_and_invalid_coordinates_are_refused(bkpsdm, kota):
    lat, lng = DALAM_SIMPANGBARU
    tertukar = f"Budi Santoso,199003152025011001,DLHK,L,Simpangbaru,1,,,{lng},{lat}"
    rusak = "Siti Aminah,199204202025012002,DLHK,P,Simpangbaru,1,,,utara,101.38"
    assert refused(bkpsdm, csv(tertukar, rusak)) == [
        "Baris 2: latitude 101.380743 di luar -90..90: latitude dan longitude tertukar?",
        'Baris 3: latitude "utara" tidak sah (mis. 0,4712 atau 0.4712).',
    ]


def test_every_problem_of_every_row_is_reported(bkpsdm, kota):
    buruk = ",123,Dinas Antah,X,Kampung Antah,satu,abc,,,"
    errors = refused(bkpsdm, csv(BUDI, buruk, SITI, buruk.replace("123", "456")))
    baris_3 = [e for e in errors if e.startswith("Baris 3:")]
    assert len(baris_3) == 7  # nama, NI PPPK, gender, OPD, kelurahan, RW, phone
    assert len([e for e in errors if e.startswith("Baris 5:")]) == 7
    assert len(errors) == 14


def test_more_than_10000_rows_are_refused(bkpsdm, kota):
    rows = [BUDI] * 10_001
    assert refused(bkpsdm, csv(*rows)) == [
        "Berkas berisi lebih dari 10.000 baris data; bagi menjadi beberapa berkas."
    ]


def test_more_rows_than_allowed_in_a_workbook_are_refused(bkpsdm, kota, monkeypatch):
    monkeypatch.setattr("petugas.impor.MAKS_BARIS", 2)
    data = xlsx(BUDI.split(","), SITI.split(","), BUDI.split(","))
    [error] = refused(bkpsdm, data, "kandidat.xlsx")
    assert error.startswith("Berkas berisi lebih dari 2 baris data")


def test_a_file_over_5_mb_is_refused(bkpsdm, kota):
    data = csv(BUDI) + b" " * (5 * 1024 * 1024)
    assert refused(bkpsdm, data) == ["Berkas lebih dari 5 MB; bagi menjadi beberapa berkas."]


def test_queries_do_not_grow_with_the_rows(bkpsdm, kota, django_assert_max_num_queries):
    rows = [
        f"Kandidat {i},19900315202501{1 + i % 2}{i:03d},DLHK,{'L' if i % 2 == 0 else 'P'},"
        f"{'Simpangbaru' if i % 3 else '14.71.08.1008'},1,,,,"
        for i in range(1, 301)
    ]
    with django_assert_max_num_queries(20):
        hasil = impor(bkpsdm, csv(*rows))
    assert hasil.dibuat == 300


# The table reader under this import (tabular.read_table).


def test_xlsx_cells_come_back_as_the_text_a_person_sees():
    data = xlsx(
        sheet_rows=[
            ["Angka", "Desimal", "Bulat", "Tanggal", "Waktu", "Panjang", "Teks"],
            [123, 0.4712, 3.0, datetime.date(2025, 1, 2), datetime.datetime(2025, 1, 2, 8, 30),
             1234567890123456, "  spasi  "],
        ]
    )  # fmt: skip
    rows, errors = read_table(data, filename="x.xlsx", required=["angka"])
    assert errors == []
    assert rows == [
        (
            2,
            {
                "angka": "123",
                "desimal": "0.4712",
                "bulat": "3",
                "tanggal": "2025-01-02",
                "waktu": "2025-01-02 08:30:00",
                "panjang": "1.23456789012346E+15",
                "teks": "spasi",
            },
        )
    ]


def test_xlsx_rows_keep_their_excel_numbers_and_blank_rows_are_skipped():
    data = xlsx(sheet_rows=[["nama", "rw"], ["A", 1], [], [None, None], ["B", 2]])
    rows, errors = read_table(data, filename="x.xlsx", required=["nama", "rw"])
    assert [(number, row["nama"]) for number, row in rows] == [(2, "A"), (5, "B")]
    assert errors == []


def test_xlsx_cells_right_of_the_headings_are_a_row_error():
    data = xlsx(sheet_rows=[["nama", "rw"], ["A", 1, "catatan"], ["B", 2, None]])
    rows, errors = read_table(data, filename="x.xlsx", required=["nama"])
    assert [number for number, _ in rows] == [3]
    assert [str(e) for e in errors] == [
        "Baris 2: Baris punya isi di luar kolom yang berjudul di baris 1."
    ]


def test_a_csv_with_the_name_of_a_workbook_is_read_by_its_content():
    data = xlsx(sheet_rows=[["nama"], ["A"]])
    rows, _ = read_table(data, filename="kandidat.csv", required=["nama"])
    assert rows == [(2, {"nama": "A"})]


def test_a_placed_officers_opd_cannot_change_by_import(opd, akun):
    placed = akun.petugas.petugas
    row = f"Petugas Simpangbaru,{placed.ni_pppk},Dishub,L,Simpangbaru,1,,,,"
    with pytest.raises(ImportRefused) as info:
        kandidat_import(data=csv(row), filename="k.csv", oleh=akun.bkpsdm)
    assert "OPD-nya tidak bisa diubah" in str(info.value.errors[0])
    placed.refresh_from_db()
    assert placed.opd.nama == "Dinas Uji"


def test_a_workbook_whose_sheet_is_cut_in_half_is_refused(bkpsdm, kota):
    import zipfile

    wb = openpyxl.Workbook()
    wb.active.append(["nama", "ni_pppk", "opd", "jenis_kelamin", "kelurahan", "rw"])
    for i in range(200):
        wb.active.append([f"Orang {i}", "199003152025011001", "DLHK", "L", "Simpangbaru", 1])
    utuh = io.BytesIO()
    wb.save(utuh)
    rusak = io.BytesIO()
    with zipfile.ZipFile(utuh) as asal, zipfile.ZipFile(rusak, "w") as tujuan:
        for info in asal.infolist():
            isi = asal.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                isi = isi[: len(isi) // 2]
            tujuan.writestr(info, isi)
    with pytest.raises(ImportRefused) as info:
        kandidat_import(data=rusak.getvalue(), filename="rusak.xlsx", oleh=bkpsdm)
    assert "bukan lembar kerja .xlsx yang utuh" in str(info.value.errors[0])
    assert Petugas.objects.count() == 0
