"""Backup and restore (PostgreSQL): back up, restore into an empty database and an empty
media folder, and the counts and a photo's bytes are the same."""

from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pendataan.models import AnggotaKeluarga, FotoKunjungan, JenisFoto, Keluarga, StatusKunjungan
from tests.pendataan.test_foto_retensi import _foto, _kunjungan

postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _sambung(db: dict, nama: str, **opsi):
    return psycopg.connect(
        dbname=nama,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        **opsi,
    )


def _admin(db: dict):
    return _sambung(db, "postgres", autocommit=True)


def _hitung(db: dict, nama: str) -> dict[str, int]:
    hasil = {}
    with _sambung(db, nama) as conn:
        for m in (Keluarga, AnggotaKeluarga, FotoKunjungan):
            sql = f'SELECT count(*) FROM "{m._meta.db_table}"'  # noqa: S608 (a model's table)
            hasil[m._meta.db_table] = conn.execute(sql).fetchone()[0]
    return hasil


@postgres
@pytest.mark.django_db(transaction=True)  # pg_dump sees only what is committed
def test_a_backup_restores_into_an_empty_database_with_the_same_rows_and_photo(
    akun, keluarga, tmp_path, settings, monkeypatch
):
    kunjungan = _kunjungan(akun, keluarga, StatusKunjungan.DIKIRIM, None)
    foto = _foto(kunjungan, JenisFoto.KTP)
    asli = Path(settings.MEDIA_ROOT, foto.besar.name).read_bytes()
    db = dict(connection.settings_dict)
    sebelum = _hitung(db, db["NAME"])

    call_command("cadangkan", str(tmp_path / "cadangan"))
    (folder,) = (tmp_path / "cadangan").iterdir()
    assert {p.name for p in folder.iterdir()} == {"basisdata.dump", "media.tar.gz", "manifest.json"}

    pulih = f"{db['NAME']}_pulih"
    with _admin(db) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{pulih}"')
        admin.execute(f'CREATE DATABASE "{pulih}"')
    media_baru = tmp_path / "media-pulih"
    try:
        with pytest.raises(CommandError, match="--ya"):
            call_command("pulihkan", str(folder))
        settings.MEDIA_ROOT = str(media_baru)
        monkeypatch.setitem(connection.settings_dict, "NAME", pulih)
        call_command("pulihkan", str(folder), "--ya")
        monkeypatch.setitem(connection.settings_dict, "NAME", db["NAME"])
        connection.close()
        assert _hitung(db, pulih) == sebelum
        assert sebelum[FotoKunjungan._meta.db_table] == 1
        assert (media_baru / foto.besar.name).read_bytes() == asli
    finally:
        connection.close()
        with _admin(db) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{pulih}" WITH (FORCE)')


@postgres
def test_a_damaged_backup_is_refused_before_anything_changes(db, tmp_path):
    folder = tmp_path / "cadangan-rusak"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"sha256": {"basisdata.dump": "00"}}')
    (folder / "basisdata.dump").write_bytes(b"bukan")
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("pulihkan", str(folder), "--ya")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's own refusal")
def test_on_sqlite_it_says_it_is_for_postgresql(db, tmp_path):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("cadangkan", str(tmp_path))
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("pulihkan", str(tmp_path), "--ya")


def _cadangan_palsu(folder: Path, *, dengan_media: bool) -> Path:
    """A backup folder whose files match their manifest (the restore checks them first)."""
    import hashlib
    import json

    folder.mkdir()
    berkas = {"basisdata.dump": b"dump"} | ({"media.tar.gz": b"tar"} if dengan_media else {})
    for nama, isi in berkas.items():
        (folder / nama).write_bytes(isi)
    sidik = {n: hashlib.sha256(i).hexdigest() for n, i in berkas.items()}
    (folder / "manifest.json").write_text(json.dumps({"sha256": sidik}))
    return folder


def test_media_in_a_bucket_and_a_backup_with_media_folder_do_not_mix(tmp_path, monkeypatch):
    """With the media in a bucket a backup holds the database only: restoring one that
    holds a media folder (or the reverse) is refused before pg_restore runs, since the
    restored rows would point to photos that are not where they look."""
    from audit import cadangan

    jalan = []
    monkeypatch.setattr(cadangan, "_jalankan", lambda perintah, env: jalan.append(perintah))
    monkeypatch.setattr(cadangan, "_env_pg", lambda db: {})
    db = {"NAME": "x", "HOST": "", "PORT": "", "USER": "", "PASSWORD": ""}
    dengan = _cadangan_palsu(tmp_path / "dengan", dengan_media=True)
    tanpa = _cadangan_palsu(tmp_path / "tanpa", dengan_media=False)
    with pytest.raises(cadangan.CadanganGagal, match="bucket S3"):
        cadangan.pulihkan(db=db, media_root=None, sumber=dengan)
    with pytest.raises(cadangan.CadanganGagal, match="MEDIA_S3_BUCKET"):
        cadangan.pulihkan(db=db, media_root=tmp_path / "media", sumber=tanpa)
    assert jalan == []
    cadangan.pulihkan(db=db, media_root=None, sumber=tanpa)  # the database only
    assert [p[0] for p in jalan] == ["pg_restore"]
    assert not (tmp_path / "media").exists()
