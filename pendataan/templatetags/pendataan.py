from django import template

from pendataan.nik import samarkan

register = template.Library()


@register.filter
def samar(nomor: str) -> str:
    """A NIK or KK number as lists show it: the region and the serial, the birth date hidden."""
    return samarkan(str(nomor or ""))


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
