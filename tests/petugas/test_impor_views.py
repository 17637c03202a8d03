import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akun.models import Peran
from petugas.models import OPD, Petugas

URL = reverse("petugas:kandidat_impor")
TEMPLAT = reverse("petugas:kandidat_templat")
KOLOM = "nama,ni_pppk,opd,jenis_kelamin,kelurahan,rw"
BUDI = "Budi Santoso,198805102025011004,DLHK,L,Simpangbaru,1"
SITI = "Siti Aminah,199511232025012005,DLHK,P,Delima,1"
BURUK = "Tanpa OPD,199305052025011003,Dinas Antah,L,Simpangbaru,1"


@pytest.fixture
def opd(kota):
    return OPD.objects.create(
        nama="Dinas Lingkungan Hidup dan Kebersihan", singkatan="DLHK", kuota=75
    )


def berkas(*rows: str, name: str = "kandidat.csv") -> SimpleUploadedFile:
    data = (KOLOM + "\n" + "".join(r + "\n" for r in rows)).encode()
    return SimpleUploadedFile(name, data, content_type="text/csv")


def kandidat() -> set[str]:
    return set(Petugas.objects.filter(user__isnull=True).values_list("ni_pppk", flat=True))


def laporan_url(response) -> str:
    return reverse("petugas:kandidat_impor_laporan", args=[response.context["laporan"]["kunci"]])


def test_it_shows_the_form(akun, client_for):
    response = client_for(akun.bkpsdm).get(URL)
    assert response.status_code == 200
    assert response.context["laporan"] is None
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert TEMPLAT in content


def test_it_imports_and_says_how_many(akun, opd, client_for):
    client = client_for(akun.bkpsdm)
    response = client.post(URL, {"berkas": berkas(BUDI, SITI)})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert kandidat() == {"198805102025011004", "199511232025012005"}
    page = client.get(URL)
    assert "2 kandidat baru, 0 diperbarui, 0 tidak berubah." in page.content.decode()

    ganti_nama = berkas(BUDI, SITI.replace("Siti", "Sitti"))
    response = client.post(URL, {"berkas": ganti_nama}, follow=True)
    assert "0 kandidat baru, 1 diperbarui, 1 tidak berubah." in response.content.decode()


def test_superadmin_may_import(akun, opd, client_for):
    response = client_for(akun.superadmin).post(URL, {"berkas": berkas(BUDI)})
    assert response.status_code == 302
    assert kandidat() == {"198805102025011004"}


def test_it_shows_the_report_of_a_refused_file(akun, opd, client_for):
    client = client_for(akun.bkpsdm)
    response = client.post(URL, {"berkas": berkas(BUDI, BURUK, name="usulan OPD.csv")})
    assert response.status_code == 200
    assert kandidat() == set(), "nothing may be written"
    laporan = response.context["laporan"]
    assert laporan["jumlah"] == 1
    assert laporan["berkas"] == "usulan OPD.csv"
    content = response.content.decode()
    assert "ditolak" in content
    assert "Baris 3" in content
    assert "Dinas Antah" in content
    assert laporan_url(response) in content


def test_it_shows_the_first_200_problems_and_offers_them_all(akun, opd, client_for):
    client = client_for(akun.bkpsdm)
    rows = [
        f"Kandidat {i},199003152025011{i:03d},Dinas Antah,L,Simpangbaru,1" for i in range(1, 251)
    ]
    response = client.post(URL, {"berkas": berkas(*rows)})
    laporan = response.context["laporan"]
    assert (laporan["jumlah"], len(laporan["errors"])) == (250, 200)
    content = response.content.decode()
    assert content.count("<li><strong>Baris") == 200
    assert "Menampilkan 200 masalah pertama dari 250." in content

    unduhan = client.get(laporan_url(response))
    assert unduhan.status_code == 200
    assert unduhan["Content-Type"] == "text/csv; charset=utf-8"
    assert unduhan["Content-Disposition"] == 'attachment; filename="laporan-impor-kandidat.csv"'
    text = unduhan.content.decode("utf-8")
    assert text.startswith("\ufeffbaris;masalah\r\n")
    lines = text.splitlines()
    assert len(lines) == 1 + 250
    assert lines[1].startswith('2;"OPD ""Dinas Antah"" tidak dikenal.')
    assert lines[-1].startswith("251;")


def test_a_whole_file_problem_has_no_row_number_in_the_report(akun, client_for):
    client = client_for(akun.bkpsdm)
    pdf = SimpleUploadedFile("kandidat.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
    response = client.post(URL, {"berkas": pdf})
    content = response.content.decode()
    assert "Format berkas tidak dikenal: unggah .xlsx atau .csv." in content
    text = client.get(laporan_url(response)).content.decode("utf-8-sig")
    assert text.splitlines()[1] == ";Format berkas tidak dikenal: unggah .xlsx atau .csv."


def test_a_report_cell_cannot_become_an_excel_formula(akun, opd, client_for, monkeypatch):
    from lib.tabular import ImportRefused, RowError

    def refuse(**kwargs):
        raise ImportRefused([RowError(2, '=HYPERLINK("http://contoh.invalid")')])

    monkeypatch.setattr("petugas.views.impor.kandidat_import", refuse)
    client = client_for(akun.bkpsdm)
    response = client.post(URL, {"berkas": berkas(BUDI)})
    text = client.get(laporan_url(response)).content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith("2;\"'=HYPERLINK(")


def test_the_report_is_only_for_the_user_who_uploaded(akun, opd, client_for):
    response = client_for(akun.bkpsdm).post(URL, {"berkas": berkas(BURUK)})
    url = laporan_url(response)
    assert client_for(akun.superadmin).get(url).status_code == 404
    assert client_for(akun.dinsos).get(url).status_code == 403


def test_an_unknown_report_is_404(akun, client_for):
    url = reverse("petugas:kandidat_impor_laporan", args=["tidak-ada"])
    assert client_for(akun.bkpsdm).get(url).status_code == 404


def test_only_the_latest_reports_are_kept(akun, opd, client_for):
    client = client_for(akun.bkpsdm)
    urls = [laporan_url(client.post(URL, {"berkas": berkas(BURUK)})) for _ in range(4)]
    assert [client.get(u).status_code for u in urls] == [404, 200, 200, 200]


def test_a_missing_file_gets_a_message(akun, client_for):
    response = client_for(akun.bkpsdm).post(URL, {})
    assert response.status_code == 200
    assert "Pilih berkas .xlsx atau .csv untuk diunggah." in response.content.decode()


def test_an_empty_file_gets_a_message(akun, client_for):
    response = client_for(akun.bkpsdm).post(
        URL, {"berkas": SimpleUploadedFile("kandidat.csv", b"")}
    )
    assert "Berkas yang diunggah kosong." in response.content.decode()


def test_a_file_over_5_mb_gets_a_message(akun, opd, client_for):
    besar = SimpleUploadedFile("kandidat.csv", b"x" * (5 * 1024 * 1024 + 1), "text/csv")
    response = client_for(akun.bkpsdm).post(URL, {"berkas": besar})
    assert response.status_code == 200
    assert "Berkas lebih dari 5 MB" in response.content.decode()
    assert response.context["laporan"] is None


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_method_on_the_import_page(akun, client_for, method):
    assert getattr(client_for(akun.bkpsdm), method)(URL).status_code == 405


def test_wrong_method_on_the_downloads(akun, client_for):
    client = client_for(akun.bkpsdm)
    assert client.post(TEMPLAT).status_code == 405
    url = reverse("petugas:kandidat_impor_laporan", args=["tidak-ada"])
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    "url", [URL, TEMPLAT, reverse("petugas:kandidat_impor_laporan", args=["x"])]
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("akun:login"))


def test_anonymous_cannot_upload(client, kota, opd):
    response = client.post(URL, {"berkas": berkas(BUDI)})
    assert response.status_code == 302
    assert kandidat() == set()


@pytest.mark.parametrize(
    "peran", [Peran.PETUGAS, Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.PIMPINAN]
)
def test_other_roles_are_403(akun, opd, client_for, peran):
    client = client_for(akun.by_peran()[peran])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"berkas": berkas(BUDI)}).status_code == 403
    assert client.get(TEMPLAT).status_code == 403
    assert kandidat() == set()


def test_the_template_opens_in_excel_and_imports(akun, opd, client_for, kota):
    client = client_for(akun.bkpsdm)
    response = client.get(TEMPLAT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "templat-kandidat-petugas.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    kandidat_sheet, referensi = workbook.worksheets
    header = [c.value for c in kandidat_sheet[1]]
    assert header == [
        "nama",
        "ni_pppk",
        "opd",
        "jenis_kelamin",
        "kelurahan",
        "rw",
        "telepon",
        "alamat_domisili",
        "latitude",
        "longitude",
    ]
    contoh = [c.value for c in kandidat_sheet[2]]
    assert contoh[1] == "199203152025012001"
    assert kandidat_sheet["B2"].number_format == "@"
    assert kandidat_sheet.column_dimensions["B"].number_format == "@"
    assert kandidat_sheet.column_dimensions["G"].number_format == "@"
    isi = [[c.value for c in row] for row in referensi.iter_rows()]
    assert isi[1][0] == "Dinas Lingkungan Hidup dan Kebersihan"
    assert isi[1][1] == "DLHK"
    kode_dan_nama = {(row[3], row[4]) for row in isi[1:]}
    assert len(kode_dan_nama) == 83
    assert ("14.71.08.1001", "Simpangbaru") in kode_dan_nama
    assert isi[[r[3] for r in isi].index("14.71.08.1001")][3:] == [
        "14.71.08.1001",
        "Simpangbaru",
        "Binawidya",
        "1, 2",
    ]

    # Filled in as an OPD would: the example row replaced by a real one.
    kandidat_sheet.delete_rows(2)
    kandidat_sheet.append(["Budi Santoso", "198805102025011004", "DLHK", "L", "Simpangbaru", "2"])
    terisi = io.BytesIO()
    workbook.save(terisi)
    upload = SimpleUploadedFile("templat-kandidat-petugas.xlsx", terisi.getvalue())
    assert client.post(URL, {"berkas": upload}).status_code == 302
    assert kandidat() == {"198805102025011004"}
    assert Petugas.objects.get(ni_pppk="198805102025011004").rw_domisili == 2


def test_the_template_makes_the_same_few_queries_for_any_data(
    akun, opd, client_for, django_assert_max_num_queries
):
    client = client_for(akun.bkpsdm)
    with django_assert_max_num_queries(10):
        assert client.get(TEMPLAT).status_code == 200


def test_the_templates_example_row_left_in_is_refused(akun, opd, client_for):
    client = client_for(akun.bkpsdm)
    templat = SimpleUploadedFile("templat.xlsx", client.get(TEMPLAT).content)
    response = client.post(URL, {"berkas": templat})
    errors = [str(e) for e in response.context["laporan"]["errors"]]
    assert errors == ["Baris 2: ini baris contoh dari templat: hapus baris ini."]
    assert kandidat() == set()
