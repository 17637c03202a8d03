"""Photo processing through the real Redis broker and real Celery worker processes.

Runs when REDIS_URL is set and the database is PostgreSQL: the worker is
another process, so it must share the test database (an in-memory SQLite
cannot be shared). It is started with DATABASE_URL pointing at pytest-django's
test database and MEDIA_ROOT at this test's media folder.

- the broker is down when the visit is saved: the photo waits (MENUNGGU), and
  the periodic task sends it again once a worker is there;
- the broker (a Redis this test starts and stops) goes away while visits are
  saved and comes back: without beat, the worker sends the waiting photos when
  it reconnects, and each is processed once within 30 s;
- the whole worker is killed (SIGKILL) in the middle of a photo and started
  again: without beat and with Redis's visibility timeout of an hour, every
  photo is done once within 30 s of the start;
- a pool process dies in the middle of a photo: reject_on_worker_lost hands
  the task straight back.

The seconds measured are printed at the end of the run (tests/conftest.py).
"""

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
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from config.celery_app import app
from pendataan.foto import foto_terima
from pendataan.models import FotoKunjungan, JenisFoto, StatusFoto
from tests.pendataan.test_foto import (
    berkas_gambar,
    buat_keluarga,
    buat_kunjungan,
    exif_ponsel,
    gambar_rumah,
)

ROOT = Path(__file__).resolve().parent.parent.parent
PORT_REDIS_SENDIRI = 6391
# Seconds from the worker's or the broker's return to every photo done (issue 10, point 5).
BATAS_PULIH = 30

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
        self.mulai = time.monotonic()
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
            # its own process group, to kill it with its pool processes as a container dies
            start_new_session=True,
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

    def bunuh(self) -> None:
        """SIGKILL to the worker and its pool processes at once (OOM killer, `docker kill`)."""
        os.killpg(self.proses.pid, signal.SIGKILL)
        self.proses.wait(timeout=10)

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
def broker(url: str):
    """This process (the web side) sends its tasks to the broker at `url`."""
    asli = app.conf.broker_url
    app.conf.broker_url = url
    _reset_koneksi_broker()
    try:
        yield
    finally:
        app.conf.broker_url = asli
        _reset_koneksi_broker()


class RedisSendiri:
    """A redis-server of this test's own, to stop and start: the broker of the worker and of
    this process. Without persistence, so it comes back empty, as a replaced broker would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.url = f"redis://127.0.0.1:{PORT_REDIS_SENDIRI}/11"
        self.proses: subprocess.Popen | None = None

    def mulai(self) -> None:
        self.proses = subprocess.Popen(
            ["redis-server", "--port", str(PORT_REDIS_SENDIRI), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        klien = redis.Redis(port=PORT_REDIS_SENDIRI, socket_connect_timeout=1)
        batas = time.monotonic() + 10
        while True:
            try:
                klien.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > batas or self.proses.poll() is not None:
                    raise
                time.sleep(0.05)

    def berhenti(self) -> None:
        if self.proses is not None and self.proses.poll() is None:
            self.proses.terminate()
            self.proses.wait(timeout=10)


@pytest.fixture
def redis_sendiri(tmp_path):
    sendiri = RedisSendiri(tmp_path)
    sendiri.mulai()
    yield sendiri
    sendiri.berhenti()


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
    """A progressive 41-megapixel JPEG of noise (11 MB, within the caps of
    pendataan/foto/dekode.py) that takes the worker over a second: long enough to be
    killed mid-photo."""
    lebar, tinggi = 7400, 5500
    derau = Image.effect_noise((lebar // 4, tinggi // 4), 64).resize((lebar, tinggi))
    lingkaran = Image.radial_gradient("L").resize((lebar, tinggi))
    balik = derau.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    gambar = Image.merge("RGB", [derau, lingkaran, balik])
    return berkas_gambar(gambar, "JPEG", progressive=True, quality=85)


def _sudah_selesai_sekali(foto: FotoKunjungan, *workers: Worker) -> None:
    assert foto.status == StatusFoto.SELESAI
    assert foto.diproses_at is not None
    # The original and one pair of derivatives: the killed run left nothing behind.
    nama = {Path(foto.asli.name).name, Path(foto.besar.name).name, Path(foto.kecil.name).name}
    assert {p.name for p in _berkas_foto(foto)} == nama
    assert sum(w.hitung(f"foto {foto.pk}: selesai") for w in workers) == 1


def _tunggu_semua_selesai(fotos: list[FotoKunjungan], *, sejak: float) -> float:
    """Seconds from `sejak` until every photo is SELESAI; fails past BATAS_PULIH."""
    pks = [foto.pk for foto in fotos]
    while True:
        selesai = FotoKunjungan.objects.filter(pk__in=pks, status=StatusFoto.SELESAI).count()
        lama = time.monotonic() - sejak
        if selesai == len(pks):
            return lama
        if lama > BATAS_PULIH:
            raise AssertionError(f"{selesai} of {len(pks)} photos done after {lama:.1f} s")
        time.sleep(0.1)


def _selesai_sekali_masing_masing(fotos: list[FotoKunjungan], *workers: Worker) -> None:
    """Each photo was finished by exactly one run, and left one pair of derivatives."""
    for foto in fotos:
        foto.refresh_from_db()
        assert foto.status == StatusFoto.SELESAI
        assert sum(w.hitung(f"foto {foto.pk}: selesai") for w in workers) == 1
    assert len(_berkas_foto(fotos[0])) == 3 * len(fotos)  # original, besar, kecil


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


def test_photos_saved_while_the_broker_is_down_are_done_once_soon_after_it_returns(
    kunjungan, mulai_worker, redis_sendiri, caplog, record_property
):
    worker = mulai_worker("--pool=prefork", "--concurrency=1", env={"REDIS_URL": redis_sendiri.url})
    redis_sendiri.berhenti()
    worker.tunggu_baris("Connection to broker lost")

    data = berkas_gambar(gambar_rumah((2400, 1800)), exif=exif_ponsel(orientasi=6))
    lama_simpan = []
    with broker(redis_sendiri.url), caplog.at_level(logging.WARNING, logger="pendataan.foto"):
        fotos = []
        for _ in range(3):
            mulai = time.monotonic()
            fotos.append(_terima(kunjungan, data))  # commits: the enqueue fails on commit
            lama_simpan.append(time.monotonic() - mulai)
    assert set(FotoKunjungan.objects.values_list("status", flat=True)) == {StatusFoto.MENUNGGU}
    assert sum("belum masuk antrean" in r.getMessage() for r in caplog.records) == 3
    assert max(lama_simpan) < 5  # the officer's request is not held up for long

    kembali = time.monotonic()
    redis_sendiri.mulai()
    lama = _tunggu_semua_selesai(fotos, sejak=kembali)

    record_property("angka: broker kembali -> 3 foto selesai (detik)", round(lama, 1))
    record_property(
        "angka: menyimpan foto saat broker mati (detik, maks)", round(max(lama_simpan), 2)
    )
    _selesai_sekali_masing_masing(fotos, worker)
    for foto in fotos:
        assert worker.hitung(f"foto {foto.pk}: mulai diproses") == 1
    assert (fotos[0].lebar, fotos[0].tinggi) == (1800, 2400)
    assert fotos[0].exif_kamera == "samsung SM-A155F"


# ------------------------------------------------------------- worker killed


def test_photos_of_a_killed_worker_are_done_once_soon_after_it_starts_again(
    kunjungan, mulai_worker, record_property
):
    """SIGKILL of the worker with its pool (the OOM killer, a container killed): the photo it
    had taken stays unacknowledged in Redis for the visibility timeout (an hour), and nobody
    is left to reject it; the worker sends the waiting photos again when it starts."""
    opsi = ("--pool=prefork", "--concurrency=1")
    pertama = mulai_worker(*opsi)
    besar = _terima(kunjungan, _foto_besar())
    kecil = [_terima(kunjungan, berkas_gambar(gambar_rumah((1600, 1200)))) for _ in range(3)]
    pertama.tunggu_baris(f"foto {besar.pk}: mulai diproses")
    pertama.bunuh()
    assert set(FotoKunjungan.objects.values_list("status", flat=True)) == {StatusFoto.MENUNGGU}

    kedua = mulai_worker(*opsi)
    lama = _tunggu_semua_selesai([besar, *kecil], sejak=kedua.mulai)

    record_property("angka: worker dimulai lagi -> 4 foto selesai (detik)", round(lama, 1))
    _selesai_sekali_masing_masing([besar, *kecil], pertama, kedua)
    assert kedua.hitung(f"foto {besar.pk}: mulai diproses (percobaan 2)") == 1
    for foto in kecil:
        assert pertama.hitung(f"foto {foto.pk}: mulai diproses") == 0
        assert kedua.hitung(f"foto {foto.pk}: mulai diproses") == 1
        # The copy the new worker sent finds it done, as would the original Redis hands
        # back after the visibility timeout.
        kedua.tunggu_baris(f"foto {foto.pk}: dilewati, sudah selesai", timeout=BATAS_PULIH)


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
