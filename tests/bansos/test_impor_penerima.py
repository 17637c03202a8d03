import datetime
import io
from unittest import mock

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse
from kombu.exceptions import OperationalError as KombuOperationalError

from akun.models import User
from bansos.impor import impor_penerima_mulai
from bansos.models import ImporPenerima, Penerima, Periode, Program, StatusImpor
from bansos.services import periode_buat
from pendataan.models import AnggotaKeluarga, Keluarga
from tests.pendataan.conftest import keluarga, tugas_di_proses_ini  # noqa: F401 (fixtures)

D = datetime.date
KOLOM = "nik,nama,nomor_kk,alamat,rt,rw,kelurahan"
KOLOM_KARTU = KOLOM + ",nomor_kartu"
# The family of the `keluarga` fixture (KK ...200001 in RW 01 Simpangbaru, RT 2).
BUDI = "1471081503900001,Budi Santoso,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru"
SITI = "1471085503920002,Siti Aminah,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru"
# A family nobody knows yet, in RW 02 Simpangbaru.
BARU = "1471081204850004,Andi Baru,1471080202200004,Jl. Merpati 1,3,2,14.71.08.1001"
BARU_ISTRI = "1471085005880005,Rina Baru,1471080202200004,Jl. Merpati 1,3,2,Simpang Baru"


def csv_berkas(*rows: str, kolom: str = KOLOM, name: str = "dtks.csv") -> SimpleUploadedFile:
    data = (kolom + "\n" + "".join(r + "\n" for r in rows)).encode()
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_berkas(*rows: str, kolom: str = KOLOM) -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [kolom, *rows]:
        ws.append(r.split(","))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("dtks.xlsx", out.getvalue())


@pytest.fixture
def periode_blt(db) -> Periode:  # a family program without card numbers
    program = Program.objects.get(kode="blt")
    return periode_buat(program=program, nama="2026 I", mulai=D(2026, 1, 1), selesai=D(2026, 3, 31))


@pytest.fixture
def periode_pbi(db) -> Periode:  # a person program with card numbers
    program = Program.objects.get(kode="pbi-jk")
    return periode_buat(program=program, nama="2026 I", mulai=D(2026, 1, 1), selesai=D(2026, 3, 31))


# Every import test runs through each pass 2 the database has: the batch one (the
# only one on SQLite) and, on PostgreSQL, the set-based one too.
JALUR = (
    ["batch", "postgres"] if "postgresql" in settings.DATABASES["default"]["ENGINE"] else ["batch"]
)


@pytest.fixture(params=JALUR)
def jalur(request):
    with mock.patch("bansos.impor.proses._pakai_postgres", return_value=request.param != "batch"):
        yield request.param


@pytest.fixture
def impor(akun, tugas_di_proses_ini, django_capture_on_commit_callbacks, jalur):  # noqa: F811
    def run(periode: Periode, berkas: SimpleUploadedFile, oleh: User | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            hasil = impor_penerima_mulai(periode=periode, berkas=berkas, oleh=oleh or akun.dinsos)
        hasil.refresh_from_db()
        return hasil

    return run


def test_it_imports_a_family_program_and_creates_unknown_families(
    kota,
    keluarga,  # noqa: F811
    periode_blt,
    impor,
):
    hasil = impor(periode_blt, csv_berkas(BUDI, BARU))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert hasil.ringkasan == {
        "penerima_baru": 2,
        "diperbarui": 0,
        "tetap": 0,
        "dikeluarkan": 0,
        "dihapus": 0,
        "dinonaktifkan": 0,
        "keluarga_baru": 1,
        "anggota_baru": 1,
    }
    assert (hasil.baris_total, hasil.baris_diproses) == (2, 2)
    assert hasil.selesai_at is not None
    baru = Keluarga.objects.get(nomor_kk="1471080202200004")
    assert (baru.rw, baru.rt, baru.alamat) == (kota.rw_simpangbaru_2, 3, "Jl. Merpati 1")
    andi = baru.anggota_set.get()
    assert (andi.nik, andi.nama, andi.jenis_kelamin) == ("1471081204850004", "Andi Baru", "L")
    assert andi.tanggal_lahir == D(1985, 4, 12)
    penerima = Penerima.objects.filter(periode=periode_blt)
    assert {(p.keluarga.nomor_kk, p.anggota_id, p.terdaftar.nik) for p in penerima} == {
        ("1471080101200001", None, "1471081503900001"),
        ("1471080202200004", None, "1471081204850004"),
    }, "a family program names the family, and keeps the member the row names"
    assert keluarga.anggota_set.count() == 3, "the known family is matched, not changed"
    assert all(p.impor_id == hasil.pk and p.aktif for p in penerima)


def test_it_reads_dtsen_headings_and_older_dtks_ones(kota, keluarga, periode_blt, impor):  # noqa: F811
    dtsen = "NIK_INDIVIDU,NAMA_INDIVIDU,NO_KK,ALAMAT_DOMISILI,RT_DOMISILI,RW_DOMISILI,NMDESA"
    hasil = impor(periode_blt, csv_berkas(BUDI, BARU, kolom=dtsen, name="dtsen.csv"))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert hasil.ringkasan["penerima_baru"] == 2
    dtks = "NIK,NAMA,NOKK,ALAMAT,NO RT,NO RW,DESA/KELURAHAN"
    ulang = impor(periode_blt, csv_berkas(BUDI, BARU, kolom=dtks))
    assert ulang.status == StatusImpor.SELESAI, ulang.masalah
    assert ulang.ringkasan["tetap"] == 2


def test_it_imports_a_person_program_with_xlsx(keluarga, periode_pbi, impor):  # noqa: F811
    rows = [BUDI + ",0001234567890", SITI + ",0001234567891", BARU + ",K-3", BARU_ISTRI + ",K-4"]
    hasil = impor(periode_pbi, xlsx_berkas(*rows, kolom=KOLOM_KARTU))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert hasil.ringkasan["penerima_baru"] == 4
    assert (hasil.ringkasan["keluarga_baru"], hasil.ringkasan["anggota_baru"]) == (1, 2)
    penerima = Penerima.objects.filter(periode=periode_pbi).select_related("anggota")
    assert all(p.terdaftar_id == p.anggota_id for p in penerima)
    assert {(p.anggota.nik, p.nomor_kartu) for p in penerima} == {
        ("1471081503900001", "0001234567890"),
        ("1471085503920002", "0001234567891"),
        ("1471081204850004", "K-3"),
        ("1471085005880005", "K-4"),
    }
    assert Keluarga.objects.get(nomor_kk="1471080202200004").anggota_set.count() == 2


def test_a_new_member_is_added_to_a_known_family(keluarga, periode_pbi, impor):  # noqa: F811
    anak = "1471084107100006,Nur Santoso,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru,K-9"
    hasil = impor(periode_pbi, csv_berkas(anak, kolom=KOLOM_KARTU))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert hasil.ringkasan["keluarga_baru"] == 0
    assert keluarga.anggota_set.filter(nik="1471084107100006", jenis_kelamin="P").exists()


def test_every_reference_of_an_imported_list_holds_and_is_protected(
    keluarga,  # noqa: F811
    periode_pbi,
    impor,
):
    # The database does not check Penerima's foreign keys (a trigger per row is three
    # quarters of the time to write a million): the import's joins and Django's
    # PROTECT keep them whole.
    rows = [BUDI + ",K-1", BARU + ",K-3", BARU_ISTRI + ",K-4"]
    hasil = impor(periode_pbi, csv_berkas(*rows, kolom=KOLOM_KARTU))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    penerima = Penerima.objects.filter(periode=periode_pbi)
    assert penerima.count() == 3
    for p in penerima:
        anggota = AnggotaKeluarga.objects.get(pk=p.anggota_id)
        assert (p.terdaftar_id, p.keluarga_id) == (anggota.pk, anggota.keluarga_id)

    andi = AnggotaKeluarga.objects.get(nik="1471081204850004")
    for obj in (andi, andi.keluarga, periode_pbi):
        with pytest.raises(ProtectedError) as refused:
            obj.delete()
        assert any(isinstance(o, Penerima) for o in refused.value.protected_objects)
    assert Penerima.objects.filter(periode=periode_pbi).count() == 3
    assert AnggotaKeluarga.objects.filter(pk=andi.pk).exists()


def test_a_family_programs_references_hold_too(
    keluarga,  # noqa: F811
    periode_blt,
    impor,
):
    hasil = impor(periode_blt, csv_berkas(SITI, BARU))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    for p in Penerima.objects.filter(periode=periode_blt):
        assert p.anggota_id is None
        terdaftar = AnggotaKeluarga.objects.get(pk=p.terdaftar_id)
        assert Keluarga.objects.get(pk=p.keluarga_id) == terdaftar.keluarga
    with pytest.raises(ProtectedError):
        periode_blt.delete()


def test_a_card_number_with_a_backslash_or_a_tab_is_stored_as_written(
    keluarga,  # noqa: F811
    periode_pbi,
    impor,
):
    rows = [BUDI + ",K\\1", SITI + ',"K\t2"']  # a backslash; a tab inside quotes
    hasil = impor(periode_pbi, csv_berkas(*rows, kolom=KOLOM_KARTU))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    kartu = dict(
        Penerima.objects.filter(periode=periode_pbi).values_list("terdaftar__nik", "nomor_kartu")
    )
    assert kartu == {"1471081503900001": "K\\1", "1471085503920002": "K\t2"}


def _tidak_ada_yang_ditulis():
    assert Penerima.objects.count() == 0
    assert not Keluarga.objects.filter(nomor_kk="1471080202200004").exists()
    assert not AnggotaKeluarga.objects.filter(nik="1471081204850004").exists()


@pytest.mark.parametrize(
    "baris, pesan",
    [
        ("9971081503900009,X,1471080202200004,A,3,2,Simpangbaru", "bukan kode provinsi"),
        ("1471081204850007,X,1471089999200004,A,3,2,Simpangbaru", "nomor KK"),
        ("1471081204850007,X,1471080202200007,A,3,2,Atlantis", 'kelurahan "Atlantis"'),
        ("1471081204850007,X,1471080202200007,A,3,9,Simpangbaru", "RW 9 tidak ada"),
        ("1471081204850007,X,1471080202200007,A,0,2,Simpangbaru", "RT"),
        ("1471081204850007,,1471080202200007,A,3,2,Simpangbaru", "nama kosong"),
        (BUDI.replace("1471080101200001", "1471080202200007"), "NIK milik keluarga lain"),
        (BARU, "NIK 1471••••••••0004 ganda"),
        (BARU_ISTRI, "KK 1471••••••••0004 ganda"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(
    keluarga,  # noqa: F811
    periode_blt,
    impor,
    baris,
    pesan,
):
    hasil = impor(periode_blt, csv_berkas(BARU, baris))
    assert hasil.status == StatusImpor.DITOLAK
    assert hasil.jumlah_masalah >= 1
    assert hasil.masalah[0][0] == 3
    assert any(pesan in m for _, m in hasil.masalah), hasil.masalah
    _tidak_ada_yang_ditulis()


def test_rt_beyond_the_rw_is_refused(kota, periode_blt, impor):
    kota.rw_simpangbaru_2.jumlah_rt = 2
    kota.rw_simpangbaru_2.save()
    hasil = impor(periode_blt, csv_berkas(BARU))
    assert hasil.status == StatusImpor.DITOLAK
    assert "RT 3 tidak ada di RW 02" in hasil.masalah[0][1]
    _tidak_ada_yang_ditulis()


def test_card_number_is_required_where_the_program_has_cards(kota, periode_pbi, impor):
    hasil = impor(periode_pbi, csv_berkas(BARU + ",", kolom=KOLOM_KARTU))
    assert hasil.status == StatusImpor.DITOLAK
    assert hasil.masalah == [[2, "nomor kartu kosong."]]
    missing = impor(periode_pbi, csv_berkas(BARU))
    assert missing.masalah == [[1, "Kolom wajib tidak ada: nomor_kartu."]]
    _tidak_ada_yang_ditulis()


def test_a_refused_list_keeps_the_periods_old_list(keluarga, periode_blt, impor):  # noqa: F811
    impor(periode_blt, csv_berkas(BUDI))
    hasil = impor(periode_blt, csv_berkas(BARU, "bukan,baris,yang,sah,1,1,Simpangbaru"))
    assert hasil.status == StatusImpor.DITOLAK
    assert Penerima.objects.filter(periode=periode_blt).count() == 1


def test_the_problems_kept_are_the_first_thousand(kota, periode_blt, impor):
    rows = [f"14710815039{i:05d},X,1471080202200004,A,0,2,Simpangbaru" for i in range(1, 1202)]
    hasil = impor(periode_blt, csv_berkas(*rows))
    assert hasil.status == StatusImpor.DITOLAK
    assert hasil.jumlah_masalah > 1000
    assert len(hasil.masalah) == 1000


def test_an_unexpected_error_refuses_with_a_generic_message(kota, periode_blt, impor, caplog):
    with mock.patch("bansos.impor.tulis.keluarkan", side_effect=RuntimeError("1471081204850004")):
        hasil = impor(periode_blt, csv_berkas(BARU))
    assert hasil.status == StatusImpor.DITOLAK
    assert "kesalahan sistem" in hasil.masalah[0][1]
    assert "1471081204850004" not in caplog.text
    _tidak_ada_yang_ditulis()


def test_numbers_written_with_separators_or_a_quote_are_read(kota, periode_pbi, impor):
    rows = [
        BARU.replace("1471081204850004", "'1471081204850004") + ",K-1",
        BARU_ISTRI.replace("1471085005880005", "1471.0850.0588.0005").replace(
            "1471080202200004", "1471 0802 0220 0004"
        )
        + ",K-2",
    ]
    hasil = impor(periode_pbi, csv_berkas(*rows, kolom=KOLOM_KARTU))
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert set(
        Keluarga.objects.get(nomor_kk="1471080202200004").anggota_set.values_list("nik", flat=True)
    ) == {
        "1471081204850004",
        "1471085005880005",
    }


def test_blank_rows_are_skipped_and_a_row_too_wide_is_refused(kota, periode_blt, impor):
    data = KOLOM + "\n" + BARU + "\n\n  ,  ,\n" + BARU_ISTRI.replace("Baru", "X") + ",lebih\n"
    hasil = impor(periode_blt, SimpleUploadedFile("dtks.csv", data.encode()))
    assert hasil.status == StatusImpor.DITOLAK
    assert hasil.masalah == [[5, "Baris punya lebih banyak kolom daripada judul kolom."]]


def test_a_sheet_with_only_its_header_is_refused(kota, periode_blt, impor):
    hasil = impor(periode_blt, xlsx_berkas())
    assert hasil.status == StatusImpor.DITOLAK
    assert hasil.masalah == [[0, "Berkas tidak berisi baris data."]]


def test_a_semicolon_csv_from_windows_excel_is_read(kota, periode_blt, impor):
    data = (KOLOM + "\n" + BARU.replace("Andi", "Andí") + "\n").replace(",", ";")
    berkas = SimpleUploadedFile("dtks.csv", data.encode("cp1252"))
    hasil = impor(periode_blt, berkas)
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert AnggotaKeluarga.objects.get(nik="1471081204850004").nama == "Andí Baru"


@pytest.mark.parametrize(
    "isi, pesan",
    [(b"%PDF-1.4 ...", "Format berkas tidak dikenal"), (b"\xd0\xcf\x11\xe0abc", ".xls")],
)
def test_a_file_that_is_not_a_table_is_refused_at_once(akun, periode_blt, isi, pesan):
    with pytest.raises(ValidationError, match=pesan):
        impor_penerima_mulai(
            periode=periode_blt, berkas=SimpleUploadedFile("a.csv", isi), oleh=akun.dinsos
        )
    assert ImporPenerima.objects.count() == 0


def test_a_file_over_200_mb_is_refused_at_once(akun, periode_blt):
    berkas = csv_berkas(BARU)
    berkas.size = 200 * 1024 * 1024 + 1
    with pytest.raises(ValidationError, match="200 MB"):
        impor_penerima_mulai(periode=periode_blt, berkas=berkas, oleh=akun.dinsos)
    assert ImporPenerima.objects.count() == 0


def test_a_broker_down_leaves_the_import_waiting(
    akun, periode_blt, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "bansos.tasks.proses_impor_penerima.delay", side_effect=KombuOperationalError("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hasil = impor_penerima_mulai(periode=periode_blt, berkas=csv_berkas(BARU), oleh=akun.dinsos)
    hasil.refresh_from_db()
    assert hasil.status == StatusImpor.MENUNGGU
    assert hasil.berkas.name.startswith("private/impor-penerima/")
    assert hasil.nama_berkas == "dtks.csv"


def test_the_task_leaves_an_import_already_taken(akun, periode_blt, impor):
    from bansos.tasks import proses_impor_penerima

    hasil = impor(periode_blt, csv_berkas(BARU))
    ImporPenerima.objects.filter(pk=hasil.pk).update(status=StatusImpor.MEMERIKSA)
    proses_impor_penerima(hasil.pk)
    assert ImporPenerima.objects.get(pk=hasil.pk).status == StatusImpor.MEMERIKSA


# ------------------------------------------------------------------ views

URL = "/bansos/impor/"


def test_it_uploads_and_shows_the_status(
    akun,
    client_for,
    periode_blt,
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = client_for(akun.dinsos)
    page = client.get(reverse("bansos:impor_penerima"))
    assert page.status_code == 200
    assert str(periode_blt) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"periode": periode_blt.pk, "berkas": csv_berkas(BARU)})
    impor = ImporPenerima.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bansos:impor_penerima_status", args=[impor.pk])
    status = client.get(response["Location"]).content.decode()
    assert "Selesai" in status
    assert 'hx-trigger="every 2s"' not in status, "a finished import is not polled"


def test_it_refuses_a_wrong_file_on_the_form(akun, client_for, periode_blt):
    response = client_for(akun.dinsos).post(
        URL, {"periode": periode_blt.pk, "berkas": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 200
    assert "Format berkas tidak dikenal" in response.content.decode()
    assert ImporPenerima.objects.count() == 0


def test_periods_of_inactive_programs_are_not_offered(akun, client_for, periode_blt):
    Program.objects.filter(pk=periode_blt.program_id).update(aktif=False)
    response = client_for(akun.dinsos).post(
        URL, {"periode": periode_blt.pk, "berkas": csv_berkas(BARU)}
    )
    assert response.status_code == 200
    assert ImporPenerima.objects.count() == 0


def test_the_status_block_polls_while_in_progress(akun, client_for, periode_blt):
    impor = ImporPenerima.objects.create(
        periode=periode_blt,
        berkas="private/impor-penerima/x.csv",
        nama_berkas="x.csv",
        dibuat_oleh=akun.dinsos,
        status=StatusImpor.MENULIS,
        baris_total=200,
        baris_diproses=50,
    )
    url = reverse("bansos:impor_penerima_status", args=[impor.pk])
    client = client_for(akun.superadmin)  # Dinsos and superadmin see every import
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section class="card" id="status-impor"')
    assert 'hx-trigger="every 2s"' in partial
    assert f'hx-get="{url}"' in partial
    assert 'value="50">25%<' in partial
    assert "<html" not in partial
    assert "<html" in client.get(url).content.decode()


@pytest.mark.parametrize("peran", ["petugas", "admin_binawidya", "bkpsdm", "pimpinan"])
def test_other_roles_get_403(akun, client_for, periode_blt, peran):
    impor = ImporPenerima.objects.create(
        periode=periode_blt, berkas="x", nama_berkas="x.csv", dibuat_oleh=akun.dinsos
    )
    client = client_for(getattr(akun, peran))
    assert client.get(URL).status_code == 403
    status_url = reverse("bansos:impor_penerima_status", args=[impor.pk])
    assert client.get(status_url).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("akun:login"))


def test_an_unknown_import_is_404(akun, client_for):
    url = reverse("bansos:impor_penerima_status", args=[999])
    assert client_for(akun.dinsos).get(url).status_code == 404


def test_wrong_method_is_405(akun, client_for, periode_blt):
    impor = ImporPenerima.objects.create(
        periode=periode_blt, berkas="x", nama_berkas="x.csv", dibuat_oleh=akun.dinsos
    )
    url = reverse("bansos:impor_penerima_status", args=[impor.pk])
    assert client_for(akun.dinsos).post(url).status_code == 405


def test_nul_bytes_from_a_broken_export_are_dropped(kota, periode_blt, impor):
    # beyond the first 4 KB the upload sniffs (where a NUL means "not a CSV")
    kosong = ",,,,,,\n" * 700
    berkas = csv_berkas(kosong + BARU.replace("Andi Baru", "Andi\x00 Baru"))
    hasil = impor(periode_blt, berkas)
    assert hasil.status == StatusImpor.SELESAI, hasil.masalah
    assert Penerima.objects.get(periode=periode_blt).terdaftar.nama == "Andi Baru"
