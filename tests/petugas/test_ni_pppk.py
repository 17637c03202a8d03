import datetime

import pytest

from petugas.ni_pppk import validate_ni_pppk

HARI_INI = datetime.date(2025, 6, 1)


def gagal(value: str) -> str:
    with pytest.raises(ValueError) as info:
        validate_ni_pppk(value, hari_ini=HARI_INI)
    return str(info.value)


def test_it_reads_every_part():
    ni = validate_ni_pppk("199003152025011001", hari_ini=HARI_INI)
    assert ni.nomor_induk == "199003152025011001"
    assert ni.tanggal_lahir == datetime.date(1990, 3, 15)
    assert (ni.tmt_tahun, ni.tmt_bulan) == (2025, 1)
    assert ni.jenis_kelamin == "L"
    assert ni.nomor == 1


def test_it_reads_a_woman():
    ni = validate_ni_pppk("199204202025012002", hari_ini=HARI_INI)
    assert (ni.jenis_kelamin, ni.nomor) == ("P", 2)


@pytest.mark.parametrize(
    "ditulis",
    ["19900315 202501 1 001", " 19900315.202501.1.001 ", "19900315\xa0202501\xa01\xa0001"],
)
def test_it_removes_spaces_and_dots_people_type(ditulis):
    assert validate_ni_pppk(ditulis, hari_ini=HARI_INI).nomor_induk == "199003152025011001"


def test_it_uses_todays_date_by_default():
    assert validate_ni_pppk("199003152025011001").tmt_tahun == 2025


def test_empty_is_refused():
    assert gagal("  ") == "NI PPPK kosong."


@pytest.mark.parametrize("value", ["1.99003152025011E+17", "1,99003E+17", "1.99003152025011e17"])
def test_a_number_rounded_by_excel_says_to_type_it_as_text(value):
    message = gagal(value)
    assert "Ketik NI PPPK sebagai teks di Excel" in message
    assert "format kolom NI PPPK sebagai Teks" in message


def test_letters_are_refused():
    assert gagal("19900315202501100A") == 'NI PPPK "19900315202501100A" harus berisi angka saja.'


@pytest.mark.parametrize("value", ["19900315202501100", "1990031520250110011"])
def test_wrong_length_is_refused(value):
    assert gagal(value) == f"NI PPPK harus 18 digit, yang tertulis {len(value)} digit."


def test_an_impossible_birth_date_is_refused():
    assert "digit 1-8 (19900230) bukan tanggal lahir yang sah" in gagal("199002302025011001")


@pytest.mark.parametrize("tahun", ["1939", "2009"])
def test_a_birth_year_out_of_range_is_refused(tahun):
    assert f"tahun lahir {tahun} di luar 1940-2008" in gagal(f"{tahun}03152025011001")


def test_the_youngest_and_oldest_birth_years_pass():
    assert validate_ni_pppk("194001012025011001", hari_ini=HARI_INI).tanggal_lahir.year == 1940
    assert validate_ni_pppk("200812312025011001", hari_ini=HARI_INI).tanggal_lahir.year == 2008


def test_an_impossible_tmt_month_is_refused():
    assert "bulan TMT 13 tidak ada" in gagal("199003152025131001")
    assert "bulan TMT 00 tidak ada" in gagal("199003152025001001")


@pytest.mark.parametrize("tahun", ["1999", "2027"])
def test_a_tmt_year_out_of_range_is_refused(tahun):
    assert f"tahun TMT {tahun} di luar 2000-2026" in gagal(f"19900315{tahun}011001")


def test_next_years_tmt_passes():
    assert validate_ni_pppk("199003152026011001", hari_ini=HARI_INI).tmt_tahun == 2026


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_a_gender_digit_other_than_1_or_2_is_refused(digit):
    assert "digit ke-15" in gagal(f"19900315202501{digit}001")


def test_serial_number_000_is_refused():
    assert "nomor urut (digit 16-18) tidak boleh 000" in gagal("199003152025011000")


def test_every_problem_is_named_at_once():
    message = gagal("199002302025135000")
    assert message.startswith("NI PPPK 199002302025135000 tidak sah: ")
    for bagian in ("tanggal lahir", "bulan TMT 13", "digit ke-15", "tidak boleh 000"):
        assert bagian in message
