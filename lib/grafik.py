"""Server-rendered bar charts: the geometry of the bars, for a template to draw as SVG.

No chart library and nothing for the phone to run: the page carries the bars.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format, number_format

LEBAR, TINGGI = 336, 150  # the SVG's viewBox; it scales to the page's width
BAWAH = 18  # room for the day labels


@dataclass(frozen=True)
class Batang:
    x: float
    y: float
    lebar: float
    tinggi: float
    nilai: int
    label: str  # under the bar: the day of the month
    judul: str  # the bar's tooltip and text for screen readers: "Sen 3 Nov: 12"


def angka_id(nilai: int | float) -> str:
    """A number as Indonesians write it: 1.234 (dots between thousands)."""
    return number_format(nilai, use_l10n=True, force_grouping=True)


def batang_hari(per_hari: list[tuple[datetime.date, int]]) -> dict:
    """Bars of counts per day, scaled to the highest; every day has its slot."""
    tertinggi = max((n for _, n in per_hari), default=0)
    ruang = TINGGI - BAWAH
    slot = LEBAR / max(len(per_hari), 1)
    batang = []
    for i, (hari, n) in enumerate(per_hari):
        tinggi = ruang * n / tertinggi if tertinggi else 0
        batang.append(
            Batang(
                x=round(i * slot + slot * 0.15, 1),
                y=round(ruang - tinggi, 1),
                lebar=round(slot * 0.7, 1),
                tinggi=round(tinggi, 1),
                nilai=n,
                label=str(hari.day),
                judul=f"{date_format(hari, 'D j M')}: {angka_id(n)}",
            )
        )
    return {
        "batang": batang,
        "lebar": LEBAR,
        "tinggi": TINGGI,
        "dasar": TINGGI - BAWAH,
        "tertinggi": angka_id(tertinggi),
        "jumlah": angka_id(sum(n for _, n in per_hari)),
    }
