"""The pure core: bytes of an uploaded photo in, derivatives, EXIF and hash out."""

from __future__ import annotations

import datetime
import io
import struct
from dataclasses import dataclass
from decimal import Decimal

import imagehash
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from pendataan.foto.dekode import GambarTidakSah, buka, muat
from pendataan.foto.exif import _gps_exif, _kamera_exif, _waktu_exif

FORMAT = ("JPEG", "PNG", "WEBP", "HEIF")  # a JPEG with MPO data opens as JPEG
UKURAN_BESAR = 1600  # long edge, px
UKURAN_KECIL = 320
KUALITAS_JPEG = 82


@dataclass(frozen=True)
class HasilProses:
    besar: bytes  # JPEG, long edge at most UKURAN_BESAR, no metadata
    kecil: bytes  # JPEG, long edge at most UKURAN_KECIL, no metadata
    lebar: int  # of the original, upright
    tinggi: int
    phash: str  # 16 hex digits
    waktu: datetime.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    kamera: str


def _ukuran_muat(ukuran: tuple[int, int], sisi: int) -> tuple[int, int]:
    """The size that fits in a `sisi` x `sisi` box, keeping proportions, never larger."""
    lebar, tinggi = ukuran
    skala = min(1.0, sisi / max(lebar, tinggi))
    return max(1, round(lebar * skala)), max(1, round(tinggi * skala))


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _ke_srgb(gambar: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB: the derivatives carry no ICC profile, so colours are converted instead."""
    if gambar.mode in ("RGBA", "LA"):
        rgba = gambar.convert("RGBA")
        gambar = Image.new("RGB", rgba.size, "white")
        gambar.paste(rgba, mask=rgba.getchannel("A"))
    if icc and gambar.mode in ("RGB", "CMYK", "L"):
        try:
            asal = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(gambar, asal, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: fall back to the plain conversion
    return gambar if gambar.mode == "RGB" else gambar.convert("RGB")


def _jpeg(gambar: Image.Image) -> bytes:
    gambar.info = {}  # Pillow would carry a JPEG comment over; nothing of the original leaks
    keluaran = io.BytesIO()
    gambar.save(keluaran, "JPEG", quality=KUALITAS_JPEG, progressive=True)
    return keluaran.getvalue()


def proses_gambar(data: bytes) -> HasilProses:
    """Decode an uploaded photo and make its derivatives; GambarTidakSah when it is not one."""
    bukan_gambar = GambarTidakSah(
        _("Berkas bukan gambar yang bisa dibaca (rusak, tidak lengkap, atau bukan foto).")
    )
    try:
        with buka(data, FORMAT) as gambar:
            gambar.verify()
        with buka(data, FORMAT) as gambar:
            # EXIF first: the header is all it needs, and decoding below may replace the image.
            exif = gambar.getexif()
            waktu = _waktu_exif(exif.get_ifd(ExifTags.IFD.Exif))
            latitude, longitude = _gps_exif(exif.get_ifd(ExifTags.IFD.GPSInfo))
            kamera = _kamera_exif(exif)
            lebar, tinggi = gambar.size
            if exif.get(ExifTags.Base.Orientation) in (5, 6, 7, 8):
                lebar, tinggi = tinggi, lebar
            icc = gambar.info.get("icc_profile")
            # The box keeps the proportions, or a JPEG's reduced scale would be held
            # back by the short edge.
            gambar = muat(gambar, data, _ukuran_muat(gambar.size, UKURAN_BESAR))
            ImageOps.exif_transpose(gambar, in_place=True)
            if gambar.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
                # Palette, 1-bit, 16-bit: resized in a mode that resamples smoothly.
                transparan = gambar.mode == "PA" or "transparency" in gambar.info
                gambar = gambar.convert("RGBA" if transparan else "RGB")
            besar = gambar.resize(
                _ukuran_muat(gambar.size, UKURAN_BESAR),
                Image.Resampling.LANCZOS,
                reducing_gap=3.0,
            )
    except GambarTidakSah:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        TypeError,
        IndexError,
        KeyError,
        struct.error,
    ):
        # What Pillow's decoders raise on a file that only looks like an image.
        raise bukan_gambar from None

    besar = _ke_srgb(besar, icc)
    # reducing_gap 3.0, not thumbnail()'s cheaper 2.0: the perceptual hash is taken from
    # this image, and it then stays the same when a picture is merely re-encoded.
    kecil = besar.resize(
        _ukuran_muat(besar.size, UKURAN_KECIL), Image.Resampling.LANCZOS, reducing_gap=3.0
    )
    return HasilProses(
        besar=_jpeg(besar),
        kecil=_jpeg(kecil),
        lebar=lebar,
        tinggi=tinggi,
        phash=str(imagehash.phash(kecil)),
        waktu=waktu,
        latitude=latitude,
        longitude=longitude,
        kamera=kamera,
    )
