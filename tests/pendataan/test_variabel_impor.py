"""The family import's optional DTSEN variable columns: values start from the register,
each change kept in the history without a visit; a bad value refuses the file."""

import pytest

from akun.models import Peran
from akun.services import user_buat
from pendataan.models import AnggotaKeluarga, Keluarga, RiwayatVariabel
from tests.conftest import PASSWORD
from tests.pendataan.test_impor import (
    ALAMAT_BUDI,
    KK_BUDI,
    KOLOM,
    csv,
    impor,
    isi_basis_data,
    refused,
)


@pytest.fixture
def dinsos(kota):
    return user_buat(username="dinsos", password=PASSWORD, peran=Peran.DINSOS)


HEADER = KOLOM + ",LANTAI,Jenis Atap,aset_mobil,ASET_EMAS_GRAM,status_perkawinan"


def _baris(nik, nama, hubungan, variabel):
    return f"{nik},{nama},{KK_BUDI},{ALAMAT_BUDI},,,{hubungan},{variabel}"


BUDI = _baris("1471081503900001", "Budi Santoso", "KEPALA KELUARGA", '6,3,0,"2,5",2')
SITI = _baris("1471085503920002", "Siti Aminah", "ISTRI", ",,,,2")


def test_the_variables_start_from_the_imported_register(dinsos):
    impor(dinsos, csv(BUDI, SITI, header=HEADER))
    keluarga = Keluarga.objects.get(nomor_kk=KK_BUDI)
    assert keluarga.variabel == {"lantai": 6, "atap": 3, "aset_mobil": 0, "aset_emas_gram": 2.5}
    budi = AnggotaKeluarga.objects.get(nama="Budi Santoso")
    assert budi.variabel == {"status_perkawinan": 2}
    riwayat = RiwayatVariabel.objects.filter(keluarga=keluarga)
    assert riwayat.count() == 6 and not riwayat.filter(kunjungan__isnull=False).exists()
    assert riwayat.get(anggota=budi).nilai_baru == 2


def test_a_second_import_changes_only_what_differs_and_keeps_its_history(dinsos):
    impor(dinsos, csv(BUDI, SITI, header=HEADER))
    sebelum = isi_basis_data()
    hasil = impor(dinsos, csv(BUDI, SITI, header=HEADER))
    assert (hasil.diperbarui, isi_basis_data()) == (0, sebelum)  # the same file: nothing
    mobil = BUDI.replace('6,3,0,"2,5",2', "6,3,1,,2")
    impor(dinsos, csv(mobil, SITI, header=HEADER))
    keluarga = Keluarga.objects.get(nomor_kk=KK_BUDI)
    assert keluarga.variabel["aset_mobil"] == 1
    assert keluarga.variabel["aset_emas_gram"] == 2.5  # an empty cell keeps the value
    terakhir = RiwayatVariabel.objects.filter(kunci="aset_mobil").first()
    assert (terakhir.nilai_lama, terakhir.nilai_baru, terakhir.kunjungan) == (0, 1, None)


def test_an_older_dtks_file_without_variable_columns_still_imports(dinsos):
    impor(dinsos, csv(f"1471081503900001,Budi,{KK_BUDI},{ALAMAT_BUDI},,,KEPALA", header=KOLOM))
    assert Keluarga.objects.get().variabel == {}


def test_a_bad_value_or_code_refuses_the_file_naming_row_and_variable(dinsos):
    buruk = BUDI.replace('6,3,0,"2,5",2', '12,3,-1,"99999",2')
    beda = SITI.replace(",,,,2", "2,,,,2")
    masalah = refused(dinsos, csv(buruk, beda, header=HEADER))
    teks = " | ".join(masalah)
    assert "Jenis lantai terluas: kode 12 tidak ada dalam daftar" in teks
    assert "Mobil: -1 di luar batas 0 sampai 20" in teks
    assert "Emas/perhiasan: 99999 di luar batas 0 sampai 10.000 g" in teks
    assert Keluarga.objects.count() == 0 and RiwayatVariabel.objects.count() == 0


def test_two_rows_of_one_kk_that_disagree_are_reported(dinsos):
    beda = SITI.replace(",,,,2", "2,,,,2")
    teks = " | ".join(refused(dinsos, csv(BUDI, beda, header=HEADER)))
    assert "Jenis lantai terluas 2. Keramik di sini, 6. Semen/bata merah di baris 2" in teks
