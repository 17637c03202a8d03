import pytest
from django.core.management import CommandError, call_command

from lib.tabular import ImportRefused
from tests.conftest import DATA
from wilayah.models import Kecamatan, Kelurahan
from wilayah.services import wilayah_import_csv

HEADER = "kode_kecamatan,nama_kecamatan,kode_kelurahan,nama_kelurahan\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def counts() -> tuple[int, int]:
    return Kecamatan.objects.count(), Kelurahan.objects.count()


@pytest.mark.django_db
def test_it_imports_the_real_pekanbaru_file():
    hasil = wilayah_import_csv(data=(DATA / "pekanbaru_wilayah.csv").read_bytes())
    assert hasil.dibuat == 15 + 83
    assert counts() == (15, 83)
    binawidya = Kecamatan.objects.get(kode="14.71.08")
    assert binawidya.nama == "Binawidya"
    assert binawidya.kelurahan_set.count() == 5


@pytest.mark.django_db
def test_reimport_updates_and_never_duplicates():
    data = (DATA / "pekanbaru_wilayah.csv").read_bytes()
    wilayah_import_csv(data=data)
    again = wilayah_import_csv(data=data)
    assert (again.dibuat, again.diperbarui, again.tetap) == (0, 0, 98)
    assert counts() == (15, 83)
    renamed = data.replace(b"Tanjung RHU", b"Tanjung Rhu")
    hasil = wilayah_import_csv(data=renamed)
    assert hasil.diperbarui == 1
    assert Kelurahan.objects.get(kode="14.71.04.1002").nama == "Tanjung Rhu"
    assert counts() == (15, 83)


@pytest.mark.django_db
def test_it_accepts_semicolons_and_a_bom_as_excel_writes():
    data = (
        "\ufeffKODE_KECAMATAN;nama_kecamatan;kode_kelurahan;nama_kelurahan\n"
        "14.71.03;Sail;14.71.03.1001;Cinta Raja\n"
    )
    wilayah_import_csv(data=data.encode("utf-8"))
    assert counts() == (1, 1)


def refused(data: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as info:
        wilayah_import_csv(data=data)
    assert counts() == (0, 0), "nothing may be written"
    return [str(e) for e in info.value.errors]


@pytest.mark.django_db
def test_missing_column_is_refused():
    errors = refused(b"kode_kecamatan,nama_kecamatan,kode_kelurahan\n14.71.03,Sail,14.71.03.1001\n")
    assert errors == ["Baris 1: Kolom wajib tidak ada: nama_kelurahan."]


@pytest.mark.django_db
def test_duplicate_code_names_both_rows():
    errors = refused(
        csv("14.71.03,Sail,14.71.03.1001,Cinta Raja", "14.71.03,Sail,14.71.03.1001,Cinta Raja 2")
    )
    assert errors == ["Baris 3: kode kelurahan 14.71.03.1001 ganda (sudah ada di baris 2)."]


@pytest.mark.django_db
def test_kelurahan_under_an_unknown_kecamatan_is_refused():
    errors = refused(csv("14.71.03,Sail,14.71.03.1001,Cinta Raja", "14.71.03,Sail,14.71.99.1001,X"))
    assert len(errors) == 1
    assert errors[0].startswith(
        "Baris 3: kelurahan 14.71.99.1001 tidak termasuk kecamatan 14.71.03"
    )


@pytest.mark.django_db
def test_malformed_codes_and_empty_names_are_each_reported():
    errors = refused(csv("14.71.3,Sail,14.71.03.1001,Cinta Raja", "14.71.03,,14.71.03.1002,"))
    assert errors == [
        'Baris 2: kode kecamatan "14.71.3" tidak berbentuk 14.71.08.',
        "Baris 3: nama kecamatan kosong.",
        "Baris 3: nama kelurahan kosong.",
    ]


@pytest.mark.django_db
def test_one_bad_row_refuses_the_whole_file():
    rows = [f"14.71.03,Sail,14.71.03.{1000 + i},Kel {i}" for i in range(1, 30)]
    rows.append("14.71.03,Sail,bukan-kode,Rusak")
    errors = refused(csv(*rows))
    assert errors == ['Baris 31: kode kelurahan "bukan-kode" tidak berbentuk 14.71.08.1001.']


@pytest.mark.django_db
def test_bad_encoding_is_refused():
    errors = refused(HEADER.encode("utf-16"))
    assert "UTF-8" in errors[0]


@pytest.mark.django_db
@pytest.mark.parametrize("data", [b"", b"\n\n  \n", HEADER.encode()])
def test_empty_file_is_refused(data):
    errors = refused(data)
    assert errors[0] in ("Berkas kosong.", "Berkas tidak berisi baris data.")


@pytest.mark.django_db
def test_the_command_reports_rows_and_writes_nothing(tmp_path):
    path = tmp_path / "wilayah.csv"
    path.write_bytes(csv("14.71.03,Sail,14.71.03.1001,Cinta Raja", "14.71.03,Sail,14.71.03.1001,X"))
    with pytest.raises(CommandError) as info:
        call_command("impor_wilayah", str(path))
    assert "Baris 3" in str(info.value)
    assert "tidak ada yang disimpan" in str(info.value)
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_the_command_marks_program_kecamatan(capsys):
    call_command(
        "impor_wilayah", str(DATA / "pekanbaru_wilayah.csv"), "--program", "14.71.08,14.71.03"
    )
    assert set(Kecamatan.objects.filter(dalam_program=True).values_list("nama", flat=True)) == {
        "Binawidya",
        "Sail",
    }
    assert "98 dibuat" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_program_kecamatan():
    with pytest.raises(CommandError, match="14.71.99"):
        call_command("impor_wilayah", str(DATA / "pekanbaru_wilayah.csv"), "--program", "14.71.99")
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_the_command_says_when_the_file_is_missing():
    with pytest.raises(CommandError, match="tidak bisa dibuka"):
        call_command("impor_wilayah", "/tidak/ada.csv")
