import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akun.models import Peran
from akun.services import user_buat
from pendataan.models import AnggotaKeluarga, Keluarga
from tests.conftest import PASSWORD

URL = reverse("pendataan:keluarga_impor")
KOLOM = "nik,nama,nomor_kk,alamat,rt,rw,kelurahan"
BUDI = "1471081503900001,Budi Santoso,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru"
SITI = "1471085503920002,Siti Aminah,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru"
BURUK = "9971081503900003,Tanpa Provinsi,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru"


def berkas(*rows: str, name: str = "dtks.csv") -> SimpleUploadedFile:
    data = (KOLOM + "\n" + "".join(r + "\n" for r in rows)).encode()
    return SimpleUploadedFile(name, data, content_type="text/csv")


def nik_tersimpan() -> set[str]:
    return set(AnggotaKeluarga.objects.values_list("nik", flat=True))


def laporan_url(response) -> str:
    kunci = response.context["laporan"]["kunci"]
    return reverse("pendataan:keluarga_impor_laporan", args=[kunci])


def test_it_shows_the_form(akun, client_for):
    response = client_for(akun.dinsos).get(URL)
    assert response.status_code == 200
    assert response.context["laporan"] is None
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert "Paling banyak 50.000 baris dan 20 MB per berkas." in content


def test_it_imports_and_says_how_many(akun, client_for):
    client = client_for(akun.dinsos)
    response = client.post(URL, {"berkas": berkas(BUDI, SITI)})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert nik_tersimpan() == {"1471081503900001", "1471085503920002"}
    page = client.get(URL).content.decode()
    assert "Keluarga: 1 baru, 0 diperbarui, 0 tidak berubah." in page
    assert "Anggota: 2 baru, 0 diperbarui, 0 tidak berubah." in page

    ganti_nama = berkas(BUDI, SITI.replace("Siti", "Sitti"))
    page = client.post(URL, {"berkas": ganti_nama}, follow=True).content.decode()
    assert "Keluarga: 0 baru, 0 diperbarui, 1 tidak berubah." in page
    assert "Anggota: 0 baru, 1 diperbarui, 1 tidak berubah." in page


def test_superadmin_may_import(akun, client_for):
    response = client_for(akun.superadmin).post(URL, {"berkas": berkas(BUDI)})
    assert response.status_code == 302
    assert nik_tersimpan() == {"1471081503900001"}


def test_it_shows_the_report_of_a_refused_file(akun, client_for):
    client = client_for(akun.dinsos)
    response = client.post(URL, {"berkas": berkas(BUDI, BURUK, name="DTKS Simpangbaru.csv")})
    assert response.status_code == 200
    assert nik_tersimpan() == set(), "nothing may be written"
    laporan = response.context["laporan"]
    assert (laporan["jumlah"], laporan["berkas"]) == (1, "DTKS Simpangbaru.csv")
    content = response.content.decode()
    assert "ditolak" in content
    assert "Baris 3" in content
    assert "9971081503900003 tidak sah: digit 1-2 (99) bukan kode provinsi" in content, (
        "the number that is the problem is shown whole to Dinsos"
    )
    assert laporan_url(response) in content


def test_other_peoples_numbers_are_masked_in_the_report(akun, client_for):
    client = client_for(akun.dinsos)
    client.post(URL, {"berkas": berkas(BUDI)})
    ke_kk_lain = BUDI.replace("1471080101200001", "1471080202210005")
    response = client.post(URL, {"berkas": berkas(SITI, SITI, ke_kk_lain)})
    content = response.content.decode()
    assert "NIK 1471••••••••0002 ganda: ada di baris 2 dan baris 3." in content
    assert "sudah terdaftar di KK lain (1471••••••••0001)" in content
    assert "1471080101200001" not in content
    assert "1471081503900001" not in content
    text = client.get(laporan_url(response)).content.decode("utf-8-sig")
    assert "1471080101200001" not in text
    assert "1471081503900001" not in text


def test_it_shows_the_first_200_problems_and_offers_them_all(akun, client_for):
    client = client_for(akun.dinsos)
    rows = [
        f"147108150390{i:04d},Orang {i},1471080101200001,Jl. Garuda,2,9,Simpangbaru"
        for i in range(1, 251)
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
    assert unduhan["Content-Disposition"] == 'attachment; filename="laporan-impor-dtks.csv"'
    text = unduhan.content.decode("utf-8")
    assert text.startswith("\ufeffbaris;masalah\r\n")
    lines = text.splitlines()
    assert len(lines) == 1 + 250
    assert lines[1] == "2;RW 9 tidak ada di kelurahan Simpangbaru (RW yang terdaftar: 1, 2)."
    assert lines[-1].startswith("251;")


def test_a_whole_file_problem_has_no_row_number_in_the_report(akun, client_for):
    client = client_for(akun.dinsos)
    pdf = SimpleUploadedFile("dtks.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
    response = client.post(URL, {"berkas": pdf})
    assert "Format berkas tidak dikenal: unggah .xlsx atau .csv." in response.content.decode()
    text = client.get(laporan_url(response)).content.decode("utf-8-sig")
    assert text.splitlines()[1] == ";Format berkas tidak dikenal: unggah .xlsx atau .csv."


def test_a_report_cell_cannot_become_an_excel_formula(akun, client_for):
    client = client_for(akun.dinsos)
    jahat = BUDI.replace("Simpangbaru", "=HYPERLINK(1)")
    response = client.post(URL, {"berkas": berkas(jahat)})
    text = client.get(laporan_url(response)).content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith('2;"kelurahan ""=HYPERLINK(1)""')
    assert "\n2;=" not in text


def test_the_report_is_only_for_the_user_who_uploaded(akun, client_for):
    response = client_for(akun.dinsos).post(URL, {"berkas": berkas(BURUK)})
    url = laporan_url(response)
    assert client_for(akun.dinsos).get(url).status_code == 404, "another session"
    dinsos_lain = user_buat(username="dinsos.lain", password=PASSWORD, peran=Peran.DINSOS)
    assert client_for(dinsos_lain).get(url).status_code == 404
    assert client_for(akun.superadmin).get(url).status_code == 404
    assert client_for(akun.bkpsdm).get(url).status_code == 403


def test_the_uploader_may_download_the_report(akun, client_for):
    from audit.models import JenisBaca, LogBaca

    client = client_for(akun.dinsos)
    response = client.post(URL, {"berkas": berkas(BURUK)})
    assert client.get(laporan_url(response)).status_code == 200
    # a download, so a line in the read log (audit)
    unduh = LogBaca.objects.get(user=akun.dinsos)
    assert (unduh.jenis, unduh.objek_tipe) == (JenisBaca.EKSPOR, "laporan_impor")


def test_an_unknown_report_is_404(akun, client_for):
    url = reverse("pendataan:keluarga_impor_laporan", args=["tidak-ada"])
    assert client_for(akun.dinsos).get(url).status_code == 404


def test_only_the_latest_reports_are_kept(akun, client_for):
    client = client_for(akun.dinsos)
    urls = [laporan_url(client.post(URL, {"berkas": berkas(BURUK)})) for _ in range(4)]
    assert [client.get(u).status_code for u in urls] == [404, 200, 200, 200]


def test_a_report_of_another_import_is_not_served_here(akun, client_for):
    client = client_for(akun.superadmin)
    kandidat = SimpleUploadedFile("kandidat.pdf", b"%PDF-1.7\n", "application/pdf")
    response = client.post(reverse("petugas:kandidat_impor"), {"berkas": kandidat})
    url = reverse("pendataan:keluarga_impor_laporan", args=[response.context["laporan"]["kunci"]])
    assert client.get(url).status_code == 404


def test_a_missing_file_gets_a_message(akun, client_for):
    response = client_for(akun.dinsos).post(URL, {})
    assert response.status_code == 200
    assert "Pilih berkas .xlsx atau .csv untuk diunggah." in response.content.decode()


def test_a_file_over_20_mb_gets_a_message(akun, client_for):
    besar = SimpleUploadedFile("dtks.csv", b"x" * (20 * 1024 * 1024 + 1), "text/csv")
    response = client_for(akun.dinsos).post(URL, {"berkas": besar})
    assert response.status_code == 200
    assert "Berkas lebih dari 20 MB" in response.content.decode()
    assert response.context["laporan"] is None


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_method_on_the_import_page(akun, client_for, method):
    assert getattr(client_for(akun.dinsos), method)(URL).status_code == 405


def test_wrong_method_on_the_report(akun, client_for):
    url = reverse("pendataan:keluarga_impor_laporan", args=["tidak-ada"])
    assert client_for(akun.dinsos).post(url).status_code == 405


@pytest.mark.parametrize("url", [URL, reverse("pendataan:keluarga_impor_laporan", args=["x"])])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("akun:login"))


def test_anonymous_cannot_upload(client, kota):
    response = client.post(URL, {"berkas": berkas(BUDI)})
    assert response.status_code == 302
    assert not Keluarga.objects.exists()


@pytest.mark.parametrize(
    "peran", [Peran.PETUGAS, Peran.ADMIN_KECAMATAN, Peran.BKPSDM, Peran.PIMPINAN]
)
def test_other_roles_are_403(akun, client_for, peran):
    client = client_for(akun.by_peran()[peran])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"berkas": berkas(BUDI)}).status_code == 403
    url = reverse("pendataan:keluarga_impor_laporan", args=["x"])
    assert client.get(url).status_code == 403
    assert not Keluarga.objects.exists()


def test_the_admin_of_another_kecamatan_is_403(akun, client_for):
    assert client_for(akun.admin_sail).get(URL).status_code == 403
