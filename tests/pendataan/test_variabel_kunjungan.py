"""The DTSEN variables through a visit: only changes sent, applied with their history on
approval, nothing on return or rejection; the form, review and family pages."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dasbor.tembolok import versi_naikkan
from pendataan import pemeriksaan
from pendataan.models import AnggotaKeluarga, Hubungan, Kunjungan, RiwayatVariabel
from pendataan.services import kunjungan_simpan
from pendataan.variabel import perubahan_ringkas, variabel_berlakukan
from tests.pendataan.conftest import data_kunjungan, waktu

# the visit form page rendered: user, the page cache's scope (the family's RW through the
# officer's placement), placement, family, members, recipients, programs, the open
# usul/sanggah tasks, read log ... (a new query is a decision; the session is read from
# its copy in the cache)
KUERI_FORMULIR = 10


@pytest.fixture
def tercatat(keluarga):
    """The family as the register gave it: no car, one motorcycle, cement floor; Siti
    unmarried (as the import wrote, to be corrected)."""
    siti = keluarga.anggota_set.get(nama="Siti Aminah")
    variabel_berlakukan(
        keluarga_id=keluarga.pk,
        perubahan={
            "keluarga": {"aset_mobil": 0, "aset_sepeda_motor": 1, "lantai": 6},
            "anggota": {str(siti.pk): {"status_perkawinan": 1}},
        },
    )
    keluarga.refresh_from_db()
    return siti


def _kunjungan(akun, keluarga, variabel, **lain):
    data = data_kunjungan(keluarga, variabel=variabel, **lain)
    return kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)[0]


def test_it_keeps_only_the_values_the_officer_changed(akun, keluarga, tercatat):
    k = _kunjungan(
        akun,
        keluarga,
        {
            "keluarga": {"aset_mobil": 1, "aset_sepeda_motor": 1, "lantai": 6},
            "anggota": {str(tercatat.pk): {"status_perkawinan": 2}},
        },
    )
    assert k.variabel == {
        "keluarga": {"aset_mobil": 1},
        "anggota": {str(tercatat.pk): {"status_perkawinan": 2}},
    }
    assert perubahan_ringkas(k) == [
        "Mobil: 0 \u2192 1",
        "Siti Aminah \u00b7 Status perkawinan: 1. Belum kawin \u2192 2. Kawin/nikah",
    ]


def test_approval_applies_the_changes_and_writes_their_history(akun, keluarga, tercatat):
    k = _kunjungan(
        akun,
        keluarga,
        {
            "keluarga": {"aset_mobil": 1, "aset_sepeda_motor": 2},
            "anggota": {str(tercatat.pk): {"status_perkawinan": 2}},
        },
    )
    pemeriksaan.kunjungan_setujui(kunjungan=k, oleh=akun.admin_binawidya)
    keluarga.refresh_from_db()
    tercatat.refresh_from_db()
    assert keluarga.variabel == {"aset_mobil": 1, "aset_sepeda_motor": 2, "lantai": 6}
    assert tercatat.variabel == {"status_perkawinan": 2}
    riwayat = RiwayatVariabel.objects.filter(kunjungan=k)
    assert {(r.anggota_id, r.kunci, r.nilai_lama, r.nilai_baru) for r in riwayat} == {
        (None, "aset_mobil", 0, 1),
        (None, "aset_sepeda_motor", 1, 2),
        (tercatat.pk, "status_perkawinan", 1, 2),
    }
    # the values before are the ones the approval replaced, not today's
    k.refresh_from_db()
    assert "Mobil: 0 \u2192 1" in perubahan_ringkas(k)
    assert "Sepeda motor: 1 \u2192 2" in perubahan_ringkas(k)


@pytest.mark.parametrize("aksi", ["kunjungan_kembalikan", "kunjungan_tolak"])
def test_a_returned_or_rejected_visit_applies_nothing(akun, keluarga, tercatat, aksi):
    k = _kunjungan(akun, keluarga, {"keluarga": {"aset_mobil": 3}})
    getattr(pemeriksaan, aksi)(kunjungan=k, oleh=akun.admin_binawidya, komentar="Periksa lagi.")
    keluarga.refresh_from_db()
    assert keluarga.variabel["aset_mobil"] == 0
    assert not RiwayatVariabel.objects.filter(kunjungan=k).exists()


def test_an_older_visit_approved_late_keeps_the_newer_visits_value(akun, keluarga, tercatat):
    lama = _kunjungan(
        akun,
        keluarga,
        {"keluarga": {"aset_mobil": 1, "lantai": 2}},
        dibuka_at=waktu(-900),
        dikirim_at=waktu(-600),
    )
    baru = _kunjungan(akun, keluarga, {"keluarga": {"aset_mobil": 2}})
    pemeriksaan.kunjungan_setujui(kunjungan=baru, oleh=akun.admin_binawidya)
    pemeriksaan.kunjungan_setujui(kunjungan=lama, oleh=akun.admin_binawidya)
    keluarga.refresh_from_db()
    assert keluarga.variabel["aset_mobil"] == 2  # the newer visit's
    assert keluarga.variabel["lantai"] == 2  # only the older one changed it
    lama.refresh_from_db()
    assert "Mobil: 1 (tidak mengubah data)" in perubahan_ringkas(lama)


def _kirim(client, keluarga, data):
    return client.post(
        reverse("pendataan:kunjungan_kirim", args=[keluarga.pk]),
        data=json.dumps(data),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    "variabel, pesan",
    [
        ({"keluarga": {"aset_mobil": -1}}, "Mobil: -1 di luar batas 0 sampai 20."),
        ({"keluarga": {"aset_sepeda_motor": 10**9}}, "Sepeda motor: 1000000000 di luar batas"),
        ({"keluarga": {"lantai": 12}}, "Jenis lantai terluas: kode 12 tidak ada dalam daftar"),
        ({"keluarga": {"kolam_renang": 1}}, 'Variabel "kolam_renang" tidak dikenal'),
        ({"keluarga": {"aset_mobil": "satu"}}, "Mobil: harus berupa angka"),
        ({"keluarga": {"aset_mobil": {"n": 1}}}, "Mobil: harus berupa angka"),
        (["aset_mobil"], "Kiriman rusak"),
    ],
)
def test_the_phone_gets_json_naming_the_bad_variable_and_nothing_is_kept(
    akun, keluarga, tercatat, client_for, variabel, pesan
):
    response = _kirim(
        client_for(akun.petugas), keluarga, data_kunjungan(keluarga, variabel=variabel)
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert pesan in response.json()["pesan"]
    assert Kunjungan.objects.count() == 0
    keluarga.refresh_from_db()
    assert keluarga.variabel["aset_mobil"] == 0


def test_the_form_is_prefilled_with_the_last_known_values(akun, keluarga, tercatat, client_for):
    html = (
        client_for(akun.petugas)
        .get(reverse("pendataan:kunjungan_baru", args=[keluarga.pk]))
        .content.decode()
    )
    assert (
        'data-var="aset_mobil" data-jenis="cacah" data-awal="0" value="0" min="0" max="20"' in html
    )
    assert '<option value="6" selected>6. Semen/bata merah</option>' in html
    assert f'data-anggota="{tercatat.pk}"' in html
    assert 'data-var="status_perkawinan" data-jenis="kode" data-awal="1"' in html
    assert 'name="ind-' not in html  # the old questions are gone


def _tambah_anggota(keluarga, n):
    for i in range(n):
        a = AnggotaKeluarga.objects.create(
            keluarga=keluarga,
            nik=f"14710815028{i:05d}",
            nama=f"Anak {i}",
            hubungan=Hubungan.ANAK,
            jenis_kelamin="L",
        )
        variabel_berlakukan(
            keluarga_id=keluarga.pk,
            perubahan={"anggota": {str(a.pk): {"partisipasi_sekolah": 1}}},
        )


def test_the_form_runs_a_fixed_number_of_queries_whatever_the_members(
    akun, keluarga, tercatat, client_for
):
    client = client_for(akun.petugas)
    url = reverse("pendataan:kunjungan_baru", args=[keluarga.pk])
    client.get(url)
    hitung = []
    for tambah in (0, 4):
        _tambah_anggota(keluarga, tambah)
        versi_naikkan(umum=True)  # rendered, not served from the page cache
        with CaptureQueriesContext(connection) as kueri:
            assert client.get(url).status_code == 200
        hitung.append(len(kueri.captured_queries))
    assert hitung == [KUERI_FORMULIR] * 2, hitung


def test_review_and_family_pages_show_the_changes_and_the_history(
    akun, keluarga, tercatat, client_for
):
    k = _kunjungan(akun, keluarga, {"keluarga": {"aset_mobil": 1}})
    admin = client_for(akun.admin_binawidya)
    detail = reverse("pendataan:kunjungan_detail", args=[k.uuid])
    assert "Mobil: 0 \u2192 1" in admin.get(detail).content.decode()
    pemeriksaan.kunjungan_setujui(kunjungan=k, oleh=akun.admin_binawidya)
    html = admin.get(reverse("pendataan:keluarga_detail", args=[keluarga.pk])).content.decode()
    assert 'id="variabel"' in html
    assert "Mobil</th><td>1" in html
    assert "0 \u2192 1" in html and "\u2014 \u2192 0" in html  # the visit's, the import's
    assert "impor data" in html
    assert "Status perkawinan</th><td>1. Belum kawin" in html


def test_the_review_queue_counts_each_visits_changes(akun, keluarga, tercatat, client_for):
    _kunjungan(
        akun,
        keluarga,
        {
            "keluarga": {"aset_mobil": 1},
            "anggota": {str(tercatat.pk): {"status_perkawinan": 2, "punya_usaha": True}},
        },
    )
    html = client_for(akun.admin_binawidya).get(reverse("pendataan:antrean")).content.decode()
    assert "3 perubahan data rumah tangga (DTSEN)" in html


def test_a_visit_that_changes_nothing_has_an_empty_variabel(akun, keluarga, tercatat):
    k = _kunjungan(akun, keluarga, {"keluarga": {"aset_mobil": 0, "lantai": 6}})
    assert k.variabel == {}
    assert not Kunjungan.objects.exclude(variabel={}).exists()
    assert perubahan_ringkas(k) == []
