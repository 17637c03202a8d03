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

Then the memory bound (issue 10): the worst files at each format's cap
(`pendataan.foto.dekode`), small on disk and huge once decoded, each
processed once in a fresh process: the worker's `proses_gambar`, and the ID
card's `_foto_olah` (web process) for the formats it takes. Printed: the
peak RSS (VmHWM), next to a process that only set Django up, and the 300 MB
limit of a worker child. `--memori` runs only this part.
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


def kartu(data: bytes) -> bytes:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from petugas.kartu import _foto_olah

    return _foto_olah(SimpleUploadedFile("foto", data))


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
    fungsi = {
        "polos": pillow_polos,
        "draft": pillow_draft,
        "portal": portal,
        "kartu": kartu,
        "kosong": None,
    }[nama]
    waktu = []
    if nama == "kartu" or (nama == "portal" and os.environ.get("FOTO_SEKALI")):
        try:
            fungsi(data)  # once: the peak of one hostile file, not a timing
        except Exception:  # noqa: BLE001  (a refusal is reported as such)
            waktu.append(-1.0)  # refused: reported as such
        else:
            waktu.append(0.0)
    elif fungsi is not None:
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


BATAS_MB = 300  # peak RSS of a worker child (issue 10)


def _sisi(piksel: int, rasio: float = 4 / 3) -> tuple[int, int]:
    """The largest width x height of this proportion within `piksel`."""
    lebar = int((piksel * rasio) ** 0.5)
    tinggi = int(lebar / rasio)
    while lebar * tinggi > piksel:
        tinggi -= 1
    return lebar, tinggi


def png_bom(ukuran: tuple[int, int], kedalaman: int, warna: int, saluran: int) -> bytes:
    """A PNG of zero rows written directly: kB on disk whatever it declares."""
    import struct
    import zlib

    lebar, tinggi = ukuran
    baris = b"\x00" * (1 + lebar * saluran * kedalaman // 8)
    kompres = zlib.compressobj(9)
    idat = b"".join(kompres.compress(baris) for _ in range(tinggi)) + kompres.flush()

    def potong(jenis: bytes, isi: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(jenis + isi) & 0xFFFFFFFF)
        return struct.pack(">I", len(isi)) + jenis + isi + crc

    ihdr = struct.pack(">IIBBBBB", lebar, tinggi, kedalaman, warna, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + potong(b"IHDR", ihdr) + potong(b"IDAT", idat) + potong(b"IEND", b"")
    )


def berkas_bom() -> list[tuple[str, bytes, bool]]:
    """(label, bytes, the ID card takes it too) for the worst file of each format at its cap."""
    from PIL import Image

    from pendataan.foto.dekode import MAKS_KOEFISIEN_BYTES, MAKS_PIKSEL_FORMAT

    def simpan(gambar: Image.Image, format_: str, **opsi) -> bytes:
        keluaran = io.BytesIO()
        gambar.save(keluaran, format_, **opsi)
        return keluaran.getvalue()

    hasil = []
    jpeg = _sisi(MAKS_PIKSEL_FORMAT["JPEG"])
    rata = Image.new("RGB", jpeg, (120, 130, 140))
    hasil.append(("JPEG baseline 4:2:0", simpan(rata, "JPEG"), True))
    del rata
    for label, mode, sampel, opsi in (
        ("JPEG progressive 4:2:0", "RGB", 1.5, {}),
        ("JPEG progressive 4:4:4", "RGB", 3, {"subsampling": 0}),
        ("JPEG progressive CMYK", "CMYK", 4, {}),
    ):
        ukuran = _sisi(min(MAKS_PIKSEL_FORMAT["JPEG"], int(MAKS_KOEFISIEN_BYTES / (2 * sampel))))
        gambar = Image.new(mode, ukuran)
        hasil.append((label, simpan(gambar, "JPEG", progressive=True, **opsi), True))
    hasil.append(("JPEG baseline CMYK", simpan(Image.new("CMYK", jpeg), "JPEG"), True))
    png = _sisi(MAKS_PIKSEL_FORMAT["PNG"])
    for label, kedalaman, warna, saluran in (
        ("PNG RGB 8-bit", 8, 2, 3),
        ("PNG RGBA 16-bit", 16, 6, 4),
        ("PNG grey 16-bit", 16, 0, 1),
        ("PNG palette", 8, 3, 1),
    ):
        data = png_bom(png, kedalaman, warna, saluran)
        hasil.append((label, data, True))
    webp = _sisi(MAKS_PIKSEL_FORMAT["WEBP"])
    rgba = Image.new("RGBA", webp, (120, 130, 140, 128))
    hasil.append(("WebP lossless RGBA", simpan(rgba, "WEBP", lossless=True), True))
    hasil.append(("WebP lossy", simpan(rgba.convert("RGB"), "WEBP", quality=50), True))
    bingkai = [Image.new("RGBA", webp, (i, 0, 0, 255)) for i in range(1, 20)]
    hasil.append(
        (
            "WebP animated, 20 frames",
            simpan(rgba, "WEBP", save_all=True, append_images=bingkai, lossless=True),
            True,
        )
    )
    hasil.append(
        (
            "PNG animated, 20 frames",
            simpan(rgba, "PNG", save_all=True, append_images=bingkai),
            True,
        )
    )
    del rgba, bingkai
    hasil.append(
        ("HEIC 8-bit, one image", buat_heic(_sisi(MAKS_PIKSEL_FORMAT["HEIF"]), grid=False), False)
    )
    hasil.append(
        (
            "HEIC 8-bit, 512 px grid (iPhone)",
            buat_heic(_sisi(MAKS_PIKSEL_FORMAT["HEIF"]), grid=True),
            False,
        )
    )
    return hasil


def buat_heic(ukuran: tuple[int, int], *, grid: bool) -> bytes:
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    pillow_heif.options.GRID_TILE_SIZE = 512 if grid else 0
    try:
        keluaran = io.BytesIO()
        Image.new("RGB", ukuran, (120, 130, 140)).save(
            keluaran, "HEIF", quality=30, enc_params={"preset": "ultrafast"}
        )
    finally:
        pillow_heif.options.GRID_TILE_SIZE = 0
    return keluaran.getvalue()


def memori() -> bool:
    """Print the peak RSS of the worst file at each cap; True when all are within BATAS_MB."""
    os.environ["FOTO_SEKALI"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
    import django

    django.setup()  # the caps are read from pendataan.foto.dekode
    with tempfile.TemporaryDirectory() as folder:
        kosong = str(Path(folder) / "kosong")
        Path(kosong).write_bytes(b"")
        _, rss_django = ukur("kosong", kosong)
        print(
            f"\npeak RSS of one file at its format's cap, each in a fresh process "
            f"(a process that only set Django up: {rss_django:.0f} MB; limit {BATAS_MB} MB)"
        )
        print(f"  {'file':<34} {'on disk':>9} {'pixels':>13}   {'worker':>7} {'ID card':>8}")
        puncak = 0.0
        for label, data, kartu_juga in berkas_bom():
            berkas = str(Path(folder) / "bom")
            Path(berkas).write_bytes(data)
            from PIL import Image

            with Image.open(io.BytesIO(data)) as gambar:
                ukuran = gambar.size
            ditolak, rss_portal = ukur("portal", berkas)
            teks_portal = "refused" if ditolak < 0 else f"{rss_portal:.0f} MB"
            teks_kartu = "-"
            puncak = max(puncak, rss_portal)
            if kartu_juga:
                ditolak, rss_kartu = ukur("kartu", berkas)
                teks_kartu = "refused" if ditolak < 0 else f"{rss_kartu:.0f} MB"
                puncak = max(puncak, rss_kartu)
            print(
                f"  {label:<34} {len(data) / 1024:7.0f} kB {ukuran[0]:>6}x{ukuran[1]:<6}"
                f"   {teks_portal:>7} {teks_kartu:>8}"
            )
    print(f"highest peak: {puncak:.0f} MB (limit {BATAS_MB} MB)")
    return puncak <= BATAS_MB


def main() -> None:
    from PIL import Image

    if "--memori" in sys.argv:
        sys.exit(0 if memori() else 1)

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
    dalam_batas = memori()
    if rasio > 1.3 or not dalam_batas:
        sys.exit(1)


if __name__ == "__main__":
    main()
