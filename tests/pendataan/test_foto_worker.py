"""Photo processing through the real Redis broker and real Celery worker processes.

Runs when REDIS_URL is set and the database is PostgreSQL: the worker is
another process, so it must share the test database (an in-memory SQLite
cannot be shared). It is started with DATABASE_URL pointing at pytest-django's
test database and MEDIA_ROOT at this test's media folder.

- the broker is down when the visit is saved: the photo waits (MENUNGGU), and
  the periodic task sends it again once a worker is there;
- the worker dies in the middle of a photo (SIGKILL): the unacknowledged task
  comes back and the photo is processed once.
"""

import datetime
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from config.celery_app import app
from pendataan.foto import foto_terima
from pendataan.models import FotoKunjungan, JenisFoto, StatusFoto
from pendataan.tasks import proses_foto_tertunda
from tests.pendataan.test_foto import (
    berkas_gambar,
    buat_keluarga,
    buat_kunjungan,
    exif_ponsel,
    gambar_rumah,
)

ROOT = Path(__file__).resolve().parent.parent.parent
BROKER_MATI = "redis://127.0.0.1:1/0"  # nothing listens on port 1
VISIBILITY_TIMEOUT = 5

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can share (PostgreSQL)")


def _database_url() -> str:
    """DATABASE_URL of the test database this test runs in (test_<name>)."""
    db = connection.settings_dict
    pengguna = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        pengguna += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{pengguna}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """A `celery worker` process whose log lines are collected as they come."""

    def __init__(self, *opsi: str, env: dict[str, str] | None = None) -> None:
        self.nama = f"foto-{uuid.uuid4().hex[:8]}@localhost"
        self.baris: list[str] = []
        self._baru: queue.Queue[str] = queue.Queue()
        self.proses = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                self.nama,
                *opsi,
            ],
            cwd=ROOT,
            env={
                **os.environ,
                # The local settings read MEDIA_ROOT from the environment (the test
                # settings pin it), so the worker finds the files this test stored.
                "DJANGO_SETTINGS_MODULE": "config.settings.local",
                "DEBUG": "false",
                "DATABASE_URL": _database_url(),
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "PYTHONUNBUFFERED": "1",
                **(env or {}),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._baca, daemon=True).start()

    def _baca(self) -> None:
        for baris in self.proses.stdout:
            self.baris.append(baris)
            self._baru.put(baris)

    def tunggu_baris(self, teks: str, timeout: float = 60) -> str:
        batas = time.monotonic() + timeout
        while time.monotonic() < batas:
            try:
                baris = self._baru.get(timeout=0.2)
            except queue.Empty:
                if self.proses.poll() is not None:
                    break
                continue
            if teks in baris:
                return baris
        raise AssertionError(f"no {teks!r} in the worker's log:\n{''.join(self.baris)}")

    def siap(self) -> "Worker":
        self.tunggu_baris(" ready.")
        return self

    def hitung(self, teks: str) -> int:
        return sum(teks in baris for baris in self.baris)

    def berhenti(self) -> None:
        if self.proses.poll() is None:
            self.proses.terminate()
            try:
                self.proses.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proses.kill()
                self.proses.wait()


@pytest.fixture
def mulai_worker():
    dimulai: list[Worker] = []

    def mulai(*opsi: str, env: dict[str, str] | None = None) -> Worker:
        worker = Worker(*opsi, env=env)
        dimulai.append(worker)
        return worker.siap()

    yield mulai
    for worker in dimulai:
        worker.berhenti()


@pytest.fixture
def kunjungan(kota, akun):
    return buat_kunjungan(buat_keluarga(kota.rw_simpangbaru_1), akun.petugas.petugas)


def _reset_koneksi_broker() -> None:
    # The app keeps a pool of broker connections for the URL it first used.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_mati():
    asli = app.conf.broker_url
    app.conf.broker_url = BROKER_MATI
    _reset_koneksi_broker()
    try:
        yield
    finally:
        app.conf.broker_url = asli
        _reset_koneksi_broker()


def _terima(kunjungan, data: bytes) -> FotoKunjungan:
    foto, dibuat = foto_terima(
        kunjungan=kunjungan,
        foto_uuid=uuid.uuid4(),
        jenis=JenisFoto.RUMAH,
        berkas=SimpleUploadedFile("rumah.jpg", data, content_type="image/jpeg"),
    )
    assert dibuat
    return foto


def _tunggu_status(foto: FotoKunjungan, status: str, timeout: float) -> FotoKunjungan:
    batas = time.monotonic() + timeout
    while time.monotonic() < batas:
        foto.refresh_from_db()
        if foto.status == status:
            return foto
        time.sleep(0.2)
    raise AssertionError(f"photo {foto.pk} is {foto.status}, not {status}, after {timeout} s")


def _berkas_foto(foto: FotoKunjungan) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "private" / "kunjungan" / str(foto.kunjungan.uuid)
    return sorted(folder.iterdir())


def _foto_besar() -> bytes:
    """A 49-megapixel PNG (1 MB on disk) that takes the worker a second or two."""
    latar = Image.linear_gradient("L").resize((7000, 7000))
    lingkaran = Image.radial_gradient("L").resize((7000, 7000))
    gambar = Image.merge("RGB", [latar, lingkaran, latar.transpose(Image.Transpose.ROTATE_90)])
    return berkas_gambar(gambar, "PNG", compress_level=1)


def _sudah_selesai_sekali(foto: FotoKunjungan, *workers: Worker) -> None:
    assert foto.status == StatusFoto.SELESAI
    assert foto.diproses_at is not None
    # The original and one pair of derivatives: the killed run left nothing behind.
    nama = {Path(foto.asli.name).name, Path(foto.besar.name).name, Path(foto.kecil.name).name}
    assert {p.name for p in _berkas_foto(foto)} == nama
    assert sum(w.hitung(f"foto {foto.pk}: selesai") for w in workers) == 1


def _pid_pool(worker: Worker, foto: FotoKunjungan) -> int:
    """The pool process running the photo's task, as the worker reports it."""
    batas = time.monotonic() + 30
    while time.monotonic() < batas:
        aktif = app.control.inspect(destination=[worker.nama], timeout=1).active() or {}
        for tugas in aktif.get(worker.nama, []):
            if tugas["name"] == "pendataan.tasks.proses_foto" and tugas["args"] == [foto.pk]:
                return tugas["worker_pid"]
    raise AssertionError("the task never showed as active")


# ------------------------------------------------------------------- broker down


def test_a_photo_saved_while_the_broker_is_down_is_processed_later(kunjungan, mulai_worker, caplog):
    data = berkas_gambar(gambar_rumah((2400, 1800)), exif=exif_ponsel(orientasi=6))

    with broker_mati(), caplog.at_level(logging.WARNING, logger="pendataan.foto"):
        mulai = time.monotonic()
        foto = _terima(kunjungan, data)  # commits: the enqueue runs on commit and fails
        lama = time.monotonic() - mulai

    foto.refresh_from_db()
    assert foto.status == StatusFoto.MENUNGGU
    assert foto.asli.read() == data
    assert any("belum masuk antrean" in r.getMessage() for r in caplog.records)
    assert lama < 10  # the visit's request is not held up for long

    worker = mulai_worker("--pool=solo")
    # Beat sends the task every two minutes; the photo is older than the threshold by then.
    FotoKunjungan.objects.filter(pk=foto.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    proses_foto_tertunda.delay()

    foto = _tunggu_status(foto, StatusFoto.SELESAI, timeout=60)
    assert (foto.lebar, foto.tinggi) == (1800, 2400)
    assert foto.exif_kamera == "samsung SM-A155F"
    _sudah_selesai_sekali(foto, worker)


# ------------------------------------------------------------- worker killed


def test_a_photo_survives_the_whole_worker_being_killed(kunjungan, mulai_worker):
    """SIGKILL of the worker (as the OOM killer or a lost machine would): the task was not
    acknowledged (acks_late), so Redis hands it to the next worker after the visibility
    timeout (CELERY_VISIBILITY_TIMEOUT, set short for this worker)."""
    env = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    pertama = mulai_worker("--pool=solo", env=env)

    foto = _terima(kunjungan, _foto_besar())
    pertama.tunggu_baris(f"foto {foto.pk}: mulai diproses")
    diambil = time.monotonic()
    pertama.proses.send_signal(signal.SIGKILL)
    pertama.proses.wait(timeout=10)

    foto.refresh_from_db()
    assert foto.status == StatusFoto.MENUNGGU  # killed mid-photo
    assert len(_berkas_foto(foto)) == 1

    # A starting worker restores unacknowledged tasks older than the visibility timeout.
    time.sleep(max(0.0, diambil + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    kedua = mulai_worker("--pool=solo", env=env)

    foto = _tunggu_status(foto, StatusFoto.SELESAI, timeout=150)
    kedua.tunggu_baris(f"foto {foto.pk}: selesai")
    assert kedua.hitung(f"foto {foto.pk}: mulai diproses (percobaan 2)") == 1
    _sudah_selesai_sekali(foto, pertama, kedua)


def test_a_photo_survives_its_pool_process_being_killed(kunjungan, mulai_worker):
    """SIGKILL of the pool process running the task: the worker sees it lost and, with
    reject_on_worker_lost, puts the task straight back in the queue."""
    worker = mulai_worker("--pool=prefork", "--concurrency=1")

    foto = _terima(kunjungan, _foto_besar())
    worker.tunggu_baris(f"foto {foto.pk}: mulai diproses")
    pid = _pid_pool(worker, foto)
    os.kill(pid, signal.SIGKILL)

    foto.refresh_from_db()
    assert foto.status == StatusFoto.MENUNGGU  # killed mid-photo
    worker.tunggu_baris("WorkerLostError")

    foto = _tunggu_status(foto, StatusFoto.SELESAI, timeout=60)
    worker.tunggu_baris(f"foto {foto.pk}: selesai")
    assert worker.hitung(f"foto {foto.pk}: mulai diproses (percobaan 2)") == 1
    _sudah_selesai_sekali(foto, worker)
