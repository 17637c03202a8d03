"""The DTSEN code lists and the checking of a value and of a visit's `variabel` payload."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pendataan.variabel import NilaiSalah, nilai_bersihkan, variabel_bersihkan
from pendataan.variabel.kode import (
    ANGGOTA,
    ASET,
    KELUARGA,
    SUMBER_REGSOSEK,
    VARIABEL_ANGGOTA,
    VARIABEL_KELUARGA,
    Jenis,
)

KUNCI_KELUARGA = [
    "status_bangunan",
    "lantai",
    "dinding",
    "atap",
    "air_minum",
    "penerangan",
    "daya_listrik",
    "id_pelanggan_pln",
    "bahan_bakar",
    "fasilitas_bab",
    "jenis_kloset",
    "pembuangan_tinja",
    "jumlah_keluarga_di_rumah",
]
KUNCI_ASET = [
    "aset_tabung_gas",
    "aset_kulkas",
    "aset_ac",
    "aset_pemanas_air",
    "aset_telepon_rumah",
    "aset_tv",
    "aset_emas_gram",
    "aset_komputer",
    "aset_sepeda_motor",
    "aset_sepeda",
    "aset_mobil",
    "aset_perahu",
    "aset_perahu_motor",
    "aset_smartphone",
    "aset_lahan_ha",
    "aset_lahan_lain",
    "aset_rumah_lain",
    "ternak_besar",
    "ternak_kecil",
]
KUNCI_ANGGOTA = [
    "status_perkawinan",
    "partisipasi_sekolah",
    "pendidikan_tertinggi",
    "status_pekerjaan",
    "lapangan_usaha",
    "punya_usaha",
    "disabilitas",
    "penyakit_kronis",
]


def test_it_has_every_variable_the_other_modules_rely_on():
    assert {v.kunci for v in KELUARGA} == set(KUNCI_KELUARGA)
    assert {v.kunci for v in ASET} == set(KUNCI_ASET)
    assert {v.kunci for v in ANGGOTA} == set(KUNCI_ANGGOTA)


@pytest.mark.parametrize(
    "kunci, kode",
    [
        ("lantai", range(1, 10)),
        ("dinding", range(1, 8)),
        ("atap", range(1, 9)),
        ("jenis_kloset", range(1, 5)),
        ("pembuangan_tinja", range(1, 7)),
        ("air_minum", range(1, 12)),
        ("penerangan", range(1, 5)),
        ("daya_listrik", range(1, 6)),
    ],
)
def test_the_regsosek_lists_have_the_issues_numbering(kunci, kode):
    v = VARIABEL_KELUARGA[kunci]
    assert [k for k, _ in v.kode] == list(kode)
    assert v.sumber == SUMBER_REGSOSEK


def test_no_list_claims_to_be_official_and_each_names_its_source():
    for v in (*KELUARGA, *ASET, *ANGGOTA):
        assert v.resmi is False
        assert v.sumber
    assert "bukan daftar kode resmi BPS" in SUMBER_REGSOSEK
    assert str(VARIABEL_KELUARGA["daya_listrik"].kode_label[5]) == "> 2.200 VA"
    assert str(VARIABEL_KELUARGA["penerangan"].kode_label[2]) == "Listrik PLN tanpa meteran"


@pytest.mark.parametrize(
    "kunci, nilai, pesan",
    [
        ("aset_mobil", -1, "Mobil: -1 di luar batas 0 sampai 20"),
        ("aset_mobil", 10**9, "Mobil: 1000000000 di luar batas 0 sampai 20"),
        ("aset_emas_gram", 10_000.5, "Emas/perhiasan: 10000,5 di luar batas 0 sampai 10.000 g"),
        ("aset_mobil", 1.5, "Mobil: harus bilangan bulat"),
        ("aset_mobil", "dua", "Mobil: harus berupa angka"),
        ("aset_mobil", [1], "Mobil: harus berupa angka"),
        ("aset_mobil", True, "Mobil: harus berupa angka"),
        ("aset_mobil", None, "Mobil: harus berupa angka"),
        ("aset_mobil", "NaN", "Mobil: harus berupa angka"),
        ("lantai", 10, "Jenis lantai terluas: kode 10 tidak ada dalam daftar"),
        ("lantai", 0, "kode 0 tidak ada dalam daftar (pilihan: 1, 2, 3, 4, 5, 6, 7, 8, 9)"),
        ("lantai", "1e999999", "kode 1e999999 tidak ada dalam daftar"),
        ("lantai", 2.5, "kode 2.5 tidak ada"),
        ("lantai", "", "Jenis lantai terluas: nilai kosong"),
        ("id_pelanggan_pln", "12345", "ID pelanggan PLN: harus 11 sampai 12 angka"),
        ("id_pelanggan_pln", 12345678901.0, "ID pelanggan PLN: harus 11 sampai 12 angka"),
        ("jumlah_keluarga_di_rumah", 0, "di luar batas 1 sampai 20"),
    ],
)
def test_a_bad_value_gets_a_message_naming_the_variable(kunci, nilai, pesan):
    with pytest.raises(NilaiSalah) as info:
        nilai_bersihkan(VARIABEL_KELUARGA[kunci], nilai)
    assert pesan in str(info.value)


@pytest.mark.parametrize(
    "kunci, nilai, bersih",
    [
        ("aset_mobil", 2, 2),
        ("aset_mobil", "2", 2),
        ("aset_mobil", 2.0, 2),
        ("lantai", "6", 6),
        ("bahan_bakar", 0, 0),
        ("aset_emas_gram", "12,55", 12.6),
        ("aset_lahan_ha", 0.25, 0.25),
        ("id_pelanggan_pln", "512345678901", "512345678901"),
    ],
)
def test_a_good_value_is_stored_in_its_kind(kunci, nilai, bersih):
    assert nilai_bersihkan(VARIABEL_KELUARGA[kunci], nilai) == bersih


def test_yes_no_takes_a_bool_or_the_words():
    v = VARIABEL_ANGGOTA["punya_usaha"]
    assert nilai_bersihkan(v, True) is True
    assert nilai_bersihkan(v, "tidak") is False
    with pytest.raises(NilaiSalah, match="Memiliki usaha sendiri/bersama: jawab ya atau tidak"):
        nilai_bersihkan(v, "mungkin")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_a_count_is_kept_exactly_when_within_its_bounds(n):
    for v in ASET:
        if v.jenis != Jenis.CACAH:
            continue
        if v.minimum <= n <= v.maksimum:
            assert nilai_bersihkan(v, n) == n
        else:
            with pytest.raises(NilaiSalah, match=re.escape(str(v.label))):
                nilai_bersihkan(v, n)


@given(st.decimals(allow_nan=True, allow_infinity=True, places=3))
def test_gold_in_grams_is_within_0_and_10000_or_refused(d):
    v = VARIABEL_KELUARGA["aset_emas_gram"]
    if d.is_finite() and Decimal(0) <= d <= Decimal(10_000):
        assert 0 <= nilai_bersihkan(v, str(d)) <= 10_000
    else:
        with pytest.raises(NilaiSalah):
            nilai_bersihkan(v, str(d))


def _bersihkan(data, sekarang_keluarga=None, sekarang_anggota=None):
    return variabel_bersihkan(
        data,
        anggota={7: "Siti Aminah"},
        sekarang_keluarga=sekarang_keluarga or {},
        sekarang_anggota=sekarang_anggota or {},
    )


def test_a_payload_keeps_only_what_differs_from_what_is_recorded():
    hasil, salah = _bersihkan(
        {
            "keluarga": {"aset_mobil": 1, "lantai": 6},
            "anggota": {"7": {"status_perkawinan": 2, "punya_usaha": False}},
        },
        sekarang_keluarga={"aset_mobil": 0, "lantai": 6},
        sekarang_anggota={7: {"punya_usaha": False}},
    )
    assert salah == []
    assert hasil == {"keluarga": {"aset_mobil": 1}, "anggota": {"7": {"status_perkawinan": 2}}}


@pytest.mark.parametrize(
    "data, pesan",
    [
        ({"keluarga": {"kolam_renang": 1}}, 'Variabel "kolam_renang" tidak dikenal'),
        ({"anggota": {"7": {"aset_mobil": 1}}}, 'Siti Aminah: Variabel "aset_mobil" tidak dikenal'),
        ({"anggota": {"7": {"status_perkawinan": 9}}}, "Siti Aminah: Status perkawinan: kode 9"),
        ({"anggota": {"999": {"status_perkawinan": 1}}}, "Anggota keluarga tidak dikenal"),
        ({"anggota": {"x": {}}}, "Anggota keluarga tidak dikenal"),
        ({"keluarga": [1]}, "Kiriman variabel rusak"),
        ({"lain": {}}, "Kiriman variabel rusak"),
        ("teks", "Kiriman variabel rusak"),
    ],
)
def test_a_bad_payload_is_named(data, pesan):
    _hasil, salah = _bersihkan(data)
    assert any(pesan in s for s in salah), salah


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda anak: st.lists(anak, max_size=3) | st.dictionaries(st.text(max_size=8), anak),
        max_leaves=8,
    )
)
def test_any_json_gives_changes_or_messages_never_a_crash(data):
    hasil, salah = _bersihkan({"keluarga": data} if isinstance(data, dict) else data)
    assert isinstance(hasil, dict) and isinstance(salah, list)


def test_no_change_is_stored_as_an_empty_object():
    assert _bersihkan({"keluarga": {"aset_mobil": 0}}, sekarang_keluarga={"aset_mobil": 0}) == (
        {},
        [],
    )
    assert _bersihkan({"keluarga": {}, "anggota": {}}) == ({}, [])
    assert _bersihkan(None) == ({}, [])
