"""Loose matching of place names, as people write them against Kemendagri's spelling."""

import re

_BUKAN_HURUF = re.compile(r"[^a-z0-9]")


def kunci_nama(nama: str) -> str:
    """'Tuah Madani', 'TUAHMADANI' and 'Tuah-Madani' all give 'tuahmadani'."""
    return _BUKAN_HURUF.sub("", nama.lower())
