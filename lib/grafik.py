"""Bar charts drawn on the server as SVG: no chart library, no script, no CDN.

Numbers are written in the active locale's format (Indonesian: 1.234), and each
bar carries a <title> so a tap or a screen reader gives its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LEBAR, TINGGI = 640, 240
KIRI, BAWAH, ATAS = 48, 36, 16


@dataclass
class Seri:
    nama: str
    nilai: Sequence[int]
    kelas: str  # a CSS class giving the bars their colour


def angka(n: int | float) -> str:
    return number_format(n, force_grouping=True)


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
    tinggi_plot = TINGGI - BAWAH - ATAS
    lebar_grup = (LEBAR - KIRI) / max(len(label), 1)
    lebar_batang = lebar_grup * 0.8 / max(len(seri), 1)
    bagian = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LEBAR} {TINGGI}" '
        f'role="img" aria-label="{escape(judul)}" class="grafik">',
        f"<title>{escape(judul)}</title>",
    ]
    for i in range(5):  # the axis: 0, a quarter, ..., the top
        nilai = atas * i // 4
        y = ATAS + tinggi_plot * (1 - i / 4)
        bagian.append(
            f'<line x1="{KIRI}" x2="{LEBAR}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{KIRI - 4}" y="{y + 4:.1f}" text-anchor="end">{angka(nilai)}</text>'
        )
    for g, teks in enumerate(label):
        x0 = KIRI + g * lebar_grup + lebar_grup * 0.1
        for s_i, s in enumerate(seri):
            nilai = s.nilai[g]
            h = tinggi_plot * nilai / atas
            x = x0 + s_i * lebar_batang
            y = ATAS + tinggi_plot - h
            bagian.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{lebar_batang:.1f}" height="{h:.1f}" '
                f'class="{escape(s.kelas)}"><title>{escape(teks)} · {escape(s.nama)}: '
                f"{angka(nilai)}</title></rect>"
            )
        bagian.append(
            f'<text x="{x0 + lebar_grup * 0.4:.1f}" y="{TINGGI - BAWAH + 14}" '
            f'text-anchor="middle">{escape(teks)}</text>'
        )
    for s_i, s in enumerate(seri):  # the legend, under the labels
        x = KIRI + s_i * 180
        bagian.append(
            f'<rect x="{x}" y="{TINGGI - 14}" width="10" height="10" class="{escape(s.kelas)}"/>'
            f'<text x="{x + 14}" y="{TINGGI - 5}">{escape(s.nama)}</text>'
        )
    bagian.append("</svg>")
    return mark_safe("".join(bagian))  # noqa: S308 (every text above is escaped)
