"""Visit photos: receive the upload, process it in the worker, hand the derivatives to views.

The original (`asli`) is kept as uploaded, for audit, and never served. The
worker decodes it with Pillow (pillow-heif for HEIC) under size limits, reads
the capture time, GPS point and camera from EXIF, and writes two JPEG
derivatives without any metadata (`besar`, 1600 px, and `kecil`, 320 px) and
the perceptual hash that tells when one picture is passed off for two houses.

`proses_gambar` is the pure core (bytes in, result out), so it can be
benchmarked and tested without a database.

    terima.py  the upload (web process), the enqueue and beat's re-enqueue
    dekode.py  opening and decoding within a memory bound (caps per format)
    gambar.py  proses_gambar: decode under limits, derivatives, hash (no database)
    exif.py    capture time, GPS point and camera from EXIF
    proses.py  foto_proses: the worker's run, its outcome stored once
    saji.py    foto_bytes: a derivative for the views
"""

from pendataan.foto.dekode import MAKS_PIKSEL, GambarTidakSah
from pendataan.foto.gambar import HasilProses, proses_gambar
from pendataan.foto.proses import MAKS_PERCOBAAN, foto_proses
from pendataan.foto.saji import TIPE_KONTEN, UKURAN_SAJI, foto_bytes
from pendataan.foto.terima import (
    MAKS_BYTES,
    foto_antrekan_menunggu,
    foto_antrekan_tertunda,
    foto_terima,
)

__all__ = [
    "MAKS_BYTES",
    "MAKS_PERCOBAAN",
    "MAKS_PIKSEL",
    "TIPE_KONTEN",
    "UKURAN_SAJI",
    "GambarTidakSah",
    "HasilProses",
    "foto_antrekan_menunggu",
    "foto_antrekan_tertunda",
    "foto_bytes",
    "foto_proses",
    "foto_terima",
    "proses_gambar",
]
