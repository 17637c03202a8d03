"""An export written by a real worker process and downloaded from this (web) process,
which share only the bucket (a real SeaweedFS, tests/seaweedfs.py) besides PostgreSQL
and Redis, as on two machines.

Here at the top of tests/ rather than in tests/bansos/: pytest-django runs the
transactional tests last, in file order, and each empties the database when it
ends; from here it runs after the browser tests, whose demo needs the programs a
data migration made.
"""

import importlib
import time

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from bansos.ekspor import ekspor_mulai
from bansos.models import EksporHasil, StatusEkspor
from tests.bansos.conftest import hasil_disetujui  # noqa: F401 (fixture)
from tests.pendataan.conftest import keluarga, keluarga_sail  # noqa: F401 (fixtures)
from tests.pendataan.test_foto_worker import mulai_worker  # noqa: F401 (fixture)
from tests.seaweedfs import perlu_s3, worker_di_bucket

pytestmark = perlu_s3


@pytest.fixture
def program_awal(transactional_db):
    """The programs a data migration made, again: another transactional test's flush
    may have emptied the table."""
    migrasi = importlib.import_module("bansos.migrations.0002_program_awal")
    migrasi.tambah(django_apps, None)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_export_written_by_a_worker_process_is_downloaded_from_the_web_process(
    program_awal,
    media_s3,
    hasil_disetujui,  # noqa: F811
    akun,
    client_for,
    mulai_worker,  # noqa: F811
    tmp_path,
):
    _, disk_worker = worker_di_bucket(mulai_worker, media_s3, tmp_path)

    ekspor, _ = ekspor_mulai(periode=hasil_disetujui.periode, kecamatan=None, oleh=akun.dinsos)

    batas = time.monotonic() + 60
    while ekspor.status != StatusEkspor.SELESAI and time.monotonic() < batas:
        time.sleep(0.2)
        ekspor = EksporHasil.objects.get(pk=ekspor.pk)
    assert ekspor.status == StatusEkspor.SELESAI, ekspor.pesan
    response = client_for(akun.dinsos).get(reverse("bansos:ekspor_unduh", args=[ekspor.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == media_s3.isi()[ekspor.berkas.name]
    assert not any(disk_worker.iterdir()), "the worker wrote to its own disk"
