"""Backing up and restoring the portal: the PostgreSQL database (pg_dump, custom format)
and the media folder (photos, ID-card photos, kept lists) into one folder.

A backup folder holds `basisdata.dump`, `media.tar.gz` and `manifest.json` (when, from
which database, and the SHA-256 of both files, checked before a restore). The password
goes to pg_dump/pg_restore through the environment, never on the command line.
SQLite (the embedded default) is not handled: stop the portal and copy the database
file and the media folder instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.utils import timezone

DUMP = "basisdata.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class CadanganGagal(Exception):
    """What went wrong, in Indonesian, for the command to print."""


def _env_pg(db: dict) -> dict[str, str]:
    if db.get("ENGINE") != "django.db.backends.postgresql":
        raise CadanganGagal(
            "Cadangan dan pemulihan ini untuk PostgreSQL. Pada SQLite, hentikan portal lalu "
            "salin berkas basis data dan folder media."
        )
    env = dict(os.environ)
    for kunci, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(kunci):
            env[var] = str(db[kunci])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _jalankan(perintah: list[str], env: dict[str, str]) -> None:
    hasil = subprocess.run(perintah, env=env, capture_output=True, text=True, check=False)
    if hasil.returncode != 0:
        raise CadanganGagal(f"{perintah[0]} gagal: {hasil.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for potong in iter(lambda: f.read(1 << 20), b""):
            h.update(potong)
    return h.hexdigest()


def cadangkan(*, db: dict, media_root: Path | None, tujuan: Path) -> Path:
    """Write a new backup folder under `tujuan`; returns it. `media_root` None: the media
    lives in a bucket (MEDIA_S3_BUCKET), which its provider's versioning or replication
    keeps; the backup holds the database only, and its manifest says so."""
    env = _env_pg(db)
    folder = tujuan / f"cadangan-{timezone.now():%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True, exist_ok=False)
    dump = folder / DUMP
    _jalankan(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", db["NAME"]], env)
    sidik = {DUMP: _sha256(dump)}
    if media_root is not None:
        with tarfile.open(folder / MEDIA, "w:gz") as tar:
            if media_root.is_dir():
                tar.add(media_root, arcname=".")
        sidik[MEDIA] = _sha256(folder / MEDIA)
    manifest = {
        "dibuat_at": timezone.now().isoformat(),
        "basisdata": db["NAME"],
        "media": "folder" if media_root is not None else "bucket",
        "sha256": sidik,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def periksa(folder: Path) -> dict:
    """The backup's manifest, once both files match their SHA-256."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise CadanganGagal(f"{folder} bukan folder cadangan: {MANIFEST} tidak terbaca.") from exc
    for nama, sidik in manifest.get("sha256", {}).items():
        if not (folder / nama).is_file() or _sha256(folder / nama) != sidik:
            raise CadanganGagal(f"{nama} rusak atau hilang: SHA-256 tidak cocok.")
    return manifest


def pulihkan(*, db: dict, media_root: Path | None, sumber: Path) -> dict:
    """Restore a backup folder into the database `db` and `media_root`, replacing what
    they hold. The database must exist (an empty one is fine). `media_root` None (media
    in a bucket): the database only; a backup that holds media is then refused, since
    its files would not reach the bucket the restored rows point to."""
    env = _env_pg(db)
    manifest = periksa(sumber)
    ada_media = MEDIA in manifest.get("sha256", {})
    if media_root is None and ada_media:
        raise CadanganGagal(
            "Cadangan ini berisi folder media, tetapi media portal ada di bucket S3 "
            "(MEDIA_S3_BUCKET). Salin dulu isi media.tar.gz ke bucket, atau pulihkan "
            "tanpa MEDIA_S3_BUCKET."
        )
    if media_root is not None and not ada_media:
        raise CadanganGagal(
            "Cadangan ini tanpa media (media waktu itu ada di bucket S3): atur "
            "MEDIA_S3_BUCKET ke bucket itu sebelum memulihkan."
        )
    _jalankan(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={db['NAME']}",
            str(sumber / DUMP),
        ],
        env,
    )
    if media_root is None:
        return manifest
    media_root.mkdir(parents=True, exist_ok=True)
    for isi in media_root.iterdir():
        shutil.rmtree(isi) if isi.is_dir() and not isi.is_symlink() else isi.unlink()
    with tarfile.open(sumber / MEDIA, "r:gz") as tar:
        tar.extractall(media_root, filter="data")  # no absolute paths, links out, devices
    return manifest
