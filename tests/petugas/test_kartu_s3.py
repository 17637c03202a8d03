"""ID-card photos in an S3-compatible bucket (a real SeaweedFS, tests/seaweedfs.py)."""

from django.urls import reverse

from petugas.kartu import foto_simpan
from tests.petugas.akses_kartu import foto_jpeg, kartu_baru, petugas_simpangbaru
from tests.seaweedfs import perlu_s3

pytestmark = perlu_s3


def test_an_id_card_photo_is_kept_in_the_bucket_served_and_replaced(
    media_s3, akun, client_for, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lama = foto_simpan(petugas=petugas_simpangbaru(), berkas=foto_jpeg()).foto.name
    with django_capture_on_commit_callbacks(execute=True):
        petugas = foto_simpan(petugas=petugas_simpangbaru(), berkas=foto_jpeg())

    isi = media_s3.isi()
    assert list(isi) == [petugas.foto.name], f"the replaced {lama} is deleted from the bucket"
    response = client_for(akun.bkpsdm).get(reverse("petugas:petugas_foto", args=[petugas.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == isi[petugas.foto.name]
    kartu = kartu_baru(petugas)
    publik = client.get(reverse("petugas:verifikasi_foto", args=[kartu.token]))
    assert publik.status_code == 200
    assert publik["Cache-Control"] == "no-store"
    assert b"".join(publik.streaming_content) == isi[petugas.foto.name]
    assert (
        client_for(akun.dinsos).get(reverse("petugas:petugas_foto", args=[petugas.pk])).status_code
        == 403
    )
