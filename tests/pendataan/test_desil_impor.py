"""Dinsos's DTSEN desil file: checked whole, unknown families reported by row, history kept."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansos.models import StatusImpor
from pendataan.desil import impor_desil_mulai
from pendataan.desil.tulis import perbarui_desil_keluarga
from pendataan.models import DesilKeluarga, Keluarga
from tests.pendataan.conftest import keluarga, tugas_di_proses_ini  # noqa: F401 (fixtures)

D = datetime.date
KK_BUDI = "1471080101200001"  # the `keluarga` fixture
NIK_BUDI = "1471081503900001"  # its head
KK_ASING = "1471080909200009"  # sound, but no family of the portal


def csv_berkas(*rows: str, kolom: str = "nomor_kk,desil,berlaku_mulai") -> SimpleUploadedFile:
    data = (kolom + "\n" + "".join(r + "\n" for r in rows)).encode()
    return SimpleUploadedFile("desil.csv", data, content_type="text/csv")


@pytest.fixture
def impor(akun, tugas_di_proses_ini, django_capture_on_commit_callbacks):  # noqa: F811
    def run(berkas, berlaku_mulai=None):
        with django_capture_on_commit_callbacks(execute=True):
            hasil = impor_desil_mulai(berkas=berkas, berlaku_mulai=berlaku_mulai, oleh=akun.dinsos)
        hasil.refresh_from_db()
        return hasil

    return run


def test_it_records_the_desil_and_its_history(impor, keluarga):  # noqa: F811
    hasil = impor(csv_berkas(f"{KK_BUDI},3,01-01-2026"))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert hasil.ringkasan["baru"] == 1
    keluarga.refresh_from_db()
    assert (keluarga.desil, keluarga.desil_berlaku_mulai) == (3, D(2026, 1, 1))

    impor(csv_berkas(f"{KK_BUDI},7,2026-04-01"))
    keluarga.refresh_from_db()
    assert keluarga.desil == 7
    riwayat = list(keluarga.desil_set.values_list("berlaku_mulai", "desil"))
    assert riwayat == [(D(2026, 4, 1), 7), (D(2026, 1, 1), 3)]

    # an older ranking arriving late joins the history but is not the desil in force
    impor(csv_berkas(f"{KK_BUDI},1,2025-10-01"))
    keluarga.refresh_from_db()
    assert keluarga.desil == 7
    assert keluarga.desil_set.count() == 3


def test_an_import_is_one_audit_entry_with_the_files_hash_not_one_per_family(
    impor,
    keluarga,  # noqa: F811
):
    import hashlib

    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from pendataan.models import ImporDesil, Keluarga

    berkas = csv_berkas(f"{KK_BUDI},3,01-01-2026")
    isi = berkas.read()
    berkas.seek(0)
    sebelum = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Keluarga))
    jumlah_keluarga = sebelum.count()
    hasil = impor(berkas)
    (entri,) = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ImporDesil), object_pk=str(hasil.pk)
    )
    assert entri.actor_id == hasil.dibuat_oleh_id
    assert hashlib.sha256(isi).hexdigest() in str(entri.changes) + str(entri.additional_data)
    assert sebelum.count() == jumlah_keluarga  # the family's new desil: no entry of its own


def test_a_reimport_of_the_same_file_changes_nothing(impor, keluarga):  # noqa: F811
    impor(csv_berkas(f"{KK_BUDI},3,01-01-2026"))
    sebelum = list(DesilKeluarga.objects.values_list("pk", "desil", "impor_id"))
    kedua = impor(csv_berkas(f"{KK_BUDI},3,01-01-2026"))
    assert kedua.status == StatusImpor.SELESAI
    assert kedua.ringkasan == {
        "baru": 0,
        "diperbarui": 0,
        "tetap": 1,
        "tidak_dikenal": 0,
        "keluarga_diubah": 0,
    }
    assert list(DesilKeluarga.objects.values_list("pk", "desil", "impor_id")) == sebelum


def test_a_corrected_desil_for_the_same_date_replaces_it(impor, keluarga):  # noqa: F811
    impor(csv_berkas(f"{KK_BUDI},3,01-01-2026"))
    koreksi = impor(csv_berkas(f"{KK_BUDI},4,01-01-2026"))
    assert koreksi.ringkasan["diperbarui"] == 1
    keluarga.refresh_from_db()
    assert keluarga.desil == 4
    assert keluarga.desil_set.get().impor == koreksi


def test_the_head_nik_names_the_family(impor, keluarga):  # noqa: F811
    hasil = impor(
        csv_berkas(f"{NIK_BUDI},2", kolom="NIK_KEPALA_KELUARGA,DESIL_NASIONAL"), D(2026, 1, 1)
    )
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    keluarga.refresh_from_db()
    assert (keluarga.desil, keluarga.desil_berlaku_mulai) == (2, D(2026, 1, 1))


def test_an_xlsx_with_dtsen_headings_and_date_cells(impor, keluarga):  # noqa: F811
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NO_KK", "DESIL_NASIONAL", "TANGGAL_BERLAKU"])
    ws.append([KK_BUDI, 5, datetime.datetime(2026, 2, 1)])
    out = io.BytesIO()
    wb.save(out)
    hasil = impor(SimpleUploadedFile("desil.xlsx", out.getvalue()))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    keluarga.refresh_from_db()
    assert (keluarga.desil, keluarga.desil_berlaku_mulai) == (5, D(2026, 2, 1))


def test_an_unknown_kk_is_reported_by_row_and_the_rest_imported(impor, keluarga):  # noqa: F811
    hasil = impor(csv_berkas(f"{KK_ASING},2,01-01-2026", f"{KK_BUDI},3,01-01-2026"))
    assert hasil.status == StatusImpor.SELESAI
    assert hasil.ringkasan["baru"] == 1
    assert hasil.ringkasan["tidak_dikenal"] == 1
    assert hasil.jumlah_masalah == 1
    [[baris, pesan]] = hasil.masalah
    assert baris == 2
    assert "tidak dikenal" in pesan
    assert KK_ASING not in pesan  # masked
    keluarga.refresh_from_db()
    assert keluarga.desil == 3


def test_a_nik_of_another_family_than_the_kk_is_reported(impor, keluarga, kota):  # noqa: F811
    Keluarga.objects.create(nomor_kk=KK_ASING, rw=kota.rw_simpangbaru_1, rt=1)
    hasil = impor(csv_berkas(f"{KK_ASING},{NIK_BUDI},2", kolom="nomor_kk,nik,desil"), D(2026, 1, 1))
    assert hasil.status == StatusImpor.SELESAI
    assert "bukan anggota KK" in hasil.masalah[0][1]
    assert not DesilKeluarga.objects.exists()


@pytest.mark.parametrize(
    ("baris", "pesan"),
    [
        (f"{KK_BUDI},11,01-01-2026", 'desil "11" tidak sah: tulis angka 1 sampai 10.'),
        (f"{KK_BUDI},0,01-01-2026", 'desil "0" tidak sah'),
        (f"{KK_BUDI},tiga,01-01-2026", 'desil "tiga" tidak sah'),
        (f"{KK_BUDI},,01-01-2026", "desil kosong."),
        ("147108010120001,3,01-01-2026", "nomor KK"),  # 15 digits
        ("1471083201200001,3,01-01-2026", "bukan tanggal terbit yang sah"),
        (f"{KK_BUDI},3,31-02-2026", "tidak terbaca"),
        (f"{KK_BUDI},3,01-01-2099", "belum tiba"),
        (",3,01-01-2026", "nomor KK dan NIK kosong"),
    ],
)
def test_a_bad_row_refuses_the_file_whole(impor, keluarga, baris, pesan):  # noqa: F811
    hasil = impor(csv_berkas(f"{KK_BUDI},3,01-01-2025", baris))
    assert hasil.status == StatusImpor.DITOLAK
    assert hasil.masalah[0][0] == 3
    assert pesan in hasil.masalah[0][1]
    assert not DesilKeluarga.objects.exists()
    keluarga.refresh_from_db()
    assert keluarga.desil is None


def test_a_malformed_nik_refuses_the_file(impor, keluarga):  # noqa: F811
    hasil = impor(csv_berkas("1471089999900001,3", kolom="nik,desil"), D(2026, 1, 1))
    assert hasil.status == StatusImpor.DITOLAK
    assert "NIK" in hasil.masalah[0][1]


def test_a_family_twice_for_one_date_refuses_the_file(impor, keluarga):  # noqa: F811
    hasil = impor(csv_berkas(f"{KK_BUDI},3,01-01-2026", f"{KK_BUDI},4,2026-01-01"))
    assert hasil.status == StatusImpor.DITOLAK
    assert "sudah ada di baris 2" in hasil.masalah[0][1]


@pytest.mark.parametrize(
    ("kolom", "berlaku", "pesan"),
    [
        ("nama,desil", D(2026, 1, 1), "nomor_kk atau nik"),
        ("nomor_kk,nama", D(2026, 1, 1), "Kolom wajib tidak ada: desil"),
        ("nomor_kk,desil", None, "Kolom berlaku_mulai tidak ada"),
    ],
)
def test_a_file_without_the_columns_it_needs_is_refused(impor, keluarga, kolom, berlaku, pesan):  # noqa: F811
    hasil = impor(csv_berkas(f"{KK_BUDI},3", kolom=kolom), berlaku)
    assert hasil.status == StatusImpor.DITOLAK
    assert pesan in hasil.masalah[0][1]


def test_a_pdf_is_refused_at_upload(akun):
    with pytest.raises(ValidationError, match="Format berkas tidak dikenal"):
        impor_desil_mulai(
            berkas=SimpleUploadedFile("desil.pdf", b"%PDF-1.4 ..."),
            berlaku_mulai=None,
            oleh=akun.dinsos,
        )


def test_perbarui_desil_keluarga_clears_a_family_without_history(keluarga):  # noqa: F811
    Keluarga.objects.filter(pk=keluarga.pk).update(desil=9, desil_berlaku_mulai=D(2026, 1, 1))
    perbarui_desil_keluarga([keluarga.pk])
    keluarga.refresh_from_db()
    assert keluarga.desil is None


# ------------------------------------------------------------------ views


def test_it_uploads_and_shows_the_status(
    client,
    akun,
    keluarga,  # noqa: F811
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(akun.dinsos)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pendataan:impor_desil"),
            {"berkas": csv_berkas(f"{KK_ASING},2,01-01-2026", f"{KK_BUDI},3,01-01-2026")},
        )
    assert response.status_code == 302
    halaman = client.get(response["Location"])
    teks = halaman.content.decode()
    assert "Selesai" in teks
    assert "Baris 2" in teks
    assert KK_ASING not in teks


def test_a_wrong_file_shows_its_message_on_the_form(client, akun):
    client.force_login(akun.dinsos)
    response = client.post(
        reverse("pendataan:impor_desil"),
        {"berkas": SimpleUploadedFile("desil.pdf", b"%PDF-1.4 ...")},
    )
    assert response.status_code == 200
    assert "Format berkas tidak dikenal" in response.content.decode()


def test_the_status_page_is_dinsos_only(client, akun, impor, keluarga):  # noqa: F811
    hasil = impor(csv_berkas(f"{KK_BUDI},3,01-01-2026"))
    client.force_login(akun.admin_binawidya)
    assert client.get(reverse("pendataan:impor_desil_status", args=[hasil.pk])).status_code == 403


def test_the_status_fragment_is_polled_while_it_runs(client, akun):
    from pendataan.models import ImporDesil

    impor = ImporDesil.objects.create(
        berkas="private/impor-desil/uji.csv",
        nama_berkas="uji.csv",
        status=StatusImpor.MEMERIKSA,
        dibuat_oleh=akun.dinsos,
    )
    client.force_login(akun.dinsos)
    response = client.get(
        reverse("pendataan:impor_desil_status", args=[impor.pk]), headers={"HX-Request": "true"}
    )
    teks = response.content.decode()
    assert 'id="status-impor"' in teks and "<html" not in teks
    assert 'hx-trigger="every 2s"' in teks


def test_beat_refuses_a_desil_import_whose_worker_died_and_requeues_a_waiting_one(
    akun,
    keluarga,  # noqa: F811
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from unittest import mock

    from django.utils import timezone
    from kombu.exceptions import OperationalError as KombuOperationalError

    from bansos.impor import impor_penerima_pulihkan
    from pendataan.models import ImporDesil

    lama = timezone.now() - datetime.timedelta(hours=2)
    mati = ImporDesil.objects.create(
        berkas="private/impor-desil/mati.csv",
        nama_berkas="mati.csv",
        status=StatusImpor.MENULIS,
        ringkasan={"mulai": lama.isoformat()},
        dibuat_oleh=akun.dinsos,
    )
    with (
        mock.patch(
            "pendataan.tasks.proses_impor_desil.delay", side_effect=KombuOperationalError("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        menunggu = impor_desil_mulai(
            berkas=csv_berkas(f"{KK_BUDI},3,01-01-2026"), berlaku_mulai=None, oleh=akun.dinsos
        )
    ImporDesil.objects.filter(pk=menunggu.pk).update(created_at=lama)

    assert impor_penerima_pulihkan() == (1, 1)
    mati.refresh_from_db()
    assert mati.status == StatusImpor.DITOLAK
    assert "terhenti sebelum selesai" in mati.masalah[0][1]
    menunggu.refresh_from_db()
    assert menunggu.status == StatusImpor.SELESAI  # queued again, run in this process
    keluarga.refresh_from_db()
    assert keluarga.desil == 3


def test_an_import_marks_the_rws_of_the_families_it_ranked(impor, keluarga, monkeypatch):  # noqa: F811
    """The RW's summary mark is what the worklist's risk order and its cache follow."""
    from pendataan.desil import impor as modul

    ditandai = []
    asli = modul.ringkasan_tandai

    def tandai(*, rw_ids):
        ditandai.append(sorted(rw_ids))
        asli(rw_ids=rw_ids)

    monkeypatch.setattr(modul, "ringkasan_tandai", tandai)
    impor(csv_berkas(f"{KK_BUDI},7,01-01-2026"))
    assert ditandai == [[keluarga.rw_id]]
    impor(csv_berkas(f"{KK_BUDI},7,01-01-2026"))  # the same ranking again changes nothing
    assert ditandai[-1] == []
