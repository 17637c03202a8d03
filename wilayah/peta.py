"""GeoJSON for the portal's maps, built from scoped querysets only.

Coordinates are rounded to 5 decimals (about 1 m) to keep pages small.
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.urls import reverse

from wilayah.models import RW, Kecamatan, Kelurahan


def _bulat(coords):
    if isinstance(coords, (int, float)):
        return round(coords, 5)
    return [_bulat(c) for c in coords]


def _fitur(geometry: dict, properties: dict) -> dict:
    geometry = {"type": geometry["type"], "coordinates": _bulat(geometry["coordinates"])}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def peta_kecamatan(kecamatan: QuerySet[Kecamatan]) -> dict:
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
    return {"type": "FeatureCollection", "features": features}


def peta_kelurahan(
    kelurahan: QuerySet[Kelurahan],
    rws: QuerySet[RW] | None = None,
    rw_url: Callable[[RW], str] | None = None,
) -> dict:
    """Kelurahan outlines, and RW points (coloured by `terisi` where annotated)."""
    rw_url = rw_url or (lambda rw: reverse("wilayah:rw_detail", args=[rw.pk]))
    features = [
        _fitur(
            k.batas,
            {"nama": k.nama, "url": reverse("wilayah:kelurahan_detail", args=[k.kode])},
        )
        for k in kelurahan
        if k.batas
    ]
    for rw in rws if rws is not None else []:
        if rw.latitude is None:
            continue
        features.append(
            _fitur(
                {"type": "Point", "coordinates": [float(rw.longitude), float(rw.latitude)]},
                {
                    "nama": rw.label,
                    "url": rw_url(rw),
                    "terisi": getattr(rw, "terisi", None),
                },
            )
        )
    return {"type": "FeatureCollection", "features": features}
