"""Capture time, GPS point and camera from a photo's EXIF, read defensively."""

from __future__ import annotations

import datetime
import math
import re
import zoneinfo
from decimal import Decimal

from PIL import ExifTags, Image

MAKS_KAMERA = 100
# Phones in Pekanbaru keep WIB; EXIF without OffsetTimeOriginal is local time.
ZONA_FOTO = zoneinfo.ZoneInfo("Asia/Jakarta")

_KENDALI = re.compile(r"[\x00-\x1f\x7f]+")
_ZONA = re.compile(r"([+-])(\d{2}):?(\d{2})")


def _teks(nilai: object) -> str:
    """An EXIF text without control characters (PostgreSQL refuses NUL) or padding."""
    if isinstance(nilai, bytes):
        nilai = nilai.decode("latin-1")
    if not isinstance(nilai, str):
        return ""
    return " ".join(_KENDALI.sub(" ", nilai).split())


def _waktu_exif(ifd_exif: dict) -> datetime.datetime | None:
    teks = _teks(ifd_exif.get(ExifTags.Base.DateTimeOriginal))
    try:
        waktu = datetime.datetime.strptime(teks, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    zona: datetime.tzinfo = ZONA_FOTO
    cocok = _ZONA.fullmatch(_teks(ifd_exif.get(ExifTags.Base.OffsetTimeOriginal)))
    if cocok:
        tanda, jam, menit = cocok.groups()
        selisih = datetime.timedelta(hours=int(jam), minutes=int(menit))
        if selisih <= datetime.timedelta(hours=14):
            zona = datetime.timezone(-selisih if tanda == "-" else selisih)
    return waktu.replace(tzinfo=zona)


def _derajat(dms: object, ref: object, batas: int, negatif: str) -> float | None:
    """Degrees, minutes, seconds (EXIF rationals) to signed decimal degrees."""
    if not isinstance(dms, tuple | list) or not 1 <= len(dms) <= 3:
        return None
    try:
        nilai = sum(float(x) / 60**i for i, x in enumerate(dms))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not math.isfinite(nilai) or not 0 <= nilai <= batas:
        return None
    return -nilai if _teks(ref).upper() == negatif else nilai


def _gps_exif(ifd_gps: dict) -> tuple[Decimal, Decimal] | tuple[None, None]:
    lat = _derajat(
        ifd_gps.get(ExifTags.GPS.GPSLatitude), ifd_gps.get(ExifTags.GPS.GPSLatitudeRef), 90, "S"
    )
    lng = _derajat(
        ifd_gps.get(ExifTags.GPS.GPSLongitude), ifd_gps.get(ExifTags.GPS.GPSLongitudeRef), 180, "W"
    )
    if lat is None or lng is None or (lat == 0 and lng == 0):  # 0,0: a phone without a fix
        return None, None
    enam = Decimal("0.000001")
    return Decimal(repr(lat)).quantize(enam), Decimal(repr(lng)).quantize(enam)


def _kamera_exif(exif: Image.Exif) -> str:
    merek = _teks(exif.get(ExifTags.Base.Make))
    model = _teks(exif.get(ExifTags.Base.Model))
    kamera = model if model.lower().startswith(merek.lower()) else f"{merek} {model}".strip()
    return kamera[:MAKS_KAMERA]
