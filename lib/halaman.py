"""A page of a long, growing list without COUNT(*): one row more than shown says
whether a next page exists (the audit and the read log grow without end)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass
class Halaman:
    baris: list
    nomor: int
    ada_sebelum: bool
    ada_sesudah: bool


def halaman_tanpa_hitung(qs: QuerySet, *, nomor: str | int | None, per: int) -> Halaman:
    try:
        n = max(1, min(int(nomor or 1), 10_000))
    except (TypeError, ValueError):
        n = 1
    awal = (n - 1) * per
    baris = list(qs[awal : awal + per + 1])
    return Halaman(baris=baris[:per], nomor=n, ada_sebelum=n > 1, ada_sesudah=len(baris) > per)
