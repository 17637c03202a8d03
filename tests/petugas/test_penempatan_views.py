import pytest
from django.urls import reverse

from petugas.models import OPD, JenisKelamin, Penugasan, Petugas, RencanaPenempatan


@pytest.fixture
def opd(db):
    return OPD.objects.get_or_create(nama="Dinas Uji", defaults={"kuota": 10})[0]


def kandidat(kelurahan, rw_nomor, opd, ni, nama="Kandidat"):
    return Petugas.objects.create(
        nama=nama,
        ni_pppk=ni,
        opd=opd,
        jenis_kelamin=JenisKelamin.PEREMPUAN,
        kelurahan_domisili=kelurahan,
        rw_domisili=rw_nomor,
    )


def test_the_officer_list_filters_and_counts_its_queries(
    akun, kota, opd, client_for, django_assert_max_num_queries
):
    for i in range(30):
        kandidat(kota.cinta_raja, 1, opd, f"1995050520250120{i:02d}", f"Calon {i:02d}")
    client = client_for(akun.bkpsdm)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("petugas:daftar"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Petugas Simpangbaru" in body and "Calon 07" in body
    placed = client.get(reverse("petugas:daftar"), {"status": "ditempatkan"}).content.decode()
    assert "Petugas Simpangbaru" in placed and "Calon 07" not in placed
    by_kecamatan = client.get(reverse("petugas:daftar"), {"kecamatan": kota.binawidya.pk})
    assert "Petugas Cinta Raja" not in by_kecamatan.content.decode()


def test_the_officer_list_answers_htmx_with_the_table_only(akun, client_for):
    response = client_for(akun.bkpsdm).get(
        reverse("petugas:daftar"), {"q": "Simpangbaru"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="tabel-petugas">')
    assert "<html" not in body
    assert "Petugas Simpangbaru" in body and "Petugas Cinta Raja" not in body


def test_preview_then_apply_shows_one_time_passwords_once(akun, kota, opd, client_for):
    baru = kandidat(kota.simpangbaru, 2, opd, "199505052025012001", "Dewi")
    client = client_for(akun.bkpsdm)
    response = client.post(reverse("petugas:penempatan"), {"cakupan": "kota"})
    rencana = RencanaPenempatan.objects.get()
    assert response["Location"] == reverse("petugas:rencana", args=[rencana.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "Dewi" in preview and "Pratinjau penempatan" in preview
    assert Penugasan.objects.filter(petugas=baru).count() == 0

    url = reverse("petugas:rencana_terapkan", args=[rencana.pk])
    assert client.post(url, {"nomor_sk": ""}).status_code == 302  # refused: no SK
    assert Penugasan.objects.filter(petugas=baru).count() == 0
    response = client.post(url, {"nomor_sk": "800/123/BKPSDM"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "199505052025012001" in body and "Kata sandi sekali pakai" in body
    assert Penugasan.objects.get(petugas=baru).rw == kota.rw_simpangbaru_2
    again = client.post(url, {"nomor_sk": "800/123/BKPSDM"}, follow=True)
    assert "sudah diterapkan" in again.content.decode()
    assert Penugasan.objects.filter(petugas=baru).count() == 1


def test_the_new_officer_must_change_the_one_time_password(akun, kota, opd, client_for, client):
    kandidat(kota.simpangbaru, 2, opd, "199505052025012001", "Dewi")
    bkpsdm = client_for(akun.bkpsdm)
    bkpsdm.post(reverse("petugas:penempatan"), {"cakupan": "kota"})
    rencana = RencanaPenempatan.objects.get()
    page = bkpsdm.post(reverse("petugas:rencana_terapkan", args=[rencana.pk]), {"nomor_sk": "1"})
    sandi = page.context["akun_baru"][0][1]
    client.post(reverse("akun:login"), {"username": "199505052025012001", "password": sandi})
    response = client.get(reverse("akun:beranda"))
    assert response["Location"] == reverse("akun:password_change")
    client.post(
        reverse("akun:password_change"),
        {
            "old_password": sandi,
            "new_password1": "Pilihan-Sendiri-77",
            "new_password2": "Pilihan-Sendiri-77",
        },
    )
    home = client.get(reverse("akun:beranda"))
    assert home.status_code == 200
    assert "RW 02 Simpangbaru" in home.content.decode()


def test_manual_placement_from_the_rw_page(akun, kota, opd, client_for):
    dewi = kandidat(kota.simpangbaru, 2, opd, "199505052025012001", "Dewi")
    client = client_for(akun.bkpsdm)
    page = client.get(reverse("petugas:rw", args=[kota.rw_simpangbaru_2.pk])).content.decode()
    assert "RW ini kosong" in page and "Dewi" in page
    response = client.post(
        reverse("petugas:rw_tempatkan", args=[kota.rw_simpangbaru_2.pk]),
        {"petugas": dewi.pk, "nomor_sk": "SK/1", "alasan": "domisili"},
    )
    assert response.status_code == 200  # the one-time password page
    assert Penugasan.objects.get(petugas=dewi, selesai__isnull=True).rw == kota.rw_simpangbaru_2


def test_placing_an_officer_who_is_placed_elsewhere_is_refused(akun, kota, client_for):
    placed = akun.petugas.petugas
    client = client_for(akun.bkpsdm)
    response = client.post(
        reverse("petugas:rw_tempatkan", args=[kota.rw_simpangbaru_2.pk]),
        {"petugas": placed.pk, "nomor_sk": "SK/1", "alasan": "x"},
        follow=True,
    )
    assert "Pilih petugas dari daftar" in response.content.decode()
    assert Penugasan.objects.filter(petugas=placed, selesai__isnull=True).count() == 1


def test_end_and_replace(akun, kota, opd, client_for):
    client = client_for(akun.bkpsdm)
    aktif = Penugasan.objects.get(rw=kota.rw_simpangbaru_1, selesai__isnull=True)
    dewi = kandidat(kota.simpangbaru, 1, opd, "199505052025012001", "Dewi")
    response = client.post(
        reverse("petugas:penugasan_ganti", args=[aktif.pk]),
        {"petugas": dewi.pk, "nomor_sk": "SK/2", "alasan": "petugas lama pindah"},
    )
    assert response.status_code == 200
    aktif.refresh_from_db()
    assert aktif.selesai and aktif.diakhiri_oleh == akun.bkpsdm
    baru = Penugasan.objects.get(rw=kota.rw_simpangbaru_1, selesai__isnull=True)
    assert baru.petugas == dewi
    response = client.post(reverse("petugas:penugasan_akhiri", args=[baru.pk]), {"alasan": ""})
    baru.refresh_from_db()
    assert baru.aktif, "no reason, no change"
    client.post(reverse("petugas:penugasan_akhiri", args=[baru.pk]), {"alasan": "berhenti"})
    baru.refresh_from_db()
    assert not baru.aktif
    page = client.get(reverse("petugas:rw", args=[kota.rw_simpangbaru_1.pk])).content.decode()
    assert "RW ini kosong" in page and "petugas lama pindah" in page


def test_opd_quota_cannot_drop_below_placed(akun, client_for):
    opd = akun.petugas.petugas.opd
    client = client_for(akun.bkpsdm)
    response = client.post(
        reverse("petugas:opd_ubah", args=[opd.pk]), {"nama": opd.nama, "kuota": 1}
    )
    assert "tidak boleh di bawah" in response.content.decode()
    response = client.post(
        reverse("petugas:opd_ubah", args=[opd.pk]), {"nama": opd.nama, "kuota": 75}
    )
    opd.refresh_from_db()
    assert opd.kuota == 75


def test_the_map_colours_rws_filled_and_vacant(akun, kota, client_for):
    response = client_for(akun.bkpsdm).get(
        reverse("petugas:peta"), {"kecamatan": kota.binawidya.kode}
    )
    titik = [
        f["properties"]
        for f in response.context["peta"]["features"]
        if f["geometry"]["type"] == "Point"
    ]
    assert sorted(p["terisi"] for p in titik) == [False, False, True]
    assert (response.context["terisi"], response.context["kosong"]) == (1, 2)


def test_bkpsdm_sees_no_household_pages(akun, client_for):
    # BKPSDM has officers only: its pages never link to family data.
    body = client_for(akun.bkpsdm).get(reverse("petugas:daftar")).content.decode()
    assert "NIK" not in body
