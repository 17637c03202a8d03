"""The programs' desil rules: ceilings, the "di atas desil program" flag where it shows, and
the families in desil 1-2 that receive nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bansos.desil import di_atas_desil, usulan_desil_for
from bansos.models import Program
from bansos.services import program_batas_desil_ubah
from pendataan.models import Keluarga

D = datetime.date


def _desil(k: Keluarga, desil: int) -> None:
    Keluarga.objects.filter(pk=k.pk).update(desil=desil, desil_berlaku_mulai=D(2026, 1, 1))


@pytest.mark.django_db
def test_the_migration_sets_the_kepmensos_ceilings():
    batas = dict(Program.objects.values_list("kode", "batas_desil"))
    assert (batas["pkh"], batas["bpnt"], batas["pbi-jk"]) == (4, 5, 5)
    assert batas["apbd-kota"] is None and batas["blt"] is None


@pytest.mark.parametrize(
    ("desil", "batas", "di_atas"),
    [(5, 4, True), (4, 4, False), (1, 4, False), (None, 4, False), (9, None, False)],
)
def test_di_atas_desil(desil, batas, di_atas):
    assert di_atas_desil(desil, batas) is di_atas


@pytest.mark.django_db
def test_dinsos_sets_a_ceiling_on_the_program_page(akun, client_for):
    pkh = Program.objects.get(kode="pkh")
    client = client_for(akun.dinsos)
    url = reverse("bansos:program_batas_desil", args=[pkh.pk])
    assert client.post(url, {"batas_desil": "3"}).status_code == 302
    pkh.refresh_from_db()
    assert pkh.batas_desil == 3
    client.post(url, {"batas_desil": ""})
    pkh.refresh_from_db()
    assert pkh.batas_desil is None
    assert client.get(url).status_code == 405
    assert 'id="batas-desil-' in client.get(reverse("bansos:program_daftar")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("nilai", ["0", "11", "tiga"])
def test_a_ceiling_outside_1_10_changes_nothing(akun, client_for, nilai):
    pkh = Program.objects.get(kode="pkh")
    response = client_for(akun.dinsos).post(
        reverse("bansos:program_batas_desil", args=[pkh.pk]), {"batas_desil": nilai}, follow=True
    )
    assert "Batas desil harus angka 1 sampai 10" in response.content.decode()
    pkh.refresh_from_db()
    assert pkh.batas_desil == 4


@pytest.mark.django_db
def test_the_service_refuses_a_ceiling_outside_1_10():
    with pytest.raises(ValidationError, match="1 sampai 10"):
        program_batas_desil_ubah(program=Program.objects.get(kode="pkh"), batas_desil=11)


def test_the_review_queue_flags_a_recipient_above_the_ceiling(hasil_disetujui, akun, client_for):
    hendra = hasil_disetujui.simpangbaru[4]  # his PKH visit waits for review
    _desil(hendra, 7)
    teks = client_for(akun.admin_binawidya).get(reverse("pendataan:antrean")).content.decode()
    assert "di atas desil program (batas 4)" in teks
    assert "desil 7" in teks
    _desil(hendra, 4)
    teks = client_for(akun.admin_binawidya).get(reverse("pendataan:antrean")).content.decode()
    assert "di atas desil program" not in teks


def test_the_family_page_shows_the_desil_its_history_and_the_flag(
    hasil_disetujui, akun, client_for
):
    budi = hasil_disetujui.simpangbaru[0]
    budi.desil_set.create(desil=3, berlaku_mulai=D(2025, 10, 1))
    budi.desil_set.create(desil=7, berlaku_mulai=D(2026, 1, 1))
    _desil(budi, 7)
    url = reverse("pendataan:keluarga_detail", args=[budi.pk])
    for peran in ("petugas", "admin_binawidya", "dinsos"):
        teks = client_for(getattr(akun, peran)).get(url).content.decode()
        assert "Desil 7" in teks
        assert "Riwayat desil" in teks
        assert "di atas desil program (batas 4)" in teks
    assert client_for(akun.pimpinan).get(url).status_code == 403


def test_the_worklist_shows_the_desil(hasil_disetujui, akun, client_for):
    _desil(hasil_disetujui.simpangbaru[0], 7)
    teks = client_for(akun.petugas).get(reverse("pendataan:daftar_kerja")).content.decode()
    assert "desil 7" in teks


def test_families_in_desil_1_2_receiving_nothing_are_suggested(hasil_disetujui, akun, client_for):
    budi, joko, rina, wati, _hendra = hasil_disetujui.simpangbaru
    _desil(budi, 1)  # receives PKH: not suggested
    _desil(wati, 2)  # proposed, not on a list: suggested
    _desil(rina, 3)  # above desil 2
    _desil(hasil_disetujui.sail, 1)  # receives PKH in Sail
    assert list(usulan_desil_for(akun.dinsos)) == [wati]
    assert list(usulan_desil_for(akun.pimpinan)) == []
    response = client_for(akun.dinsos).get(reverse("bansos:usulan_desil"))
    assert [k.pk for k in response.context["page"]] == [wati.pk]
    assert "Wati Lestari" in response.content.decode()


@pytest.mark.django_db
def test_a_new_ceiling_marks_the_rws_of_the_programs_recipients(akun, keluarga, monkeypatch):
    """Who is above the ceiling changes the worklist's risk order, which follows the
    RW's summary mark (dasbor/tandai.py)."""
    from bansos import services
    from bansos.models import Penerima

    periode = services.periode_buat(
        program=Program.objects.get(kode="pkh"),
        nama="2026 I",
        mulai=D(2026, 1, 1),
        selesai=D(2026, 6, 30),
    )
    Penerima.objects.create(periode=periode, keluarga=keluarga)
    ditandai = []
    asli = services.ringkasan_tandai_periode

    def tandai(*, periode_id):
        ditandai.append(periode_id)
        asli(periode_id=periode_id)

    monkeypatch.setattr(services, "ringkasan_tandai_periode", tandai)
    services.program_batas_desil_ubah(program=periode.program, batas_desil=3)
    assert ditandai == [periode.pk]
    # a newer period: the old list is no longer the one being verified
    services.periode_buat(
        program=periode.program, nama="2026 II", mulai=D(2026, 7, 1), selesai=D(2026, 12, 31)
    )
    assert ditandai == [periode.pk, periode.pk]
