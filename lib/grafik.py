"""Server-rendered bar charts: no chart library and nothing for the phone to run.

`batang_hari` gives the geometry of one series of daily bars for a template to draw;
`svg_batang` draws grouped bars of several series as a whole SVG, with axis and legend.
Numbers in the active locale's format (Indonesian: 1.234).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LEBAR, TINGGI = 336, 150  # the SVG's viewBox; it scales to the page's width
BAWAH = 18  # room for the day labels
# svg_batang's own drawing: plot margins left (axis numbers), below (labels, legend), above
SVG_LEBAR, SVG_TINGGI = 640, 240
SVG_KIRI, SVG_BAWAH, SVG_ATAS = 48, 36, 16


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


@dataclass
class Seri:
    nama: str
    nilai: Sequence[int]
    kelas: str  # a CSS class giving the bars their colour


def _skala_atas(n: int) -> int:
    """A round top for the axis: 1, 2 or 5 times a power of ten, at least n."""
    if n <= 0:
        return 1
    langkah = 1
    while True:
        for k in (1, 2, 5):
            if k * langkah >= n:
                return k * langkah
        langkah *= 10


def svg_batang(*, judul: str, label: Sequence[str], seri: Sequence[Seri]) -> SafeString:
    """Grouped bars: one group per label, one bar per series, with a legend."""
    atas = _skala_atas(max((max(s.nilai, default=0) for s in seri), default=0))
    tinggi_plot = SVG_TINGGI - SVG_BAWAH - SVG_ATAS
    lebar_grup = (SVG_LEBAR - SVG_KIRI) / max(len(label), 1)
    lebar_batang = lebar_grup * 0.8 / max(len(seri), 1)
    bagian = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_LEBAR} {SVG_TINGGI}" '
        f'role="img" aria-label="{escape(judul)}" class="grafik-batang">',
        f"<title>{escape(judul)}</title>",
    ]
    for i in range(5):  # the axis: 0, a quarter, ..., the top
        nilai = atas * i // 4
        y = SVG_ATAS + tinggi_plot * (1 - i / 4)
        bagian.append(
            f'<line x1="{SVG_KIRI}" x2="{SVG_LEBAR}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{SVG_KIRI - 4}" y="{y + 4:.1f}" text-anchor="end">{angka_id(nilai)}</text>'
        )
    for g, teks in enumerate(label):
        x0 = SVG_KIRI + g * lebar_grup + lebar_grup * 0.1
        for s_i, s in enumerate(seri):
            nilai = s.nilai[g]
            h = tinggi_plot * nilai / atas
            x = x0 + s_i * lebar_batang
            y = SVG_ATAS + tinggi_plot - h
            bagian.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{lebar_batang:.1f}" height="{h:.1f}" '
                f'class="{escape(s.kelas)}"><title>{escape(teks)} · {escape(s.nama)}: '
                f"{angka_id(nilai)}</title></rect>"
            )
        bagian.append(
            f'<text x="{x0 + lebar_grup * 0.4:.1f}" y="{SVG_TINGGI - SVG_BAWAH + 14}" '
            f'text-anchor="middle">{escape(teks)}</text>'
        )
    for s_i, s in enumerate(seri):  # the legend, under the labels
        x, y = SVG_KIRI + s_i * 180, SVG_TINGGI - 14
        bagian.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" class="{escape(s.kelas)}"/>'
            f'<text x="{x + 14}" y="{SVG_TINGGI - 5}">{escape(s.nama)}</text>'
        )
    bagian.append("</svg>")
    return mark_safe("".join(bagian))  # noqa: S308 (every text above is escaped)
