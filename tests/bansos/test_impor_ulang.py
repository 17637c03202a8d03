"""Importing a period's list again: the list is brought in line with the file, not replaced."""

import datetime
import uuid

from bansos.models import JenisVerifikasi, Kelayakan, Penerima, Periode, StatusImpor, Verifikasi
from bansos.services import periode_buat
from pendataan.models import Kunjungan, StatusKunjungan
from tests.bansos.test_impor_penerima import (  # noqa: F401 (fixtures)
    BARU,
    BARU_ISTRI,
    BUDI,
    KOLOM_KARTU,
    SITI,
    csv_berkas,
    impor,
    jalur,
    periode_blt,
    periode_pbi,
)
from tests.pendataan.conftest import keluarga, tugas_di_proses_ini  # noqa: F401 (fixtures)

D = datetime.date


def _kartu(*rows: tuple[str, str]):
    return csv_berkas(*(f"{row},{kartu}" for row, kartu in rows), kolom=KOLOM_KARTU)


def _daftar(periode: Periode) -> dict[str, tuple]:
    """The period's list: the NIK each row names -> (card, active, import id, pk)."""
    return {
        p.terdaftar.nik: (p.nomor_kartu, p.aktif, p.impor_id, p.pk)
        for p in Penerima.objects.filter(periode=periode).select_related("terdaftar")
    }


def _verifikasi(akun, penerima: Penerima) -> Verifikasi:
    """An officer's finding about a recipient: what keeps its row when it is left out."""
    kunjungan = Kunjungan.objects.create(
        uuid=uuid.uuid4(),
        sidik="uji",
        keluarga=penerima.keluarga,
        petugas=akun.petugas.petugas,
        rw=penerima.keluarga.rw,
        hasil="ditemui",
        status=StatusKunjungan.DISETUJUI,
    )
    return Verifikasi.objects.create(
        kunjungan=kunjungan,
        jenis=JenisVerifikasi.VERIFIKASI,
        periode=penerima.periode,
        penerima=penerima,
        keluarga=penerima.keluarga,
        hasil=Kelayakan.LAYAK,
        berlaku=True,
    )


def test_it_updates_a_card_number_and_deletes_an_unverified_recipient_left_out(
    keluarga,  # noqa: F811
    periode_pbi,  # noqa: F811
    impor,  # noqa: F811
):
    pertama = impor(periode_pbi, _kartu((BUDI, "K-1"), (SITI, "K-2")))
    budi_pk = _daftar(periode_pbi)["1471081503900001"][3]

    kedua = impor(periode_pbi, _kartu((BUDI, "K-1-BARU"), (BARU, "K-3")))

    assert kedua.status == StatusImpor.SELESAI, kedua.masalah
    assert kedua.ringkasan == {
        "penerima_baru": 1,
        "diperbarui": 1,
        "tetap": 0,
        "dikeluarkan": 1,
        "dihapus": 1,
        "dinonaktifkan": 0,
        "keluarga_baru": 1,
        "anggota_baru": 1,
    }
    daftar = _daftar(periode_pbi)
    assert {nik: baris[:3] for nik, baris in daftar.items()} == {
        "1471081503900001": ("K-1-BARU", True, kedua.pk),
        "1471081204850004": ("K-3", True, kedua.pk),
    }, "Siti, never verified, is gone"
    assert daftar["1471081503900001"][3] == budi_pk, "Budi's row is updated in place"
    assert pertama.pk != kedua.pk


def _budi_terverifikasi(akun, keluarga, periode, impor) -> Penerima:  # noqa: F811
    """Budi's family and BARU on the list; Budi's recipient verified by an officer."""
    impor(periode, csv_berkas(BUDI, BARU))
    budi = Penerima.objects.get(periode=periode, keluarga=keluarga)
    _verifikasi(akun, budi)
    return budi


def test_a_verified_recipient_left_out_is_kept_inactive(
    akun,
    keluarga,  # noqa: F811
    periode_blt,  # noqa: F811
    impor,  # noqa: F811
):
    budi = _budi_terverifikasi(akun, keluarga, periode_blt, impor)

    kedua = impor(periode_blt, csv_berkas(BARU))

    assert kedua.status == StatusImpor.SELESAI, kedua.masalah
    assert (kedua.ringkasan["dikeluarkan"], kedua.ringkasan["dinonaktifkan"]) == (1, 1)
    assert (kedua.ringkasan["dihapus"], kedua.ringkasan["diperbarui"]) == (0, 0)
    assert kedua.ringkasan["tetap"] == 1, "BARU's row, as it was"
    budi.refresh_from_db()
    assert not budi.aktif, "kept, with its verification, but off the list"
    assert budi.verifikasi_set.count() == 1

    ketiga = impor(periode_blt, csv_berkas(BARU, SITI))  # back, named by another member

    assert (ketiga.ringkasan["diperbarui"], ketiga.ringkasan["tetap"]) == (1, 1)
    assert ketiga.ringkasan["dikeluarkan"] == 0
    budi.refresh_from_db()
    assert budi.aktif
    assert budi.terdaftar.nik == "1471085503920002", "the member the row names now"
    assert Penerima.objects.filter(periode=periode_blt).count() == 2


def test_an_inactive_recipient_left_out_again_is_not_counted_again(
    akun,
    keluarga,  # noqa: F811
    periode_blt,  # noqa: F811
    impor,  # noqa: F811
):
    impor(periode_blt, csv_berkas(BUDI, BARU))
    _verifikasi(akun, Penerima.objects.get(periode=periode_blt, keluarga=keluarga))
    impor(periode_blt, csv_berkas(BARU))

    lagi = impor(periode_blt, csv_berkas(BARU))

    assert lagi.ringkasan["dikeluarkan"] == 0
    assert Penerima.objects.filter(periode=periode_blt, aktif=False).count() == 1


def test_other_periods_are_untouched(keluarga, periode_blt, impor):  # noqa: F811
    impor(periode_blt, csv_berkas(BUDI, BARU))
    sebelumnya = _daftar(periode_blt)
    berikut = periode_buat(
        program=periode_blt.program, nama="2026 II", mulai=D(2026, 4, 1), selesai=D(2026, 6, 30)
    )

    hasil = impor(berikut, csv_berkas(BARU_ISTRI.replace("Rina", "Rini")))

    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert hasil.ringkasan["dikeluarkan"] == 0
    assert _daftar(periode_blt) == sebelumnya, "history is kept"
    assert set(_daftar(berikut)) == {"1471085005880005"}


def test_the_same_file_again_writes_nothing(
    keluarga,  # noqa: F811
    periode_pbi,  # noqa: F811
    impor,  # noqa: F811
):
    berkas = [(BUDI, "K-1"), (SITI, "K-2"), (BARU, "K-3"), (BARU_ISTRI, "K-4")]
    impor(periode_pbi, _kartu(*berkas))
    sebelumnya = _daftar(periode_pbi)

    lagi = impor(periode_pbi, _kartu(*berkas))

    assert lagi.status == StatusImpor.SELESAI, lagi.masalah
    assert lagi.ringkasan == {
        "penerima_baru": 0,
        "diperbarui": 0,
        "tetap": 4,
        "dikeluarkan": 0,
        "dihapus": 0,
        "dinonaktifkan": 0,
        "keluarga_baru": 0,
        "anggota_baru": 0,
    }
    assert _daftar(periode_pbi) == sebelumnya, "every row as it was, its import included"


def test_a_file_that_changes_one_row_writes_that_row_only(
    keluarga,  # noqa: F811
    periode_pbi,  # noqa: F811
    impor,  # noqa: F811
):
    pertama = impor(periode_pbi, _kartu((BUDI, "K-1"), (SITI, "K-2"), (BARU, "K-3")))

    lagi = impor(periode_pbi, _kartu((BUDI, "K-1"), (SITI, "K-2-BARU"), (BARU, "K-3")))

    assert (lagi.ringkasan["diperbarui"], lagi.ringkasan["tetap"]) == (1, 2)
    assert lagi.ringkasan["dikeluarkan"] == 0
    assert {nik: baris[:3] for nik, baris in _daftar(periode_pbi).items()} == {
        "1471081503900001": ("K-1", True, pertama.pk),
        "1471085503920002": ("K-2-BARU", True, lagi.pk),
        "1471081204850004": ("K-3", True, pertama.pk),
    }


def test_a_recipient_left_out_and_named_again_as_it_was_is_active_again(
    akun,
    keluarga,  # noqa: F811
    periode_blt,  # noqa: F811
    impor,  # noqa: F811
):
    budi = _budi_terverifikasi(akun, keluarga, periode_blt, impor)
    impor(periode_blt, csv_berkas(BARU))  # Budi left out: kept inactive

    ketiga = impor(periode_blt, csv_berkas(BUDI, BARU))  # the same row as at first

    assert ketiga.status == StatusImpor.SELESAI, ketiga.masalah
    assert (ketiga.ringkasan["diperbarui"], ketiga.ringkasan["tetap"]) == (1, 1)
    assert ketiga.ringkasan["dikeluarkan"] == 0
    budi.refresh_from_db()
    assert budi.aktif and budi.impor_id == ketiga.pk


def test_rows_left_out_are_taken_out_a_batch_at_a_time(
    akun,
    keluarga,  # noqa: F811
    periode_pbi,  # noqa: F811
    impor,  # noqa: F811
    monkeypatch,
):
    # The batch path takes out the left-out rows in chunks; the counts add up (the
    # PostgreSQL path takes them out at once, with the same result).
    monkeypatch.setattr("bansos.impor.tulis.BATCH", 1)
    impor(periode_pbi, _kartu((BUDI, "K-1"), (SITI, "K-2"), (BARU, "K-3")))
    _verifikasi(akun, Penerima.objects.get(periode=periode_pbi, terdaftar__nik=BUDI[:16]))

    lagi = impor(periode_pbi, _kartu((BARU_ISTRI, "K-4")))

    assert lagi.status == StatusImpor.SELESAI, lagi.masalah
    assert (lagi.ringkasan["dihapus"], lagi.ringkasan["dinonaktifkan"]) == (2, 1)
    assert lagi.ringkasan["dikeluarkan"] == 3
    assert {nik: baris[1] for nik, baris in _daftar(periode_pbi).items()} == {
        "1471081503900001": False,
        "1471085005880005": True,
    }
