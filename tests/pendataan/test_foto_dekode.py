"""pendataan.foto.dekode: a file at its format's cap decodes within the memory bound,
one past it is refused on its header with a message, and nothing is stored.

Each memory test generates the worst file at the cap (kB on disk, tens of
megapixels once decoded), processes it once in a fresh Python process, and
compares that process's peak RSS with its own RSS just before, once Django
was set up: the rise must leave a Celery worker child (about 96 MB idle,
measured) under 300 MB.
"""

import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pendataan.foto.dekode import MAKS_KOEFISIEN_BYTES, MAKS_PIKSEL_FORMAT
from pendataan.models import FotoKunjungan
from petugas.kartu import foto_simpan
from tests.pendataan.test_foto import (  # noqa: F401  (kirim, kunjungan, petugas: fixtures)
    berkas_media,
    kirim,
    kunjungan,
    petugas,
)
from tests.petugas.akses_kartu import petugas_simpangbaru

ROOT = Path(__file__).resolve().parent.parent.parent
BATAS_MB = 300
ANAK_WORKER_MB = 110  # a Celery worker child's idle RSS (96 MB measured), with room
NAIK_MAKS_MB = BATAS_MB - ANAK_WORKER_MB

UKUR = """
import os, sys
from pathlib import Path
import django
django.setup()
import pendataan.foto  # imports and the HEIC opener, as in a worker child
from pendataan.foto import proses_gambar
from petugas.kartu import _foto_olah
from django.core.files.uploadedfile import SimpleUploadedFile

def hwm():
    for baris in Path("/proc/self/status").read_text().splitlines():
        if baris.startswith("VmHWM:"):
            return int(baris.split()[1]) / 1024

data = Path(sys.argv[2]).read_bytes()
dasar = hwm()
if sys.argv[1] == "kartu":
    _foto_olah(SimpleUploadedFile("foto", data))
else:
    proses_gambar(data)
print(dasar, hwm())
"""


def _sisi(piksel: int) -> tuple[int, int]:
    lebar = int((piksel * 4 / 3) ** 0.5)
    tinggi = int(lebar * 3 / 4)
    while lebar * tinggi > piksel:
        tinggi -= 1
    return lebar, tinggi


def _simpan(gambar: Image.Image, format_: str, **opsi) -> bytes:
    keluaran = io.BytesIO()
    gambar.save(keluaran, format_, **opsi)
    return keluaran.getvalue()


def png_bom(ukuran: tuple[int, int], *, kedalaman: int = 16, warna: int = 6) -> bytes:
    """A PNG of zero rows (RGBA 16-bit by default), written without a bitmap in memory."""
    lebar, tinggi = ukuran
    saluran = {0: 1, 2: 3, 6: 4}[warna]
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


def jpeg_progresif_444(piksel: int) -> bytes:
    return _simpan(Image.new("RGB", _sisi(piksel)), "JPEG", progressive=True, subsampling=0)


def webp_lossless(piksel: int) -> bytes:
    return _simpan(Image.new("RGBA", _sisi(piksel), (9, 9, 9, 128)), "WEBP", lossless=True)


def heic(piksel: int) -> bytes:
    pillow_heif.options.GRID_TILE_SIZE = 512  # tiled, like an iPhone's
    try:
        return _simpan(
            Image.new("RGB", _sisi(piksel), (120, 130, 140)),
            "HEIF",
            quality=30,
            enc_params={"preset": "ultrafast"},
        )
    finally:
        pillow_heif.options.GRID_TILE_SIZE = 0


MAKS_PROGRESIF_444 = MAKS_KOEFISIEN_BYTES // (2 * 3)
ADA_HEIC = bool(pillow_heif.libheif_info().get("HEIF"))

DI_BATAS = {
    "jpeg_progresif_444": lambda: jpeg_progresif_444(MAKS_PROGRESIF_444),
    "png_rgba_16bit": lambda: png_bom(_sisi(MAKS_PIKSEL_FORMAT["PNG"])),
    "webp_lossless_rgba": lambda: webp_lossless(MAKS_PIKSEL_FORMAT["WEBP"]),
    "heic_grid": lambda: heic(MAKS_PIKSEL_FORMAT["HEIF"]),
}


def _naik_mb(tmp_path: Path, data: bytes, jalur: str) -> float:
    berkas = tmp_path / "bom"
    berkas.write_bytes(data)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    keluaran = subprocess.run(
        [sys.executable, "-c", UKUR, jalur, str(berkas)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=True,
    ).stdout.split()
    dasar, puncak = map(float, keluaran[-2:])
    return puncak - dasar


@pytest.mark.parametrize("jenis", sorted(DI_BATAS))
def test_a_file_at_its_cap_is_processed_within_the_memory_bound(tmp_path, jenis):
    if jenis == "heic_grid" and not ADA_HEIC:
        pytest.skip("no HEIF encoder in this libheif")
    naik = _naik_mb(tmp_path, DI_BATAS[jenis](), "worker")

    assert naik <= NAIK_MAKS_MB, f"{jenis}: +{naik:.0f} MB"


@pytest.mark.parametrize("jenis", ["png_rgba_16bit", "webp_lossless_rgba", "jpeg_progresif_444"])
def test_an_id_card_photo_at_its_cap_is_processed_within_the_memory_bound(tmp_path, jenis):
    naik = _naik_mb(tmp_path, DI_BATAS[jenis](), "kartu")

    assert naik <= NAIK_MAKS_MB, f"{jenis}: +{naik:.0f} MB"


LEWAT_BATAS = {
    # (bytes, the message)
    "jpeg_progresif_444": (
        lambda: jpeg_progresif_444(MAKS_PROGRESIF_444 + 200_000),
        "paling banyak 20 megapiksel untuk JPEG progresif",
    ),
    "png": (
        lambda: png_bom(_sisi(MAKS_PIKSEL_FORMAT["PNG"] + 200_000), kedalaman=8, warna=0),
        "paling banyak 10 megapiksel untuk PNG",
    ),
    "webp_lossless_16383x3000": (
        lambda: webp_lossless(16383 * 3000),
        "paling banyak 6 megapiksel untuk WebP",
    ),
}


@pytest.mark.parametrize("jenis", sorted(LEWAT_BATAS))
def test_a_visit_photo_past_its_cap_is_refused_at_upload_with_a_message(
    kunjungan,  # noqa: F811
    kirim,  # noqa: F811
    jenis,
):
    buat, pesan = LEWAT_BATAS[jenis]

    with pytest.raises(ValidationError, match=pesan):
        kirim(kunjungan, buat(), nama="bom")

    assert not FotoKunjungan.objects.exists()
    assert berkas_media() == []


@pytest.mark.skipif(not ADA_HEIC, reason="no HEIF encoder in this libheif")
def test_a_heic_past_its_cap_is_refused_by_the_worker_too():
    from pendataan.foto import GambarTidakSah, proses_gambar

    data = heic(MAKS_PIKSEL_FORMAT["HEIF"] + 500_000)

    with pytest.raises(GambarTidakSah, match="paling banyak 32 megapiksel untuk HEIC"):
        proses_gambar(data)


def test_an_id_card_photo_past_its_cap_is_refused_and_changes_nothing(akun):
    pegawai = petugas_simpangbaru()
    lama = pegawai.foto.name
    unggahan = SimpleUploadedFile("foto.webp", webp_lossless(16383 * 3000))

    with pytest.raises(ValidationError, match="paling banyak 6 megapiksel untuk WebP"):
        foto_simpan(petugas=pegawai, berkas=unggahan)

    assert petugas_simpangbaru().foto.name == lama
