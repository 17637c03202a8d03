"""The data-protection officer's pages: the change log with its filters, the data-subject
report, and residents' requests with their 3 x 24-hour deadline."""

import datetime
import json
import uuid

from django.urls import reverse
from django.utils import timezone

from audit.models import JenisBaca, LogBaca, PermintaanSubjek
from pendataan.models import AnggotaKeluarga, JenisFoto, StatusKunjungan
from tests.pendataan.conftest import data_kunjungan
from tests.pendataan.test_foto_retensi import _foto, _kunjungan

BUDI = "1471081503900001"
SITI = "1471085503920002"


def _ubah_nama(anggota: AnggotaKeluarga, nama: str) -> None:
    anggota.nama = nama
    anggota.save()


def test_the_change_log_filters_by_nik_and_masks_every_other_number(akun, keluarga, client_for):
    budi = AnggotaKeluarga.objects.get(nik=BUDI)
    _ubah_nama(budi, "Budi S.")
    _ubah_nama(AnggotaKeluarga.objects.get(nik=SITI), "Siti A.")
    client = client_for(akun.pdp)
    semua = client.get(reverse("audit:log_perubahan")).text
    assert "Budi S." in semua and "Siti A." in semua
    assert BUDI not in semua and SITI not in semua  # masked unless searched
    cari = client.get(reverse("audit:log_perubahan"), {"nik": BUDI}).text
    assert "Budi S." in cari and "Siti A." not in cari
    assert BUDI in cari
    # the search of a whole NIK is itself a logged read
    assert LogBaca.objects.filter(user=akun.pdp, nomor=BUDI).exists()


def test_the_change_log_filters_by_actor_and_date(akun, keluarga, client_for):
    client_for(akun.petugas).post(
        reverse("pendataan:kunjungan_kirim", args=[keluarga.pk]),
        data=json.dumps(data_kunjungan(keluarga, uuid=str(uuid.uuid4()))),
        content_type="application/json",
    )
    client = client_for(akun.pdp)
    url = reverse("audit:log_perubahan")
    oleh = client.get(url, {"pelaku": akun.petugas.username}).text
    assert "kunjungan" in oleh
    assert "kunjungan" not in client.get(url, {"pelaku": "dinsos"}).text.split("<tbody>")[1]
    besok = timezone.localdate() + datetime.timedelta(days=1)
    kosong = client.get(url, {"dari": besok.isoformat()}).text
    assert "Tidak ada perubahan" in kosong
    salah = client.get(url, {"nik": "123"})
    assert "NIK harus 16 angka." in salah.text


def test_the_data_subject_report_lists_what_is_held_without_the_photos(akun, keluarga, client_for):
    kunjungan = _kunjungan(akun, keluarga, StatusKunjungan.DISETUJUI, timezone.now())
    foto = _foto(kunjungan, JenisFoto.KTP)
    client_for(akun.dinsos).get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
    _ubah_nama(AnggotaKeluarga.objects.get(nik=BUDI), "Budi Santoso Baru")
    response = client_for(akun.pdp).get(reverse("audit:laporan"), {"nik": BUDI})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.text
    assert "Budi Santoso Baru" in html and keluarga.nomor_kk in html
    assert "KTP" in html  # the photo is listed ...
    assert reverse("pendataan:foto", args=[foto.pk, "kecil"]) not in html  # ... never shown
    assert akun.dinsos.username in html  # who viewed it
    assert "Budi Santoso Baru" in html.split('id="laporan-perubahan"')[1]  # who changed it
    assert LogBaca.objects.filter(user=akun.pdp, jenis=JenisBaca.LAPORAN, nomor=BUDI).exists()


def test_a_request_is_recorded_with_its_deadline_and_closed(akun, client_for):
    client = client_for(akun.pdp)
    url = reverse("audit:permintaan_daftar")
    diterima = timezone.localtime() - datetime.timedelta(hours=80)
    response = client.post(
        url,
        {
            "nik": BUDI,
            "jenis": "penghapusan",
            "diterima_at": diterima.strftime("%Y-%m-%d %H:%M"),
            "keterangan": "Minta data dihapus",
        },
    )
    assert response.status_code == 302
    permintaan = PermintaanSubjek.objects.get()
    assert permintaan.tenggat - permintaan.diterima_at == datetime.timedelta(hours=72)
    assert permintaan.dicatat_oleh == akun.pdp
    terlambat = client.get(url, {"saring": "terlambat"}).text
    assert "1471••••••••0001" in terlambat  # overdue, listed masked
    beranda = client.get(reverse("akun:beranda")).text
    assert "1 melewati tenggat" in beranda

    tutup = reverse("audit:permintaan_tutup", args=[permintaan.pk])
    assert client.post(tutup, {"hasil": ""}).status_code == 302
    permintaan.refresh_from_db()
    assert permintaan.ditutup_at is None  # an empty outcome changes nothing
    client.post(tutup, {"hasil": "Dihapus dari daftar; KK tetap (dasar hukum DTSEN)"})
    permintaan.refresh_from_db()
    assert permintaan.ditutup_oleh == akun.pdp and permintaan.ditutup_at is not None
    assert "1471••••••••0001" not in client.get(url, {"saring": "terlambat"}).text


def test_a_bad_request_is_refused_in_indonesian_and_saves_nothing(akun, client_for):
    client = client_for(akun.pdp)
    url = reverse("audit:permintaan_daftar")
    besok = timezone.localtime() + datetime.timedelta(days=1)
    for data, pesan in [
        ({"nik": "12", "jenis": "koreksi", "diterima_at": "2026-01-01 10:00"}, "16 angka"),
        (
            {"nik": BUDI, "jenis": "koreksi", "diterima_at": besok.strftime("%Y-%m-%d %H:%M")},
            "masa depan",
        ),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400
        assert pesan in response.text
    assert not PermintaanSubjek.objects.exists()


def test_the_pdp_sees_no_family_data(akun, keluarga, client_for):
    client = client_for(akun.pdp)
    assert client.get(reverse("pendataan:keluarga_detail", args=[keluarga.pk])).status_code == 403
    assert client.get(reverse("bansos:hasil")).status_code == 403


def test_a_nik_the_portal_does_not_hold_gets_an_empty_report(akun, keluarga, client_for):
    html = client_for(akun.pdp).get(reverse("audit:laporan"), {"nik": "1471010101010001"}).text
    assert "NIK ini tidak tercatat sebagai anggota keluarga." in html
    assert keluarga.nomor_kk not in html
