"""Visit photos in an S3-compatible bucket (a real SeaweedFS, tests/seaweedfs.py).

- in this process: a KK photo sent from the phone lands in the bucket, is
  processed there and served by the portal to the roles that may see it, with the
  headers it has on the disk (no-store);
- across processes (a house photo): this test is the web process and a real Celery worker is
  another, each with a MEDIA_ROOT of its own that stays empty. They share only
  the bucket (and PostgreSQL and Redis), as on two machines.
"""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pendataan.demo import foto_kamera_jpeg
from pendataan.models import FotoKunjungan, Kunjungan, StatusFoto
from tests.pendataan.conftest import data_kunjungan
from tests.pendataan.test_foto_worker import _tunggu_status, mulai_worker  # noqa: F401
from tests.pendataan.test_kunjungan import kirim
from tests.seaweedfs import perlu_s3, worker_di_bucket

pytestmark = perlu_s3


def _kunjungan_dengan_foto(client, keluarga, jenis: str = "kk") -> tuple[Kunjungan, str]:
    """A visit sent as the phone sends it, announcing one photo; (visit, photo's uuid)."""
    foto_uuid = str(uuid.uuid4())
    response = kirim(
        client, keluarga, data_kunjungan(keluarga, foto=[{"uuid": foto_uuid, "jenis": jenis}])
    )
    assert response.status_code == 201, response.content
    return Kunjungan.objects.get(uuid=response.json()["uuid"]), foto_uuid


def _unggah(client, kunjungan: Kunjungan, foto_uuid: str, jenis: str = "kk"):
    berkas = SimpleUploadedFile("kk.jpg", foto_kamera_jpeg(ukuran=(1200, 800)), "image/jpeg")
    url = reverse("pendataan:kunjungan_foto_unggah", args=[kunjungan.uuid])
    return client.post(url, {"foto_uuid": foto_uuid, "jenis": jenis, "foto": berkas})


# as from the disk: a KK or KTP is never kept in a browser's cache
CACHE = {"kk": "private, no-store", "rumah": "private, max-age=600"}


def _disajikan_dari_bucket(foto: FotoKunjungan, media_s3, akun, client_for) -> None:
    isi = media_s3.isi()
    assert set(isi) == {foto.asli.name, foto.besar.name, foto.kecil.name}
    for ukuran in ("besar", "kecil"):
        url = reverse("pendataan:foto", args=[foto.pk, ukuran])
        response = client_for(akun.admin_binawidya).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == CACHE[foto.jenis]
        assert b"".join(response.streaming_content) == isi[getattr(foto, ukuran).name]
        assert client_for(akun.admin_sail).get(url).status_code == 404
        assert client_for(akun.pimpinan).get(url).status_code == 403
    asli = reverse("pendataan:foto", args=[foto.pk, "asli"])
    assert client_for(akun.petugas).get(asli).status_code == 404, "the original is never served"


def test_a_kk_photo_is_stored_processed_and_served_from_the_bucket(
    media_s3, akun, keluarga, client_for, tugas_di_proses_ini, django_capture_on_commit_callbacks
):
    client = client_for(akun.petugas)
    kunjungan, foto_uuid = _kunjungan_dengan_foto(client, keluarga)

    with django_capture_on_commit_callbacks(execute=True):
        response = _unggah(client, kunjungan, foto_uuid)

    assert response.status_code in (200, 201), response.content
    foto = FotoKunjungan.objects.get(foto_uuid=foto_uuid)
    assert foto.status == StatusFoto.SELESAI, foto.pesan
    assert foto.asli.name.startswith(f"private/kunjungan/{kunjungan.uuid}/")
    _disajikan_dari_bucket(foto, media_s3, akun, client_for)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_web_and_a_worker_process_share_only_the_bucket(
    media_s3,
    akun,
    keluarga,
    client_for,
    mulai_worker,  # noqa: F811
    tmp_path,
):
    worker, disk_worker = worker_di_bucket(mulai_worker, media_s3, tmp_path)
    client = client_for(akun.petugas)
    kunjungan, foto_uuid = _kunjungan_dengan_foto(client, keluarga, jenis="rumah")

    response = _unggah(client, kunjungan, foto_uuid, jenis="rumah")

    assert response.status_code in (200, 201), response.content
    foto = _tunggu_status(FotoKunjungan.objects.get(foto_uuid=foto_uuid), StatusFoto.SELESAI, 60)
    assert worker.hitung(f"foto {foto.pk}: selesai") == 1
    _disajikan_dari_bucket(foto, media_s3, akun, client_for)
    assert not any(disk_worker.iterdir()), "the worker wrote to its own disk"
