"""Serving: a derivative's bytes for the views, never the original.

From the disk or from the bucket (MEDIA_S3_BUCKET) alike: the storage's file is
streamed by the view, never a bucket URL, so the permission check and the
headers stay the only way to a KK or KTP photo.
"""

from __future__ import annotations

from django.core.files.base import File

from pendataan.models import FotoKunjungan, StatusFoto

UKURAN_SAJI = ("besar", "kecil")
TIPE_KONTEN = "image/jpeg"


def foto_bytes(*, foto: FotoKunjungan, ukuran: str) -> File | None:
    """A derivative's JPEG (TIPE_KONTEN), opened for reading, or None while it has none.

    The caller has already checked access (`foto_for(user)`) and closes the
    file (FileResponse does). The original is never served: `ukuran` is
    "besar" or "kecil".
    """
    if ukuran not in UKURAN_SAJI:
        raise ValueError(f"ukuran {ukuran!r} bukan salah satu dari {UKURAN_SAJI}")
    berkas = getattr(foto, ukuran)
    if foto.status != StatusFoto.SELESAI or not berkas:
        return None
    return berkas.storage.open(berkas.name, "rb")
