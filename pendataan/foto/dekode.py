"""Opening and decoding an uploaded image within a memory bound.

A small file can declare a huge bitmap (a decompression bomb: 2 kB of lossless
WebP for 16383 x 3000 pixels). What decoding costs depends on the format, so
each format has its own cap on the declared size, checked on the header before
any decoder allocates (the web process checks it at upload, the worker again):

- JPEG is decoded at 1/2, 1/4 or 1/8 scale (draft), so a 50-megapixel phone
  photo costs a few MB. Not so a progressive (or multi-scan) JPEG: libjpeg
  keeps every DCT coefficient of the whole image, 2 bytes a sample, so its cap
  follows from its samples per pixel (4:2:0, 4:4:4, CMYK).
- HEIC (iPhones): libheif decodes the whole picture and converts it to RGB,
  about 4.5 bytes a pixel at its peak; Pillow never gets a full-size copy,
  the RGB rows are reduced a strip at a time.
- PNG and WebP are decoded whole, with copies (WebP's decoder keeps its own
  canvas), 12-16 bytes a pixel: a phone camera does not produce them, so their
  cap is that of a large screenshot.

`benchmarks/foto.py` measures the peak of the worst file at each cap.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pillow_heif
from django.utils.translation import gettext as _
from PIL import Image

# Thumbnails, depth maps and auxiliary images of a HEIC are never used: do not decode them.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

MAKS_PIKSEL = 50_000_000  # the largest photo of any format (a 50 MP phone camera's JPEG)
MAKS_PIKSEL_FORMAT = {
    "JPEG": MAKS_PIKSEL,
    "MPO": MAKS_PIKSEL,  # a phone's JPEG with a second picture appended
    "HEIF": 32_000_000,
    "PNG": 10_000_000,
    "WEBP": 6_000_000,
}
# A progressive JPEG's coefficient buffer (2 bytes a sample) may take this much.
MAKS_KOEFISIEN_BYTES = 120 * 2**20
NAMA_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "HEIF": "HEIC", "PNG": "PNG", "WEBP": "WebP"}

_SOF_SEKUENSIAL = {0xC0, 0xC1, 0xC9}  # baseline and extended Huffman/arithmetic, one pass


class GambarTidakSah(Exception):
    """The bytes are not an image the portal accepts; `pesan` says why, in Indonesian."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


def _ukuran_webp(data: bytes) -> tuple[int, int] | None:
    """The canvas size a WebP declares (simple lossy, lossless or extended header)."""
    potongan = data[12:16]
    if potongan == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        lebar = int.from_bytes(data[26:28], "little") & 0x3FFF
        return lebar, int.from_bytes(data[28:30], "little") & 0x3FFF
    if potongan == b"VP8X" and len(data) >= 30:
        lebar = int.from_bytes(data[24:27], "little") + 1
        return lebar, int.from_bytes(data[27:30], "little") + 1
    if potongan == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bit = int.from_bytes(data[21:25], "little")
        return (bit & 0x3FFF) + 1, ((bit >> 14) & 0x3FFF) + 1
    return None


def _sampel_jpeg_penuh(data: bytes) -> float | None:
    """Samples per pixel when libjpeg must hold the whole image's coefficients
    (progressive, lossless, or a first scan without every component), else None."""
    i, sampel, komponen = 2, None, 0
    progresif = False
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None  # not a marker: a broken file, the decoder says so later
        penanda = data[i + 1]
        if penanda == 0xFF:
            i += 1
            continue
        if 0xD0 <= penanda <= 0xD8 or penanda == 0x01:
            i += 2
            continue
        panjang = int.from_bytes(data[i + 2 : i + 4], "big")
        isi = data[i + 4 : i + 2 + panjang]
        if 0xC0 <= penanda <= 0xCF and penanda not in (0xC4, 0xC8, 0xCC) and len(isi) >= 6:
            progresif = penanda not in _SOF_SEKUENSIAL
            komponen = isi[5]
            faktor = [(b >> 4, b & 0x0F) for b in isi[7 : 6 + 3 * komponen : 3]]
            hmaks = max((h for h, _v in faktor), default=1) or 1
            vmaks = max((v for _h, v in faktor), default=1) or 1
            sampel = sum(h * v for h, v in faktor) / (hmaks * vmaks) or float(komponen)
        elif penanda == 0xDA:
            dalam_scan = isi[0] if isi else komponen
            if progresif or dalam_scan < komponen:
                return sampel or float(komponen)
            return None
        i += 2 + panjang
    return None


def _format_awal(data: bytes) -> str:
    """The format the first bytes announce (for a message when Pillow refused to open)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return "HEIF" if data[4:8] == b"ftyp" else ""


def _tolak(format_: str, maks: int, progresif: bool = False) -> GambarTidakSah:
    if not format_:
        return GambarTidakSah(
            _("Gambar terlalu besar: paling banyak %(mp)d megapiksel.") % {"mp": maks // 1_000_000}
        )
    nama = _("JPEG progresif") if progresif else NAMA_FORMAT.get(format_, format_)
    return GambarTidakSah(
        _("Gambar terlalu besar: paling banyak %(mp)d megapiksel untuk %(format)s.")
        % {"mp": maks // 1_000_000, "format": nama}
    )


def _periksa_piksel(gambar: Image.Image, data: bytes) -> None:
    format_ = gambar.format or ""
    maks = MAKS_PIKSEL_FORMAT.get(format_, MAKS_PIKSEL)
    lebar, tinggi = gambar.size
    if format_ in ("JPEG", "MPO"):
        sampel = _sampel_jpeg_penuh(data)
        if sampel is not None:
            maks_penuh = min(maks, int(MAKS_KOEFISIEN_BYTES / (2 * sampel)))
            if lebar * tinggi > maks_penuh:
                raise _tolak(format_, maks_penuh, progresif=True)
    if lebar * tinggi > maks:
        raise _tolak(format_, maks)


@contextmanager
def buka(data: bytes, formats: tuple[str, ...]) -> Iterator[Image.Image]:
    """The image opened (header only, nothing decoded) once its declared size passed its
    format's cap; GambarTidakSah otherwise. Pillow's errors on a non-image pass through."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and "WEBP" in formats:
        # WebP's decoder allocates its canvas as the file is opened: check before.
        ukuran = _ukuran_webp(data)
        if ukuran and ukuran[0] * ukuran[1] > MAKS_PIKSEL_FORMAT["WEBP"]:
            raise _tolak("WEBP", MAKS_PIKSEL_FORMAT["WEBP"])
    try:
        gambar = Image.open(io.BytesIO(data), formats=formats)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # past twice Pillow's own limit: refused before any of ours could run
        format_ = _format_awal(data)
        raise _tolak(format_, MAKS_PIKSEL_FORMAT.get(format_, MAKS_PIKSEL)) from None
    with gambar:
        _periksa_piksel(gambar, data)
        yield gambar


def periksa_ukuran(data: bytes, formats: tuple[str, ...]) -> None:
    """Refuse (GambarTidakSah) a file whose declared size is past its format's cap.
    A file Pillow cannot even open is left to the decoder to refuse."""
    try:
        with buka(data, formats):
            pass
    except GambarTidakSah:
        raise
    except Exception:  # noqa: BLE001  (any parser error: not this check's business)
        return


def _heif_diperkecil(data: bytes, sisi: int) -> Image.Image:
    """The HEIF's primary picture, upright, reduced by a whole factor to no less than
    1.5 x `sisi` on its long edge, without a full-size copy in Pillow."""
    heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
    lebar, tinggi = heif.size
    mode = heif.mode
    faktor = max(1, int(max(lebar, tinggi) / sisi / 1.5))
    baris = heif.data  # libheif's decoded rows (upright already), not copied
    langkah = heif.stride
    hasil = Image.new(mode, (-(-lebar // faktor), -(-tinggi // faktor)))
    tinggi_jalur = faktor * max(1, 256 // faktor)
    for atas in range(0, tinggi, tinggi_jalur):
        n = min(tinggi_jalur, tinggi - atas)
        jalur = Image.frombuffer(
            mode,
            (lebar, n),
            baris[atas * langkah : (atas + n) * langkah],
            "raw",
            mode,
            langkah,
            1,
        )
        hasil.paste(jalur.reduce(faktor) if faktor > 1 else jalur, (0, atas // faktor))
    return hasil


def muat(gambar: Image.Image, data: bytes, ukuran: tuple[int, int]) -> Image.Image:
    """Decode an image opened by `buka` for a result of about `ukuran`, as cheaply as the
    format allows: JPEG at a reduced scale, HEIC a strip at a time, others whole."""
    if gambar.format == "HEIF":
        return _heif_diperkecil(data, max(ukuran))
    gambar.draft("RGB", ukuran)  # only JPEG does anything with it
    gambar.load()  # a truncated or corrupt file fails here
    return gambar
