"""Exports and uploaded lists in an S3-compatible bucket (a real SeaweedFS, tests/seaweedfs.py).

The same views and tasks as on the disk: the export is written to the bucket and
downloaded through the portal with the same headers, the recipient list is
uploaded to the bucket and read back by the import, retention deletes both from
the bucket. Nothing reaches MEDIA_ROOT (the media_s3 fixture checks it).
tests/test_media_s3.py has the export written by a worker process.
"""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from bansos.models import ImporPenerima, StatusImpor
from bansos.retensi import berkas_lama_hapus
from tests.bansos.test_ekspor import ekspor_jadi  # noqa: F401 (fixture)
from tests.bansos.test_impor_penerima import (  # noqa: F401 (fixtures)
    BARU,
    URL,
    csv_berkas,
    periode_blt,
    xlsx_berkas,
)
from tests.pendataan.conftest import keluarga, tugas_di_proses_ini  # noqa: F401 (fixtures)
from tests.seaweedfs import perlu_s3

pytestmark = perlu_s3

SETELAH_MASA_SIMPAN = datetime.timedelta(days=7, minutes=1)


def test_an_export_is_written_to_the_bucket_downloaded_and_deleted_when_old(
    media_s3,
    hasil_disetujui,
    akun,
    client_for,
    ekspor_jadi,  # noqa: F811
):
    ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)

    isi = media_s3.isi()
    assert list(isi) == [ekspor.berkas.name]
    assert ekspor.berkas.name.startswith("private/ekspor-hasil/")
    url = reverse("bansos:ekspor_unduh", args=[ekspor.pk])
    response = client_for(akun.dinsos).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="hasil-verifikasi-')
    data = b"".join(response.streaming_content)
    assert data == isi[ekspor.berkas.name]
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + ekspor.baris_total
    assert client_for(akun.admin_sail).get(url).status_code == 404, "out of scope"
    assert client_for(akun.pimpinan).get(url).status_code == 403

    assert berkas_lama_hapus(sekarang=ekspor.selesai_at + SETELAH_MASA_SIMPAN) == (1, 0)

    assert media_s3.isi() == {}
    ekspor.refresh_from_db()
    assert not ekspor.berkas
    assert client_for(akun.dinsos).get(url).status_code == 404


def test_an_export_whose_object_is_gone_answers_404(
    media_s3,
    hasil_disetujui,
    akun,
    client_for,
    ekspor_jadi,  # noqa: F811
):
    ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    media_s3.server.klien().delete_object(Bucket=media_s3.bucket, Key=ekspor.berkas.name)

    response = client_for(akun.dinsos).get(reverse("bansos:ekspor_unduh", args=[ekspor.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("berkas", [csv_berkas, xlsx_berkas])
def test_an_uploaded_list_goes_to_the_bucket_is_imported_and_deleted_when_old(
    berkas,
    media_s3,
    akun,
    client_for,
    periode_blt,  # noqa: F811
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = client_for(akun.dinsos)
    unggahan = berkas(BARU)
    data = unggahan.read()
    unggahan.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"periode": periode_blt.pk, "berkas": unggahan})
    impor = ImporPenerima.objects.get()
    assert response.status_code == 302

    assert impor.status == StatusImpor.SELESAI, impor.masalah
    assert impor.ringkasan["penerima_baru"] == 1
    isi = media_s3.isi()
    assert list(isi) == [impor.berkas.name]
    assert isi[impor.berkas.name] == data

    assert berkas_lama_hapus(sekarang=impor.selesai_at + SETELAH_MASA_SIMPAN) == (0, 1)

    assert media_s3.isi() == {}
    impor.refresh_from_db()
    assert not impor.berkas


def test_a_bucket_that_refuses_a_delete_is_tried_again_next_time(
    media_s3,
    hasil_disetujui,
    akun,
    ekspor_jadi,  # noqa: F811
    settings,
    caplog,
):
    ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    nanti = ekspor.selesai_at + SETELAH_MASA_SIMPAN
    salah = {**settings.STORAGES["default"]}
    salah["OPTIONS"] = {**salah["OPTIONS"], "secret_key": "bukan-kunci-ini"}
    settings.STORAGES = {**settings.STORAGES, "default": salah}

    assert berkas_lama_hapus(sekarang=nanti) == (0, 0)

    assert "berkas tidak terhapus (ClientError)" in caplog.text
    ekspor.refresh_from_db()
    assert ekspor.berkas, "the record still points to the file it could not delete"
    settings.STORAGES = {**settings.STORAGES, "default": media_s3.server.storage(media_s3.bucket)}
    assert berkas_lama_hapus(sekarang=nanti) == (1, 0)
    assert media_s3.isi() == {}
