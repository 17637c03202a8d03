"""Benchmark: the worker's processing of a 12-megapixel phone photo, next to bare Pillow.

    .venv/bin/python benchmarks/foto.py

Makes a 4000 x 3000 JPEG like a phone's (smooth light, texture and noise, so
it compresses like a photo: about 4 MB; EXIF with orientation, time, GPS and
camera), then times, median of 5 runs each:

- the portal: `pendataan.foto.proses_gambar`, the pure core of the worker's
  `foto_proses` (verify, EXIF, upright, 1600 px and 320 px JPEGs without
  metadata, perceptual hash); the database and storage writes around it are
  two small inserts and two small files;
- bare Pillow: open, resize to 1600 px (`thumbnail`), save as JPEG;
- Pillow with `draft`: the same, decoding the JPEG at reduced scale.

Each runs in its own fresh process, so the peak memory (RSS) printed is its
own, next to that of a process that only reads the file. Target: the portal
at most 1.3 times bare Pillow.
"""

import io
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEBAR, TINGGI = 4000, 3000
SISI = 1600
KUALITAS = 82
ULANG = 5


def buat_foto() -> bytes:
    import numpy as np
    from PIL import ExifTags, Image
    from PIL.TiffImagePlugin import IFDRational

    rng = np.random.default_rng(2025)
    y, x = np.mgrid[0:TINGGI, 0:LEBAR].astype(np.float32)
    dasar = np.stack(
        [
            128 + 90 * np.sin(x / 310) * np.cos(y / 420),
            110 + 70 * np.sin((x + y) / 530),
            95 + 55 * np.cos(x / 190 - y / 370),
        ],
        axis=-1,
    )
    del x, y
    # Texture at a few scales (walls, leaves, roof tiles) and sensor noise.
    for skala, kuat in ((8, 18), (2, 10)):
        tekstur = rng.normal(0, kuat, (TINGGI // skala, LEBAR // skala, 3)).astype(np.float32)
        dasar += np.repeat(np.repeat(tekstur, skala, axis=0), skala, axis=1)
    dasar += rng.normal(0, 4, dasar.shape).astype(np.float32)
    gambar = Image.fromarray(np.clip(dasar, 0, 255).astype(np.uint8))
    del dasar

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "samsung"
    exif[ExifTags.Base.Model] = "SM-A155F"
    exif[ExifTags.Base.Orientation] = 6
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    ifd[ExifTags.Base.DateTimeOriginal] = "2025:03:14 09:30:00"
    ifd[ExifTags.Base.OffsetTimeOriginal] = "+07:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (IFDRational(0), IFDRational(30), IFDRational(2556, 100))
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (IFDRational(101), IFDRational(26), IFDRational(5208, 100))
    keluaran = io.BytesIO()
    gambar.save(keluaran, "JPEG", quality=92, exif=exif.tobytes())
    return keluaran.getvalue()


def pillow_polos(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as gambar:
        gambar.thumbnail((SISI, SISI), Image.Resampling.LANCZOS)
        keluaran = io.BytesIO()
        gambar.save(keluaran, "JPEG", quality=KUALITAS)
    return keluaran.getvalue()


def pillow_draft(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as gambar:
        gambar.draft("RGB", (SISI, SISI * gambar.height // gambar.width))
        gambar.thumbnail((SISI, SISI), Image.Resampling.LANCZOS)
        keluaran = io.BytesIO()
        gambar.save(keluaran, "JPEG", quality=KUALITAS)
    return keluaran.getvalue()


def portal(data: bytes) -> bytes:
    from pendataan.foto import proses_gambar

    return proses_gambar(data).besar


def _puncak_rss_mb() -> float:
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over.
    try:
        for baris in Path("/proc/self/status").read_text().splitlines():
            if baris.startswith("VmHWM:"):
                return int(baris.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ukur(nama: str, berkas: str, hasil: multiprocessing.Queue) -> None:
    """In a fresh process: time ULANG runs (after one warm-up) and report the peak RSS."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    import pendataan.foto  # noqa: F401  (imports, HEIC opener: not part of a photo's time)

    data = Path(berkas).read_bytes()
    fungsi = {"polos": pillow_polos, "draft": pillow_draft, "portal": portal, "kosong": None}[nama]
    waktu = []
    if fungsi is not None:
        fungsi(data)
        for _ in range(ULANG):
            mulai = time.perf_counter()
            fungsi(data)
            waktu.append(time.perf_counter() - mulai)
    hasil.put((waktu, _puncak_rss_mb()))


def ukur(nama: str, berkas: str) -> tuple[float, float]:
    ctx = multiprocessing.get_context("spawn")
    hasil = ctx.Queue()
    proses = ctx.Process(target=_ukur, args=(nama, berkas, hasil))
    proses.start()
    waktu, peak_mb = hasil.get(timeout=600)
    proses.join()
    return (statistics.median(waktu) if waktu else 0.0), peak_mb


def main() -> None:
    from PIL import Image

    mulai = time.perf_counter()
    data = buat_foto()
    with Image.open(io.BytesIO(data)) as gambar:
        ukuran = gambar.size
    print(
        f"photo: {ukuran[0]} x {ukuran[1]} JPEG, {len(data) / 1e6:.1f} MB, with EXIF "
        f"(made in {time.perf_counter() - mulai:.1f} s)"
    )
    with tempfile.TemporaryDirectory() as folder:
        berkas = str(Path(folder) / "foto.jpg")
        Path(berkas).write_bytes(data)
        _, rss_kosong = ukur("kosong", berkas)
        polos, rss_polos = ukur("polos", berkas)
        draft, rss_draft = ukur("draft", berkas)
        kita, rss_kita = ukur("portal", berkas)

    print(f"median of {ULANG} runs, each in a fresh process; peak RSS above an idle one:")
    baris = [
        ("bare Pillow: decode, resize to 1600, JPEG", polos, rss_polos),
        ("Pillow with draft: the same, reduced decode", draft, rss_draft),
        ("portal proses_gambar: both sizes, EXIF, hash", kita, rss_kita),
    ]
    for label, detik, rss in baris:
        print(f"  {label:<46} {detik * 1000:7.0f} ms   +{rss - rss_kosong:4.0f} MB")
    rasio = kita / polos
    print(f"ratio portal / bare Pillow: {rasio:.2f} (target <= 1.3)")
    print(f"ratio portal / Pillow with draft: {kita / draft:.2f}")
    if rasio > 1.3:
        sys.exit(1)


if __name__ == "__main__":
    main()
