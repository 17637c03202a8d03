"""GeoJSON for the portal's maps, built from scoped querysets only.

Boundaries are simplified and rounded once, when they are imported
(`geo.sederhanakan`), and served by their own URL (`wilayah:batas`) as GeoJSON
text built once per version and kept in the cache, with an ETag: no request
decodes a polygon. Pages embed only points (RW centres, no polygons) and the
boundaries' URL, which carries the version, so a browser keeps it until the
boundaries change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse

from lib.redis_tembolok import CACHE_GAGAL
from wilayah.models import RW, Kecamatan, Kelurahan

KUNCI_VERSI = "wilayah:peta:versi"
logger = logging.getLogger(__name__)


def peta_versi() -> str:
    """The version of the boundaries and names on the maps; a new one after every change.
    A cache that is down gives a version of this request only: the maps are fetched
    again rather than the page failing."""
    try:
        versi = cache.get(KUNCI_VERSI)
        if versi is None:
            versi = secrets.token_hex(6)
            if not cache.add(KUNCI_VERSI, versi, None):  # another process set it first
                versi = cache.get(KUNCI_VERSI) or versi
    except CACHE_GAGAL as exc:
        logger.warning("versi peta tidak terbaca (%s)", type(exc).__name__)
        return secrets.token_hex(6)
    return versi


def peta_berubah() -> None:
    """Boundaries, names or program kecamatan changed: maps are built again."""
    cache.set(KUNCI_VERSI, secrets.token_hex(6), None)


def _fitur(geometry: dict, properties: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _koleksi(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def peta_kecamatan(kecamatan: Iterable[Kecamatan]) -> dict:
    features = [
        _fitur(
            k.batas,
            {
                "nama": k.nama,
                "url": reverse("wilayah:kecamatan_detail", args=[k.kode]),
                "program": k.dalam_program,
            },
        )
        for k in kecamatan
        if k.batas
    ]
    return _koleksi(features)


def peta_titik_rw(rws: Iterable[RW], rw_url: Callable[[RW], str] | None = None) -> dict:
    """RW centres as points (coloured by `terisi` where annotated): no polygon at all."""
    rw_url = rw_url or (lambda rw: reverse("wilayah:rw_detail", args=[rw.pk]))
    features = [
        _fitur(
            {"type": "Point", "coordinates": [float(rw.longitude), float(rw.latitude)]},
            {
                "nama": rw.label,
                "url": rw_url(rw),
                "terisi": getattr(rw, "terisi", None),
                **({"warna": rw.warna} if hasattr(rw, "warna") else {}),
            },
        )
        for rw in rws
        if rw.latitude is not None
    ]
    return _koleksi(features)


def peta_kelurahan(
    kelurahan: Iterable[Kelurahan],
    rws: Iterable[RW] | None = None,
    rw_url: Callable[[RW], str] | None = None,
) -> dict:
    """Kelurahan outlines, and RW points (for the pages of one kelurahan or RW)."""
    features = [
        _fitur(
            k.batas,
            {"nama": k.nama, "url": reverse("wilayah:kelurahan_detail", args=[k.kode])},
        )
        for k in kelurahan
        if k.batas
    ]
    titik = peta_titik_rw(rws, rw_url)["features"] if rws is not None else []
    return _koleksi(features + titik)


def batas_geojson(*, tingkat: str, kecamatan: QuerySet[Kecamatan]) -> tuple[bytes, str]:
    """The boundaries of these kecamatan ("kecamatan") or of their kelurahan ("kelurahan"),
    as GeoJSON bytes and an ETag; built once per version and scope, then from the cache."""
    ids = sorted(kecamatan.values_list("pk", flat=True))
    cakupan = hashlib.sha1(",".join(map(str, ids)).encode(), usedforsecurity=False)
    kunci = f"wilayah:batas:{peta_versi()}:{tingkat}:{cakupan.hexdigest()}"
    hasil = cache.get(kunci)
    if hasil is None:
        if tingkat == "kecamatan":
            data = peta_kecamatan(Kecamatan.objects.filter(pk__in=ids))
        else:
            data = peta_kelurahan(Kelurahan.objects.filter(kecamatan__in=ids))
        isi = json.dumps(data, separators=(",", ":")).encode()
        etag = '"' + hashlib.sha1(isi, usedforsecurity=False).hexdigest()[:24] + '"'
        hasil = (isi, etag)
        cache.set(kunci, hasil, 24 * 3600)
    return hasil


def batas_url(tingkat: str, kecamatan: Kecamatan | None = None) -> str:
    """The boundaries' URL for a page, with the version (so a browser may keep it)."""
    url = reverse("wilayah:batas", args=[tingkat]) + f"?v={peta_versi()}"
    return url + (f"&kecamatan={kecamatan.kode}" if kecamatan else "")
