"""A share as people read it: a part that is not nothing never shows as "0%", and an
unfinished whole never as "100%" (1 of 305 verified once showed "0%", issue 15)."""

from __future__ import annotations


def persen_teks(bagian: int, total: int) -> str | None:
    """ "37%", "<1%", ">99%"; whole percents rounded down; None when there is no total."""
    if not total or total <= 0:
        return None
    if bagian <= 0:
        return "0%"
    if bagian >= total:
        return "100%"
    nilai = bagian * 100 / total
    if nilai < 1:
        return "<1%"
    if nilai > 99:
        return ">99%"
    return f"{int(nilai)}%"
