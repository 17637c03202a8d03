"""Serving: a derivative's bytes for the views, never the original."""

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
