"""Geometry without GIS system libraries: GeoJSON in, shapely for the maths.

Distances use an equirectangular approximation, accurate to well under a
metre over a city the size of Pekanbaru (0.5° N).
"""

from __future__ import annotations

import math
import statistics
from decimal import Decimal

from django.utils.translation import gettext as _
from shapely.geometry import Point, mapping, shape
from shapely.ops import nearest_points, unary_union
from shapely.prepared import prep

METER_PER_DERAJAT = 111_320.0
# Neighbouring kelurahan in the shipped boundaries have gaps and overlaps of a
# few tens of metres; a point that near an edge counts as inside.
TOLERANSI_BATAS_M = 60.0


class GeometriTidakSah(ValueError):
    pass


def polygon_geojson(geometry: dict | None) -> dict:
    """Return a valid Polygon/MultiPolygon geometry as GeoJSON, or raise."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise GeometriTidakSah(_("geometri harus Polygon atau MultiPolygon."))
    try:
        shp = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        raise GeometriTidakSah(_("koordinat poligon rusak.")) from exc
    if shp.is_empty or not shp.is_valid:
        raise GeometriTidakSah(_("poligon tidak sah (kosong atau memotong dirinya)."))
    minx, miny, maxx, maxy = shp.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometriTidakSah(_("koordinat di luar rentang bujur/lintang."))
    return geometry


# Boundaries are stored simplified (about 5 m) and rounded to 5 decimals (about 1 m):
# maps draw them as stored, with no work per request.
TOLERANSI_SEDERHANA = 0.00005


def bulat(coords):
    if isinstance(coords, (int, float)):
        return round(coords, 5)
    return [bulat(c) for c in coords]


def sederhanakan(geometry: dict) -> dict:
    """A boundary as stored: simplified (topology kept, so it stays valid) and rounded."""
    shp = shape(geometry).simplify(TOLERANSI_SEDERHANA, preserve_topology=True)
    hasil = mapping(shp)
    return {"type": hasil["type"], "coordinates": bulat(hasil["coordinates"])}


def titik_wakil(geometry: dict) -> tuple[Decimal, Decimal]:
    """A point guaranteed inside the shape (lat, lng), for labels and map centres."""
    point = shape(geometry).representative_point()
    return as_decimal(point.y), as_decimal(point.x)


def gabung(geometries: list[dict]) -> dict:
    """Dissolve polygons into one outline, closing the small gaps between neighbours."""
    close = 0.0005  # about 55 m, in degrees
    merged = unary_union([shape(g).buffer(close) for g in geometries]).buffer(-close)
    return sederhanakan(mapping(merged.simplify(0.0001)))


def jarak_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    x = math.radians(lng2 - lng1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return math.hypot(x, y) * 6_371_000.0


def jarak_ke_batas_m(geometry: dict, lat: float, lng: float) -> float:
    """0 inside the shape, else the distance in metres to its nearest edge."""
    shp = shape(geometry)
    point = Point(lng, lat)
    if shp.covers(point):
        return 0.0
    nearest = nearest_points(shp, point)[0]
    return jarak_m(lat, lng, nearest.y, nearest.x)


def dalam_batas(
    geometry: dict, lat: float, lng: float, toleransi_m: float = TOLERANSI_BATAS_M
) -> bool:
    return jarak_ke_batas_m(geometry, lat, lng) <= toleransi_m


def saring_dalam_batas(
    geometry: dict, titik: list[tuple[float, float]], toleransi_m: float = TOLERANSI_BATAS_M
) -> list[tuple[float, float]]:
    """The points (lat, lng) inside the shape, or within about `toleransi_m` of its edge
    (the shape is built once, for many points)."""
    shp = prep(shape(geometry).buffer(toleransi_m / METER_PER_DERAJAT))
    return [p for p in titik if shp.covers(Point(p[1], p[0]))]


def pusat_dan_sebaran(titik: list[tuple[float, float]], kuantil: float = 0.9) -> tuple:
    """The robust centre of points (lat, lng) and their spread: (lat, lng, metres).

    The centre is the coordinate-wise median, which a few points recorded far away do
    not move; the spread is the distance from it within which `kuantil` of the points lie.
    """
    lat = statistics.median(p[0] for p in titik)
    lng = statistics.median(p[1] for p in titik)
    jarak = sorted(jarak_m(lat, lng, *p) for p in titik)
    return lat, lng, jarak[max(0, math.ceil(kuantil * len(jarak)) - 1)]


def as_decimal(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")
