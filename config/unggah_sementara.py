"""Upload temp files a killed or timed-out web worker left behind.

Django spools an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temp file
in FILE_UPLOAD_TEMP_DIR and deletes it when the request ends; a worker killed
mid-request never gets there, and the file (a household photo, a list of NIKs)
would stay for ever. Beat sends the clean-up every quarter of an hour. The age
is the file's last write, so an upload still being read (nginx hands over a body
it already holds, in seconds) is never an hour old.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

UMUR_MAKS_DETIK = 60 * 60
# Django names them tmpXXXX.upload(.ext); nothing else in the folder is touched,
# in case it is ever set to a folder other programs share.
PENANDA = ".upload"


def unggah_sementara_hapus(*, sekarang: float | None = None) -> int:
    """Delete the upload temp files older than an hour; returns how many went."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    batas = (time.time() if sekarang is None else sekarang) - UMUR_MAKS_DETIK
    jumlah = 0
    try:
        entri = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    for berkas in entri:
        # the folder's own files only: no symlink followed, no subfolder entered
        if PENANDA not in berkas.name or not berkas.is_file(follow_symlinks=False):
            continue
        try:
            if berkas.stat(follow_symlinks=False).st_mtime >= batas:
                continue
            os.unlink(berkas.path)
        except FileNotFoundError:  # its request ended meanwhile and removed it
            continue
        except OSError as exc:
            logger.warning("berkas unggahan sementara %s tidak terhapus (%s)", berkas.name, exc)
            continue
        jumlah += 1
    if jumlah:
        logger.info("%d berkas unggahan sementara lama dihapus", jumlah)
    return jumlah
