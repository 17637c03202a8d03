"""Upload temp files: in FILE_UPLOAD_TEMP_DIR, and removed by beat after an hour."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config.tasks import hapus_unggah_sementara
from config.unggah_sementara import unggah_sementara_hapus

ROOT = Path(__file__).resolve().parent.parent
JAM = 60 * 60


def berkas(path: Path, *, umur_detik: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8 foto rumah setengah terkirim")
    waktu = time.time() - umur_detik
    os.utime(path, (waktu, waktu))
    return path


@pytest.fixture
def folder(settings, tmp_path) -> Path:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "unggah")
    return tmp_path / "unggah"


def test_it_removes_the_files_older_than_an_hour_and_keeps_the_young(folder):
    tua = berkas(folder / "tmpa1b2c3.upload.jpg", umur_detik=JAM + 60)
    tua_tanpa_ekstensi = berkas(folder / "tmpd4e5f6.upload", umur_detik=3 * JAM)
    muda = berkas(folder / "tmpg7h8i9.upload.jpg", umur_detik=JAM - 60)
    assert unggah_sementara_hapus() == 2
    assert not tua.exists()
    assert not tua_tanpa_ekstensi.exists()
    assert muda.exists()


def test_it_never_touches_anything_outside_the_folder_or_not_an_upload(folder, tmp_path):
    di_luar = berkas(tmp_path / "lain" / "tmpzzz.upload.jpg", umur_detik=5 * JAM)
    bukan_unggahan = berkas(folder / "catatan.txt", umur_detik=5 * JAM)
    di_subfolder = berkas(folder / "sub.upload" / "tmpyyy.upload", umur_detik=5 * JAM)
    tautan = folder / "tmpxxx.upload.jpg"
    tautan.symlink_to(di_luar)
    os.utime(tautan, (time.time() - 5 * JAM,) * 2, follow_symlinks=False)
    assert unggah_sementara_hapus() == 0
    assert di_luar.exists()
    assert bukan_unggahan.exists()
    assert di_subfolder.exists()
    assert tautan.is_symlink()


def test_a_file_that_cannot_be_deleted_does_not_stop_the_rest(folder):
    if os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("needs root and chattr to make a file undeletable")
    tua = [berkas(folder / f"tmp{i}.upload.jpg", umur_detik=2 * JAM) for i in range(5)]
    terkunci = tua[2]
    if subprocess.run(["chattr", "+i", str(terkunci)], capture_output=True).returncode:
        pytest.skip("this file system has no immutable attribute")
    try:
        assert unggah_sementara_hapus() == 4
        assert terkunci.exists()
    finally:
        subprocess.run(["chattr", "-i", str(terkunci)], check=True)
    assert [p.exists() for p in tua] == [False, False, True, False, False]


def test_a_missing_folder_is_nothing_to_do(folder):
    assert not folder.exists()
    assert unggah_sementara_hapus() == 0


def test_beat_sends_the_clean_up_and_the_task_runs_it(folder, settings):
    jadwal = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "config.tasks.hapus_unggah_sementara" in jadwal
    tua = berkas(folder / "tmpa1.upload", umur_detik=2 * JAM)
    assert hapus_unggah_sementara.apply().get() == 1
    assert not tua.exists()


def test_django_spools_uploads_into_the_configured_folder_created_if_missing(tmp_path):
    folder = tmp_path / "belum" / "ada"
    kode = (
        "import django; django.setup()\n"
        "from django.core.files.uploadedfile import TemporaryUploadedFile\n"
        "f = TemporaryUploadedFile('rumah.jpg', 'image/jpeg', 0, None)\n"
        "print(f.temporary_file_path())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", kode],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "k3y-" * 12,
            "FILE_UPLOAD_TEMP_DIR": str(folder),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).parent == folder
    assert Path(result.stdout.strip()).name.endswith(".upload.jpg")
