from django import template

from bansos.models import AlasanTidakLayak
from lib.grafik import angka_id
from lib.persen import persen_teks

register = template.Library()


@register.filter
def angka(nilai) -> str:
    """1234 -> "1.234"."""
    return angka_id(nilai or 0)


@register.simple_tag
def persen(bagian, total) -> str:
    """ "37%", or "—" when there is nothing to divide by."""
    return persen_teks(bagian or 0, total or 0) or "—"


@register.filter
def alasan_label(kode: str) -> str:
    return str(dict(AlasanTidakLayak.choices).get(kode, kode))
