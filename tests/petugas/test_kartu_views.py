"""The card views: BKPSDM's card page, its three POST actions, the photo, printing,
and the public verification page the QR code opens."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from akun.models import Peran
from petugas.kartu import foto_simpan, kartu_cabut
from petugas.models import OPD, KartuPetugas, Petugas
from petugas.services import penugasan_akhiri
from tests.conftest import buat_petugas
from tests.petugas.akses_kartu import (
    foto_jpeg,
    kartu_baru,
    kartu_dengan_foto,
    petugas_simpangbaru,
)
from wilayah.models import RW

PERAN_LAIN = [Peran.PETUGAS, Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.PIMPINAN]
TIDAK_ADA = 999_999


def _pesan(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _sampai(hari: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=hari)).isoformat()


# --------------------------------------------------------------- kartu_detail


def test_it_shows_the_card_page(akun, client_for):
    kartu = kartu_baru()
    url = reverse("petugas:kartu_detail", args=[kartu.petugas_id])
    response = client_for(akun.bkpsdm).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Petugas Simpangbaru" in html
    assert reverse("petugas:kartu_cabut", args=[kartu.pk]) in html
    assert reverse("petugas:kartu_terbitkan", args=[kartu.petugas_id]) in html
    assert reverse("petugas:petugas_foto_unggah", args=[kartu.petugas_id]) in html
    assert "foto belum ada" in html.lower()
    assert f'value="{_sampai(365)}"' in html  # the date picker's default, in ISO form


def test_an_unplaced_candidate_is_offered_no_card_and_told_why(akun, client_for):
    calon = buat_petugas(ni_pppk="199501012025011009", nama="Calon Belum Ditempatkan", rw=None)
    html = client_for(akun.bkpsdm).get(reverse("petugas:kartu_detail", args=[calon.pk])).text
    assert "belum ditempatkan di RW mana pun" in html
    assert reverse("petugas:kartu_terbitkan", args=[calon.pk]) not in html
    assert reverse("petugas:kartu_cetak", args=[calon.pk]) not in html
    assert "Terbitkan kartu" not in html and "Cetak kartu yang berlaku" not in html


def test_printing_is_offered_only_with_a_valid_card(akun, client_for):
    petugas = petugas_simpangbaru()
    client = client_for(akun.bkpsdm)
    url = reverse("petugas:kartu_detail", args=[petugas.pk])
    html = client.get(url).text
    assert reverse("petugas:kartu_terbitkan", args=[petugas.pk]) in html
    assert reverse("petugas:kartu_cetak", args=[petugas.pk]) not in html
    kartu_baru()
    assert reverse("petugas:kartu_cetak", args=[petugas.pk]) in client.get(url).text


def test_it_shows_the_card_page_to_superadmin(akun, client_for):
    url = reverse("petugas:kartu_detail", args=[petugas_simpangbaru().pk])
    assert client_for(akun.superadmin).get(url).status_code == 200


@pytest.mark.parametrize("peran", PERAN_LAIN)
def test_it_forbids_other_roles_the_card_page(akun, client_for, peran):
    url = reverse("petugas:kartu_detail", args=[petugas_simpangbaru().pk])
    assert client_for(akun.by_peran()[peran]).get(url).status_code == 403


def test_it_sends_anonymous_to_login_from_the_card_page(akun, client):
    response = client.get(reverse("petugas:kartu_detail", args=[petugas_simpangbaru().pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("akun:login"))


def test_it_answers_404_for_an_unknown_officer(akun, client_for):
    client = client_for(akun.bkpsdm)
    for name in ("kartu_detail", "kartu_cetak", "petugas_foto"):
        url = reverse(f"petugas:{name}", args=[TIDAK_ADA])
        assert client.get(url).status_code == 404, name
    for name in ("kartu_terbitkan", "petugas_foto_unggah"):
        url = reverse(f"petugas:{name}", args=[TIDAK_ADA])
        assert client.post(url).status_code == 404, name
    url = reverse("petugas:kartu_cabut", args=[TIDAK_ADA])
    assert client.post(url, {"alasan": "x"}).status_code == 404


# ------------------------------------------------------------ POST-only views


def _post_urls() -> dict[str, str]:
    petugas = petugas_simpangbaru()
    return {
        "kartu_terbitkan": reverse("petugas:kartu_terbitkan", args=[petugas.pk]),
        "kartu_cabut": reverse("petugas:kartu_cabut", args=[kartu_baru(petugas).pk]),
        "petugas_foto_unggah": reverse("petugas:petugas_foto_unggah", args=[petugas.pk]),
    }


def test_post_only_views_answer_405_to_get(akun, client_for):
    client = client_for(akun.bkpsdm)
    for name, url in _post_urls().items():
        assert client.get(url).status_code == 405, name


@pytest.mark.parametrize("peran", PERAN_LAIN)
def test_post_only_views_forbid_other_roles(akun, client_for, peran):
    client = client_for(akun.by_peran()[peran])
    for name, url in _post_urls().items():
        assert client.post(url, {"alasan": "x", "berlaku_sampai": _sampai(30)}).status_code == 403
        assert client.get(url).status_code == 403, name
    assert KartuPetugas.objects.filter(dicabut_at__isnull=True).count() == 1


def test_post_only_views_send_anonymous_to_login(akun, client):
    for name, url in _post_urls().items():
        response = client.post(url, {"alasan": "x", "berlaku_sampai": _sampai(30)})
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("akun:login"))
    assert KartuPetugas.objects.filter(dicabut_at__isnull=True).count() == 1


# ------------------------------------------------------------ kartu_terbitkan


def test_it_issues_a_card(akun, client_for):
    petugas = petugas_simpangbaru()
    lama = kartu_baru(petugas)
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:kartu_terbitkan", args=[petugas.pk]), {"berlaku_sampai": _sampai(200)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("petugas:kartu_detail", args=[petugas.pk])
    baru = KartuPetugas.objects.get(dicabut_at__isnull=True)
    assert baru != lama
    assert baru.created_by == akun.bkpsdm
    assert baru.berlaku_sampai.isoformat() == _sampai(200)
    assert _pesan(response) == ["Kartu baru diterbitkan; kartu lama dicabut."]


@pytest.mark.parametrize("sampai", ["", "bukan-tanggal", _sampai(-3), _sampai(800)])
def test_it_refuses_a_bad_date_and_changes_nothing(akun, client_for, sampai):
    petugas = petugas_simpangbaru()
    lama = kartu_baru(petugas)
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:kartu_terbitkan", args=[petugas.pk]), {"berlaku_sampai": sampai}
    )
    assert response.status_code == 302
    assert _pesan(response)
    assert list(KartuPetugas.objects.all()) == [lama]
    lama.refresh_from_db()
    assert lama.dicabut_at is None


def test_it_refuses_a_card_for_an_officer_without_placement(kota, akun, client_for):
    calon = buat_petugas(ni_pppk="199501012025011009", nama="Calon", rw=None)
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:kartu_terbitkan", args=[calon.pk]), {"berlaku_sampai": _sampai(30)}
    )
    assert response.status_code == 302
    assert "sedang bertugas" in _pesan(response)[0]
    assert not KartuPetugas.objects.exists()


# ---------------------------------------------------------------- kartu_cabut


def test_it_revokes_a_card(akun, client_for):
    kartu = kartu_baru()
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:kartu_cabut", args=[kartu.pk]), {"alasan": "kartu hilang"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("petugas:kartu_detail", args=[kartu.petugas_id])
    kartu.refresh_from_db()
    assert kartu.dicabut_at is not None
    assert kartu.alasan_cabut == "kartu hilang"


def test_it_refuses_to_revoke_without_a_reason(akun, client_for):
    kartu = kartu_baru()
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:kartu_cabut", args=[kartu.pk]), {"alasan": "   "}
    )
    assert response.status_code == 302
    assert _pesan(response)
    kartu.refresh_from_db()
    assert kartu.dicabut_at is None


def test_it_refuses_to_revoke_a_revoked_card(akun, client_for):
    kartu = kartu_baru()
    kartu_cabut(kartu=kartu, alasan="hilang", oleh=akun.bkpsdm)
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:kartu_cabut", args=[kartu.pk]), {"alasan": "lagi"}
    )
    assert "sudah dicabut" in _pesan(response)[0]
    kartu.refresh_from_db()
    assert kartu.alasan_cabut == "hilang"


# ------------------------------------------------------ foto unggah and foto


def test_it_uploads_a_photo_and_serves_it_to_bkpsdm_only(akun, client_for):
    petugas = petugas_simpangbaru()
    client = client_for(akun.bkpsdm)
    response = client.post(
        reverse("petugas:petugas_foto_unggah", args=[petugas.pk]), {"foto": foto_jpeg()}
    )
    assert response.status_code == 302
    assert _pesan(response) == ["Foto disimpan."]
    petugas.refresh_from_db()
    assert petugas.foto

    url = reverse("petugas:petugas_foto", args=[petugas.pk])
    foto = client.get(url)
    assert foto.status_code == 200
    assert foto["Content-Type"] == "image/jpeg"
    assert "no-store" in foto["Cache-Control"]
    assert b"".join(foto.streaming_content)[:2] == b"\xff\xd8"
    for peran in PERAN_LAIN:
        assert client_for(akun.by_peran()[peran]).get(url).status_code == 403, peran
    # The stored file is not under any URL the portal serves.
    assert client.get("/media/" + petugas.foto.name).status_code == 404


def test_it_refuses_a_hostile_upload_and_keeps_the_old_photo(akun, client_for):
    petugas = foto_simpan(petugas=petugas_simpangbaru(), berkas=foto_jpeg())
    lama = petugas.foto.name
    svg = SimpleUploadedFile("foto.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/jpeg")
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:petugas_foto_unggah", args=[petugas.pk]), {"foto": svg}
    )
    assert response.status_code == 302
    assert "bukan foto" in _pesan(response)[0]
    petugas.refresh_from_db()
    assert petugas.foto.name == lama


def test_it_asks_for_a_file_when_none_is_sent(akun, client_for):
    petugas = petugas_simpangbaru()
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:petugas_foto_unggah", args=[petugas.pk])
    )
    assert response.status_code == 302
    assert _pesan(response)
    petugas.refresh_from_db()
    assert not petugas.foto


def test_the_photo_is_404_when_there_is_none(akun, client_for):
    url = reverse("petugas:petugas_foto", args=[petugas_simpangbaru().pk])
    assert client_for(akun.bkpsdm).get(url).status_code == 404


# ---------------------------------------------------------------- kartu_cetak


def test_it_prints_the_valid_card(kota, akun, client_for):
    kartu = kartu_dengan_foto()
    response = client_for(akun.bkpsdm).get(reverse("petugas:kartu_cetak", args=[kartu.petugas_id]))
    assert response.status_code == 200
    html = response.content.decode()
    # The QR code encodes the absolute URL; it is printed under it without the scheme.
    assert "testserver" + reverse("petugas:verifikasi", args=[kartu.token]) in html
    assert html.count('<article class="kartu">') == 1
    assert '<svg width="22.0mm"' in html
    assert "199003152025011001" not in html  # the NI PPPK carries a birth date: not on the card
    assert "RW 01" in html
    assert kota.simpangbaru.nama in html
    assert reverse("petugas:petugas_foto", args=[kartu.petugas_id]) in html
    assert "css/kartu.css" in html


def test_the_qr_code_uses_the_public_portal_address_when_set(akun, client_for, settings):
    settings.PORTAL_URL = "https://1asn1rw.pekanbaru.go.id/"
    kartu = kartu_baru()
    html = (
        client_for(akun.bkpsdm)
        .get(reverse("petugas:kartu_cetak", args=[kartu.petugas_id]))
        .content.decode()
    )
    jalur = reverse("petugas:verifikasi", args=[kartu.token])
    assert "1asn1rw.pekanbaru.go.id" + jalur in html
    assert "testserver" not in html


def test_it_sends_back_to_the_card_page_without_a_valid_card(akun, client_for):
    kartu = kartu_baru()
    kartu_cabut(kartu=kartu, alasan="hilang", oleh=akun.bkpsdm)
    response = client_for(akun.bkpsdm).get(reverse("petugas:kartu_cetak", args=[kartu.petugas_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("petugas:kartu_detail", args=[kartu.petugas_id])
    assert _pesan(response)


@pytest.mark.parametrize("peran", PERAN_LAIN)
def test_it_forbids_other_roles_printing(akun, client_for, peran):
    kartu = kartu_baru()
    client = client_for(akun.by_peran()[peran])
    assert client.get(reverse("petugas:kartu_cetak", args=[kartu.petugas_id])).status_code == 403
    assert client.get(reverse("petugas:kartu_lembar")).status_code == 403


# --------------------------------------------------------------- kartu_lembar


def _petugas_berkartu(kota, jumlah: int, opd: OPD | None = None) -> list[KartuPetugas]:
    opd = opd or OPD.objects.create(nama=f"Dinas {jumlah}", kuota=jumlah)
    kartu = []
    for i in range(jumlah):
        rw = RW.objects.create(kelurahan=kota.delima, nomor=10 + i + 20 * OPD.objects.count())
        petugas = buat_petugas(
            ni_pppk=f"1990010120250{OPD.objects.count():02d}{i:03d}", nama=f"P{i}", rw=rw, opd=opd
        )
        kartu.append(kartu_baru(petugas))
    return kartu


def _jumlah_query(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_sheet_has_ten_cards_a_page_in_constant_queries(kota, akun, client_for):
    client = client_for(akun.bkpsdm)
    kartu_baru()
    sedikit, _ = _jumlah_query(client, reverse("petugas:kartu_lembar"))
    _petugas_berkartu(kota, 11)
    banyak, html = _jumlah_query(client, reverse("petugas:kartu_lembar"))
    assert banyak == sedikit
    assert html.count('<article class="kartu">') == 12
    assert html.count('<section class="lembar">') == 2


def test_the_sheet_filters_by_kecamatan_and_opd(kota, akun, client_for):
    simpangbaru = kartu_baru()
    cinta_raja = kartu_baru(akun.petugas_sail.petugas)
    opd = OPD.objects.create(nama="Dinas Lingkungan Hidup", kuota=75)
    (delima,) = _petugas_berkartu(kota, 1, opd)
    dicabut = kartu_baru(akun.petugas_sail.petugas)
    kartu_cabut(kartu=dicabut, alasan="hilang", oleh=akun.bkpsdm)
    client = client_for(akun.bkpsdm)
    url = reverse("petugas:kartu_lembar")

    def token(query: str) -> set[str]:
        html = client.get(url + query).content.decode()
        semua = {k.token for k in KartuPetugas.objects.all()}
        return {t for t in semua if t in html}

    assert token("") == {simpangbaru.token, delima.token}
    assert token(f"?kecamatan={kota.binawidya.kode}") == {simpangbaru.token, delima.token}
    assert token(f"?kecamatan={kota.sail.kode}") == set()
    assert token(f"?opd={opd.pk}") == {delima.token}
    assert token("?opd=bukan-angka") == set()
    assert cinta_raja.token not in token("")  # replaced, then revoked


# ------------------------------------------------------------ the public page


def _publik(response) -> None:
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"


def _data_pribadi(kartu: KartuPetugas) -> list[str]:
    Petugas.objects.filter(pk=kartu.petugas_id).update(
        telepon="081234567890", alamat_domisili="Jalan Melati Nomor 17"
    )
    petugas = Petugas.objects.select_related("opd").get(pk=kartu.petugas_id)
    return [petugas.ni_pppk, petugas.telepon, petugas.alamat_domisili, petugas.opd.nama]


def test_the_public_page_says_an_active_officers_card_is_valid(akun, client, kota):
    kartu = kartu_dengan_foto()
    pribadi = _data_pribadi(kartu)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("petugas:verifikasi", args=[kartu.token]))
    assert response.status_code == 200
    _publik(response)
    html = response.content.decode()
    assert "KARTU BERLAKU" in html
    assert "KARTU TIDAK BERLAKU" not in html
    assert "Petugas Simpangbaru" in html
    assert "RW 01" in html
    assert kota.simpangbaru.nama in html
    assert kota.binawidya.nama in html
    assert reverse("petugas:verifikasi_foto", args=[kartu.token]) in html
    for rahasia in pribadi:
        assert rahasia not in html, rahasia
    assert "leaflet" not in html.lower()
    assert "htmx" not in html.lower()
    assert len(queries) <= 3


def test_the_public_page_says_invalid_once_the_placement_ended(akun, client):
    kartu = kartu_dengan_foto()
    pribadi = _data_pribadi(kartu)
    penugasan_akhiri(penugasan=petugas_simpangbaru().penugasan_set.get(), alasan="berhenti")
    response = client.get(reverse("petugas:verifikasi", args=[kartu.token]))
    assert response.status_code == 200
    _publik(response)
    html = response.content.decode()
    assert "KARTU TIDAK BERLAKU" in html
    # Ending the placement revoked the card; the public sees that, not why.
    assert "Kartu dicabut pada" in html
    assert "Penempatan di RW ini sudah berakhir" not in html
    assert "Petugas Simpangbaru" in html
    assert reverse("petugas:verifikasi_foto", args=[kartu.token]) not in html
    foto = client.get(reverse("petugas:verifikasi_foto", args=[kartu.token]))
    assert foto.status_code == 404
    for rahasia in pribadi:
        assert rahasia not in html, rahasia


def test_the_public_page_of_a_revoked_card_shows_the_date_not_the_reason_nor_photo(
    akun, client, client_for
):
    kartu = kartu_dengan_foto()
    pribadi = _data_pribadi(kartu)
    alasan = "diduga memeras warga, dilaporkan ke Inspektorat"
    kartu_cabut(kartu=kartu, alasan=alasan, oleh=akun.bkpsdm)
    KartuPetugas.objects.filter(pk=kartu.pk).update(
        dicabut_at=datetime.datetime(2026, 3, 4, 20, 0, tzinfo=datetime.UTC)
    )
    response = client.get(reverse("petugas:verifikasi", args=[kartu.token]))
    assert response.status_code == 200
    _publik(response)
    html = response.content.decode()
    assert "KARTU TIDAK BERLAKU" in html
    # 20:00 UTC is 5 March in Pekanbaru (WIB, UTC+7).
    assert "Kartu dicabut pada 5 Maret 2026" in html
    assert "memeras" not in html
    assert "Inspektorat" not in html
    # BKPSDM's own page keeps the reason.
    halaman_bkpsdm = client_for(akun.bkpsdm).get(
        reverse("petugas:kartu_detail", args=[kartu.petugas_id])
    )
    assert f"Kartu dicabut: {alasan}" in halaman_bkpsdm.content.decode()
    assert "foto.jpg" not in html
    assert "<img" not in html
    for rahasia in pribadi:
        assert rahasia not in html, rahasia
    foto = client.get(reverse("petugas:verifikasi_foto", args=[kartu.token]))
    assert foto.status_code == 404


def test_the_public_page_of_an_expired_card_says_so(akun, client):
    kartu = kartu_baru()
    KartuPetugas.objects.filter(pk=kartu.pk).update(
        berlaku_mulai=datetime.date(2024, 1, 2), berlaku_sampai=datetime.date(2025, 1, 2)
    )
    html = client.get(reverse("petugas:verifikasi", args=[kartu.token])).content.decode()
    assert "KARTU TIDAK BERLAKU" in html
    assert "Masa berlaku habis pada 2 Januari 2025" in html


@pytest.mark.parametrize("token", ["x" * 32, "tidak-ada", "a" * 65, "ab%20cd"])
def test_the_public_page_says_an_unknown_card_is_not_known(akun, client, token):
    kartu_baru()
    response = client.get(f"/petugas/v/{token}/")
    assert response.status_code == 404
    _publik(response)
    html = response.content.decode()
    assert "KARTU TIDAK DIKENAL" in html
    assert "kelurahan" in html
    assert "Petugas Simpangbaru" not in html


def test_the_public_pages_answer_get_only(akun, client):
    kartu = kartu_dengan_foto()
    assert client.post(reverse("petugas:verifikasi", args=[kartu.token])).status_code == 405
    assert client.post(reverse("petugas:verifikasi_foto", args=[kartu.token])).status_code == 405


def test_the_public_photo(akun, client):
    kartu = kartu_dengan_foto()
    response = client.get(reverse("petugas:verifikasi_foto", args=[kartu.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    _publik(response)
    assert client.get(reverse("petugas:verifikasi_foto", args=["x" * 32])).status_code == 404
    tanpa_foto = kartu_baru(akun.petugas_sail.petugas)
    url = reverse("petugas:verifikasi_foto", args=[tanpa_foto.token])
    assert client.get(url).status_code == 404


def test_two_cards_have_different_32_character_tokens(akun):
    a, b = kartu_baru(), kartu_baru(akun.petugas_sail.petugas)
    assert a.token != b.token
    for token in (a.token, b.token):
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
