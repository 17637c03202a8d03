"""Demo RWs: the real RW list per kelurahan is not public, so the demo estimates it.

Counts: Binawidya 49 and Sail 18 (the pilot's officer counts, one per RW),
733 in the whole city (the program's figure), a kelurahan's known count from
the CSV where there is one (Pematangkapau: 13), the rest split by largest
remainder. Centres are spread inside the kelurahan polygon. Every RW made
here has `estimasi_demo=True`.
"""

from __future__ import annotations

import random

from django.db import transaction
from shapely.geometry import Point, shape

from wilayah.geo import as_decimal
from wilayah.models import RW, Kecamatan, Kelurahan

JUMLAH_RW_KOTA = 733
JUMLAH_RW_PILOT = {"14.71.08": 49, "14.71.03": 18}  # Binawidya, Sail
JUMLAH_RW_DIKETAHUI = {"14.71.14.1005": 13}  # Pematangkapau (SOURCES.md)


def bagi(total: int, bobot: dict[str, float], minimum: int = 1) -> dict[str, int]:
    """Split `total` over keys by weight (largest remainder), each at least `minimum`."""
    keys = sorted(bobot)
    sisa_total = total - minimum * len(keys)
    if sisa_total < 0:
        raise ValueError("total lebih kecil dari jumlah minimum")
    jumlah_bobot = sum(bobot.values()) or 1
    exact = {k: sisa_total * bobot[k] / jumlah_bobot for k in keys}
    hasil = {k: minimum + int(exact[k]) for k in keys}
    kurang = total - sum(hasil.values())
    for k in sorted(keys, key=lambda k: (-(exact[k] - int(exact[k])), k))[:kurang]:
        hasil[k] += 1
    return hasil


def target_rw() -> dict[str, int]:
    """RW count per kelurahan code."""
    kecamatan = {k.kode: k for k in Kecamatan.objects.prefetch_related("kelurahan_set")}
    per_kec = dict(JUMLAH_RW_PILOT)
    lain = {
        kode: len(k.kelurahan_set.all()) for kode, k in kecamatan.items() if kode not in per_kec
    }
    per_kec.update(bagi(JUMLAH_RW_KOTA - sum(per_kec.values()), lain))
    hasil: dict[str, int] = {}
    for kode, kec in kecamatan.items():
        kelurahan = [k.kode for k in kec.kelurahan_set.all()]
        tetap = {k: JUMLAH_RW_DIKETAHUI[k] for k in kelurahan if k in JUMLAH_RW_DIKETAHUI}
        sisa = [k for k in kelurahan if k not in tetap]
        hasil.update(tetap)
        if sisa:
            hasil.update(bagi(per_kec[kode] - sum(tetap.values()), {k: 1.0 for k in sisa}))
    return hasil


def titik_tersebar(geometry: dict, n: int, seed: str) -> list[tuple[float, float]]:
    """n points (lat, lng) inside the polygon, spread out, the same on every run."""
    shp = shape(geometry)
    inner = shp.buffer(-0.0003) if shp.buffer(-0.0003).area > shp.area * 0.2 else shp
    minx, miny, maxx, maxy = inner.bounds
    rng = random.Random(seed)
    kandidat = []
    while len(kandidat) < max(n * 20, 50):
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if inner.contains(p):
            kandidat.append(p)
    # Farthest-point sampling: every next centre as far as possible from the chosen ones.
    chosen = [kandidat[0]]
    jarak = [p.distance(chosen[0]) for p in kandidat]
    while len(chosen) < n:
        i = max(range(len(kandidat)), key=jarak.__getitem__)
        chosen.append(kandidat[i])
        jarak = [min(d, p.distance(kandidat[i])) for d, p in zip(jarak, kandidat, strict=True)]
    return [(p.y, p.x) for p in chosen]


def rw_demo_buat() -> int:
    """Create the demo RWs that are missing; returns how many were made. Idempotent."""
    target = target_rw()
    dibuat = 0
    with transaction.atomic():
        for kelurahan in Kelurahan.objects.prefetch_related("rw_set"):
            ada = {rw.nomor for rw in kelurahan.rw_set.all()}
            n = target.get(kelurahan.kode, 0)
            kurang = [nomor for nomor in range(1, n + 1) if nomor not in ada]
            if not kurang:
                continue
            titik = titik_tersebar(kelurahan.batas, n, kelurahan.kode) if kelurahan.batas else []
            baru = []
            for nomor in kurang:
                lat, lng = titik[nomor - 1] if titik else (None, None)
                baru.append(
                    RW(
                        kelurahan=kelurahan,
                        nomor=nomor,
                        latitude=as_decimal(lat) if lat is not None else None,
                        longitude=as_decimal(lng) if lng is not None else None,
                        jumlah_rt=4 + (nomor * 7 + len(kelurahan.kode)) % 7,  # 4..10
                        estimasi_demo=True,
                    )
                )
            RW.objects.bulk_create(baru)
            dibuat += len(baru)
    return dibuat
