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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Kalender:
    """The cut-off day in force and the closed months' days, read once (two queries: a
    page asks many questions of the calendar)."""

    hari_berlaku: int
    ditutup: dict[datetime.date, int]

    @classmethod
    def baca(cls) -> Kalender:
        return cls(
            hari_berlaku=hari_batas_berlaku(),
            ditutup=dict(BulanSiksng.objects.values_list("bulan", "hari_batas")),
        )

    def hari_batas(self, bulan: datetime.date) -> int:
        """A month's cut-off day: the one fixed when it was closed, else the one in force."""
        return self.ditutup.get(bulan, self.hari_berlaku)

    def batas(self, bulan: datetime.date) -> datetime.datetime:
        """The end of a month's window (exclusive): 00:00 WIB the day after its cut-off."""
        hari = self.hari_batas(bulan)
        awal = datetime.datetime(bulan.year, bulan.month, hari, tzinfo=WIB)
        return awal + datetime.timedelta(days=1)

    def bulan_untuk(self, waktu: datetime.datetime) -> datetime.date:
        """The month whose window holds this instant."""
        bulan = awal_bulan(timezone.localtime(waktu, WIB).date())
        return bulan if waktu < self.batas(bulan) else bulan_geser(bulan, 1)

    def jendela(self, bulan: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        """Month M's window: [batas(M - 1), batas(M))."""
        return self.batas(bulan_geser(bulan, -1)), self.batas(bulan)

    def bulan_muskel(self, waktu: datetime.datetime) -> datetime.date:
        """The month a muskel held at `waktu` feeds: the month of its window, or the first
        after it Dinsos has not closed (closing early moves the next muskel on)."""
        bulan = self.bulan_untuk(waktu)
        while bulan in self.ditutup:
            bulan = bulan_geser(bulan, 1)
        return bulan


def hari_batas(bulan: datetime.date) -> int:
    return Kalender.baca().hari_batas(bulan)


def batas(bulan: datetime.date) -> datetime.datetime:
    return Kalender.baca().batas(bulan)


def bulan_untuk(waktu: datetime.datetime) -> datetime.date:
    return Kalender.baca().bulan_untuk(waktu)


def jendela(bulan: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return Kalender.baca().jendela(bulan)


def bulan_muskel(waktu: datetime.datetime | None = None) -> datetime.date:
    return Kalender.baca().bulan_muskel(waktu or timezone.now())


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
