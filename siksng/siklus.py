"""The monthly cycle's calendar: the cut-off day and the window of each month's file.

Times are read in Asia/Jakarta (WIB, the project's TIME_ZONE), whatever the server's zone.
Month M's cut-off day D (Dinsos sets it; 17 unless changed; fixed with the month once it
is closed) ends M's window at the end of day D of M, WIB: the boundary `batas(M)` is
00:00 WIB on day D + 1 of M. Month M's window is the half-open interval

    [batas(M - 1), batas(M))

so a change approved on the 17th at 23:59:59 WIB belongs to M and one approved at
00:00:00 WIB on the 18th (17:00 UTC on the 17th) to M + 1. A change is dated by its
visit's approval (`Kunjungan.diperiksa_at`). Since D is at most 28, every boundary of M
falls inside M, so the windows follow each other without a gap or an overlap even when
D changes between months.

Months are named by their first day (`datetime.date(2026, 11, 1)`).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from siksng.models import HARI_BATAS_BAWAAN, BulanSiksng, Pengaturan

WIB = ZoneInfo("Asia/Jakarta")


def hari_batas_berlaku() -> int:
    """The cut-off day Dinsos set (17 while nothing was set)."""
    pengaturan = Pengaturan.objects.filter(pk=1).first()
    return pengaturan.hari_batas if pengaturan else HARI_BATAS_BAWAAN


def awal_bulan(tanggal: datetime.date) -> datetime.date:
    return tanggal.replace(day=1)


def bulan_geser(bulan: datetime.date, langkah: int) -> datetime.date:
    """The month `langkah` months after (or before, negative) `bulan`."""
    indeks = bulan.year * 12 + bulan.month - 1 + langkah
    return datetime.date(indeks // 12, indeks % 12 + 1, 1)


def hari_batas(bulan: datetime.date, *, ditutup: dict[datetime.date, int] | None = None) -> int:
    """A month's cut-off day: the one fixed when it was closed, else the one in force."""
    if ditutup is None:
        ditutup = dict(BulanSiksng.objects.filter(bulan=bulan).values_list("bulan", "hari_batas"))
    if bulan in ditutup:
        return ditutup[bulan]
    return hari_batas_berlaku()


def batas(bulan: datetime.date, *, hari: int | None = None) -> datetime.datetime:
    """The end of a month's window (exclusive): 00:00 WIB the day after its cut-off day."""
    hari = hari_batas(bulan) if hari is None else hari
    return datetime.datetime(bulan.year, bulan.month, hari, tzinfo=WIB) + datetime.timedelta(days=1)


def bulan_untuk(waktu: datetime.datetime) -> datetime.date:
    """The month whose window holds this instant."""
    lokal = timezone.localtime(waktu, WIB)
    bulan = awal_bulan(lokal.date())
    return bulan if waktu < batas(bulan) else bulan_geser(bulan, 1)


def jendela(bulan: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Month M's window: [batas(M - 1), batas(M))."""
    return batas(bulan_geser(bulan, -1)), batas(bulan)


def bulan_ditutup(bulan: datetime.date) -> bool:
    return BulanSiksng.objects.filter(bulan=bulan).exists()


def bulan_muskel(waktu: datetime.datetime | None = None) -> datetime.date:
    """The month a muskel held now feeds: the month of now's window, or the first after it
    that Dinsos has not closed (closing early moves the next muskel to the next month)."""
    bulan = bulan_untuk(waktu or timezone.now())
    tutup = set(BulanSiksng.objects.filter(bulan__gte=bulan).values_list("bulan", flat=True))
    while bulan in tutup:
        bulan = bulan_geser(bulan, 1)
    return bulan


NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def nama_bulan(bulan: datetime.date) -> str:
    """ "November 2026": a month as its file is named on the pages."""
    return f"{NAMA_BULAN[bulan.month - 1]} {bulan.year}"
