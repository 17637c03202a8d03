import datetime

import pytest
from django.core.exceptions import ValidationError

from bansos.models import AlasanTidakLayak, Periode, Program
from bansos.services import periode_buat

D = datetime.date


@pytest.mark.django_db
def test_the_standard_programs_are_there_and_configurable():
    kode = set(Program.objects.values_list("kode", flat=True))
    assert {"pkh", "bpnt", "pbi-jk", "blt", "apbd-kota"} <= kode
    assert Program.objects.get(kode="pbi-jk").sasaran == "individu"
    assert Program.objects.get(kode="apbd-kota").sumber_dana == "apbd"


@pytest.mark.django_db
def test_periods_of_a_program_never_overlap():
    pkh = Program.objects.get(kode="pkh")
    periode_buat(program=pkh, nama="2026 tahap I", mulai=D(2026, 1, 1), selesai=D(2026, 3, 31))
    with pytest.raises(ValidationError, match="bertumpang tindih dengan periode 2026 tahap I"):
        periode_buat(program=pkh, nama="2026 tahap II", mulai=D(2026, 3, 1), selesai=D(2026, 6, 30))
    periode_buat(program=pkh, nama="2026 tahap II", mulai=D(2026, 4, 1), selesai=D(2026, 6, 30))
    # another program may use the same dates
    bpnt = Program.objects.get(kode="bpnt")
    periode_buat(program=bpnt, nama="2026 tahap I", mulai=D(2026, 1, 1), selesai=D(2026, 3, 31))
    assert Periode.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nama, mulai, selesai, pesan",
    [
        ("", D(2026, 1, 1), D(2026, 2, 1), "Nama periode"),
        ("X", D(2026, 2, 1), D(2026, 1, 1), "sebelum tanggal mulai"),
    ],
)
def test_a_bad_period_is_refused(nama, mulai, selesai, pesan):
    with pytest.raises(ValidationError, match=pesan):
        periode_buat(
            program=Program.objects.get(kode="pkh"), nama=nama, mulai=mulai, selesai=selesai
        )
    assert not Periode.objects.exists()


def test_the_standard_reasons_include_the_issue_list():
    nilai = set(AlasanTidakLayak.labels)
    for alasan in (
        "Alamat tidak ditemukan",
        "Meninggal dunia",
        "ASN/TNI/Polri",
        "Penghasilan di atas UMK",
        "Data ganda",
        "Lainnya",
    ):
        assert alasan in nilai


@pytest.mark.django_db
def test_dinsos_adds_a_period_and_an_overlap_is_refused(akun, client_for):
    from django.urls import reverse

    pkh = Program.objects.get(kode="pkh")
    dinsos = client_for(akun.dinsos)
    url = reverse("bansos:program_daftar")
    data = {
        "program": pkh.pk,
        "nama": "2026 Tahap I",
        "mulai": "2026-01-01",
        "selesai": "2026-03-31",
    }
    assert dinsos.post(url, data).status_code == 302
    data = {**data, "nama": "2026 Tahap II", "mulai": "2026-03-15"}
    html = dinsos.post(url, data).content.decode()
    assert "bertumpang tindih dengan periode 2026 Tahap I" in html
    html = dinsos.post(url, {**data, "program": 9999}).content.decode()
    assert "Program tidak dikenal" in html
    assert Periode.objects.count() == 1
    assert "2026 Tahap I" in dinsos.get(url).content.decode()


@pytest.mark.django_db
def test_the_django_admin_refuses_an_overlapping_period_too():
    from bansos.admin import PeriodeAdminForm

    pkh = Program.objects.get(kode="pkh")
    periode_buat(program=pkh, nama="A", mulai=D(2026, 1, 1), selesai=D(2026, 3, 31))
    form = PeriodeAdminForm(
        {"program": pkh.pk, "nama": "B", "mulai": "2026-02-01", "selesai": "2026-04-30"}
    )
    assert not form.is_valid() and "bertumpang tindih" in str(form.errors)
