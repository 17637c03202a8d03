import datetime

import pytest

from pendataan.nik import KODE_PROVINSI, Nik, samarkan, validate_kk, validate_nik

HARI_INI = datetime.date(2026, 11, 23)


def nik(value: str, **kwargs) -> Nik:
    return validate_nik(value, hari_ini=HARI_INI, **kwargs)


def salah(value: str, **kwargs) -> str:
    with pytest.raises(ValueError) as info:
        validate_nik(value, hari_ini=HARI_INI, **kwargs)
    return str(info.value)


def kk_salah(value: str) -> str:
    with pytest.raises(ValueError) as info:
        validate_kk(value, hari_ini=HARI_INI)
    return str(info.value)


def test_it_reads_a_mans_nik():
    assert nik("1471081503900001") == Nik(
        nik="1471081503900001",
        kode_wilayah="14.71.08",
        tanggal_lahir=datetime.date(1990, 3, 15),
        jenis_kelamin="L",
    )


def test_it_reads_a_womans_nik_whose_day_has_40_added():
    n = nik("1471085503920002")
    assert (n.tanggal_lahir, n.jenis_kelamin) == (datetime.date(1992, 3, 15), "P")


@pytest.mark.parametrize(
    ("hari", "tanggal", "jenis_kelamin"),
    [("01", 1, "L"), ("31", 31, "L"), ("41", 1, "P"), ("71", 31, "P")],
)
def test_the_day_says_the_gender(hari, tanggal, jenis_kelamin):
    n = nik(f"147108{hari}01900001")
    assert (n.tanggal_lahir.day, n.jenis_kelamin) == (tanggal, jenis_kelamin)


@pytest.mark.parametrize("hari", ["00", "32", "40", "72", "99"])
def test_a_day_outside_both_ranges_is_refused(hari):
    assert f"digit 7-12 ({hari}0190) bukan tanggal lahir yang sah" in salah(f"147108{hari}01900001")


@pytest.mark.parametrize(
    "ditulis",
    [
        "14.71.08.150390.0001",
        "1471 0815 0390 0001",
        "  1471081503900001 ",
        "'1471081503900001",  # a number kept as text in a CSV export
        "1471\u00a0081503900001",  # Excel's non-breaking space
    ],
)
def test_separators_are_removed(ditulis):
    assert nik(ditulis).nik == "1471081503900001"


@pytest.mark.parametrize(
    ("ddmmyy", "tahun"),
    [("150390", 1990), ("150300", 2000), ("150326", 2026), ("151226", 1926), ("231126", 2026)],
)
def test_the_century_is_20_unless_that_is_still_to_come(ddmmyy, tahun):
    assert nik(f"147108{ddmmyy}0001").tanggal_lahir.year == tahun


def test_29_february_only_in_a_leap_year():
    assert nik("1471082902000001").tanggal_lahir == datetime.date(2000, 2, 29)
    assert "bukan tanggal lahir yang sah" in salah("1471082902010001")
    assert "bukan tanggal lahir yang sah" in salah("1471086902010001")


def test_31_february_is_refused():
    assert salah("1471083102900001") == (
        "NIK 1471083102900001 tidak sah: digit 7-12 (310290) bukan tanggal lahir yang sah "
        "(HHBBTT; perempuan: tanggal lahir + 40)."
    )


def test_month_13_is_refused():
    assert "digit 7-12 (151390)" in salah("1471081513900001")


@pytest.mark.parametrize("provinsi", ["00", "10", "20", "22", "37", "54", "66", "77", "83", "97"])
def test_a_province_that_does_not_exist_is_refused(provinsi):
    assert f"digit 1-2 ({provinsi}) bukan kode provinsi" in salah(f"{provinsi}71081503900001")


def test_the_province_list_has_the_38_provinces_with_papuas_2022_split():
    assert len(KODE_PROVINSI) == 38
    assert {"91", "92", "93", "94", "95", "96"} <= KODE_PROVINSI
    assert {"14", "21", "36", "65", "75", "76"} <= KODE_PROVINSI
    assert "54" not in KODE_PROVINSI  # Timor Timur, before NIKs existed


@pytest.mark.parametrize(
    "value",
    [
        "3174011503900001",  # Jakarta Selatan
        "1371055503850002",  # Padang
        "1401031503900001",  # Kampar, Riau
        "9601011503900001",  # Papua Barat Daya (2022)
        "9301011503900001",  # Papua Selatan (2022)
        "6501011503900001",  # Kalimantan Utara
    ],
)
def test_a_nik_issued_outside_pekanbaru_is_accepted(value):
    assert nik(value).kode_wilayah == f"{value[0:2]}.{value[2:4]}.{value[4:6]}"


def test_kabupaten_00_is_refused():
    assert salah("1400081503900001") == (
        "NIK 1400081503900001 tidak sah: digit 3-4 (00) bukan kode kabupaten/kota."
    )


def test_kecamatan_00_is_refused():
    assert "digit 5-6 (00) bukan kode kecamatan" in salah("1471001503900001")


def test_serial_0000_is_refused():
    assert "nomor urut (digit 13-16) tidak boleh 0000" in salah("1471081503900000")


def test_every_problem_is_named_at_once():
    assert salah("9900003102900000") == (
        "NIK 9900003102900000 tidak sah: digit 1-2 (99) bukan kode provinsi; digit 3-4 (00) "
        "bukan kode kabupaten/kota; digit 5-6 (00) bukan kode kecamatan; digit 7-12 (310290) "
        "bukan tanggal lahir yang sah (HHBBTT; perempuan: tanggal lahir + 40); nomor urut "
        "(digit 13-16) tidak boleh 0000."
    )


@pytest.mark.parametrize(
    "value", ["1471A81503900001", "NIK 1471081503900001", "147108-150390-0001"]
)
def test_letters_and_other_signs_are_refused(value):
    assert salah(value) == f'NIK "{value}" harus berisi angka saja.'


@pytest.mark.parametrize(("value", "n"), [("147108150390001", 15), ("14710815039000012", 17)])
def test_15_or_17_digits_are_refused(value, n):
    assert salah(value) == f"NIK harus 16 digit, yang tertulis {n} digit."


def test_an_empty_nik_is_refused():
    assert salah("  ") == "NIK kosong."


@pytest.mark.parametrize("value", ["1.47108150390001E+15", "1,47108E+15"])
def test_a_nik_rounded_by_excel_is_refused_with_a_hint(value):
    pesan = salah(value)
    assert pesan.startswith(f"NIK {value} diketik sebagai angka")
    assert "Ketik NIK sebagai teks di Excel" in pesan


def test_gender_that_agrees_is_accepted():
    assert nik("1471081503900001", jenis_kelamin="L").jenis_kelamin == "L"
    assert nik("1471085503920002", jenis_kelamin="P").jenis_kelamin == "P"


def test_a_woman_with_a_mans_nik_is_refused():
    assert salah("1471081503900001", jenis_kelamin="P") == (
        "jenis kelamin Perempuan tidak cocok dengan NIK 1471081503900001: digit 7-8 (15) "
        "menunjukkan laki-laki (perempuan: tanggal lahir + 40)."
    )


def test_a_man_with_a_womans_nik_is_refused():
    assert "menunjukkan perempuan" in salah("1471085503920002", jenis_kelamin="L")


def test_an_unknown_gender_is_refused():
    assert salah("1471081503900001", jenis_kelamin="X") == (
        'jenis kelamin "X" tidak dikenal: tulis L atau P.'
    )


def test_today_is_used_when_no_date_is_given():
    assert validate_nik("1471081503900001").tanggal_lahir == datetime.date(1990, 3, 15)


# The KK number: the same region code, then the issue date without + 40.


def test_it_reads_a_kk_number():
    assert validate_kk("14.71.08 010120 0001", hari_ini=HARI_INI) == "1471080101200001"


def test_a_kk_from_another_province_is_accepted():
    assert validate_kk("3174011203150007", hari_ini=HARI_INI) == "3174011203150007"


def test_a_kk_issue_day_has_no_40_added():
    assert kk_salah("1471084101200001") == (
        "nomor KK 1471084101200001 tidak sah: digit 7-12 (410120) bukan tanggal terbit yang "
        "sah (HHBBTT)."
    )


def test_a_kk_issue_date_that_does_not_exist_is_refused():
    assert "digit 7-12 (310220)" in kk_salah("1471083102200001")


@pytest.mark.parametrize(
    ("value", "pesan"),
    [
        ("9971080101200001", "digit 1-2 (99) bukan kode provinsi"),
        ("1400080101200001", "digit 3-4 (00) bukan kode kabupaten/kota"),
        ("1471000101200001", "digit 5-6 (00) bukan kode kecamatan"),
        ("1471080101200000", "nomor urut (digit 13-16) tidak boleh 0000"),
    ],
)
def test_a_kk_with_a_bad_part_is_refused(value, pesan):
    assert pesan in kk_salah(value)


@pytest.mark.parametrize(
    ("value", "pesan"),
    [
        ("", "nomor KK kosong."),
        ("147108010120001", "nomor KK harus 16 digit, yang tertulis 15 digit."),
        ("14710801012000011", "nomor KK harus 16 digit, yang tertulis 17 digit."),
        ("KK1471080101200001", 'nomor KK "KK1471080101200001" harus berisi angka saja.'),
    ],
)
def test_a_kk_that_is_not_16_digits_is_refused(value, pesan):
    assert kk_salah(value) == pesan


def test_a_kk_rounded_by_excel_is_refused_with_a_hint():
    assert "Ketik nomor KK sebagai teks di Excel" in kk_salah("1.47108010120001E+15")


def test_numbers_are_masked_without_their_date():
    assert samarkan("1471081503900001") == "1471••••••••0001"
    assert samarkan("123") == "••••"
