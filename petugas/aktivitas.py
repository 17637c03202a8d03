"""Officer activity across the city, for BKPSDM: who is working and who has not
visited a family in N days, per OPD and per kecamatan.

Two queries whatever the size: the active placements (733 at city scale), and the
visits grouped by officer (their last visit and how many in the window), which the
index (petugas, created_at) answers without reading the visits' rows. No household
data leaves here: counts and dates only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from akun.models import User
from lib.xlsx import buku_xlsx
from pendataan.models import Kunjungan
from petugas.models import Petugas
from petugas.selectors import penugasan_for
from wilayah.models import RW

HARI_PILIHAN = (1, 3, 7, 14, 30)
HARI_BAKU = 3


@dataclass
class AktivitasPetugas:
    petugas: Petugas
    rw: RW
    terakhir: datetime.datetime | None  # the last visit, wherever it was
    jumlah: int  # visits in the window

    @property
    def bekerja(self) -> bool:
        return self.jumlah > 0


@dataclass
class Kelompok:
    """Officers of an OPD or a kecamatan: placed, working, idle."""

    nama: str
    pk: int
    ditempatkan: int = 0
    bekerja: int = 0
    kunjungan: int = 0

    @property
    def diam(self) -> int:
        return self.ditempatkan - self.bekerja


@dataclass
class Aktivitas:
    hari: int
    sejak: datetime.datetime
    petugas: list[AktivitasPetugas] = field(default_factory=list)
    per_opd: list[Kelompok] = field(default_factory=list)
    per_kecamatan: list[Kelompok] = field(default_factory=list)

    @property
    def bekerja(self) -> int:
        return sum(1 for a in self.petugas if a.bekerja)

    @property
    def diam(self) -> int:
        return len(self.petugas) - self.bekerja


def aktivitas_petugas(*, user: User, hari: int, now: datetime.datetime | None = None) -> Aktivitas:
    """The placed officers in the user's scope (BKPSDM: the city) and their visits in
    the last `hari` days; idle ones (no visit in the window) first, longest idle first."""
    sejak = (now or timezone.now()) - datetime.timedelta(days=hari)
    penugasan = (
        penugasan_for(user)
        .filter(selesai__isnull=True)
        .select_related(None)
        .select_related("petugas__opd", "rw__kelurahan__kecamatan")
        .defer("rw__batas", "rw__kelurahan__batas", "rw__kelurahan__kecamatan__batas")
    )
    penugasan = list(penugasan)
    kunjungan = {
        r["petugas"]: r
        for r in Kunjungan.objects.filter(petugas__in=[p.petugas_id for p in penugasan])
        .values("petugas")
        .annotate(terakhir=Max("created_at"), jumlah=Count("pk", filter=Q(created_at__gte=sejak)))
        .order_by()
    }
    hasil = Aktivitas(hari=hari, sejak=sejak)
    opd: dict[int, Kelompok] = {}
    kecamatan: dict[int, Kelompok] = {}
    for p in penugasan:
        r = kunjungan.get(p.petugas_id, {})
        a = AktivitasPetugas(
            petugas=p.petugas, rw=p.rw, terakhir=r.get("terakhir"), jumlah=r.get("jumlah", 0)
        )
        hasil.petugas.append(a)
        kec = p.rw.kelurahan.kecamatan
        for kelompok in (
            opd.setdefault(
                p.petugas.opd_id, Kelompok(nama=str(p.petugas.opd), pk=p.petugas.opd_id)
            ),
            kecamatan.setdefault(kec.pk, Kelompok(nama=kec.nama, pk=kec.pk)),
        ):
            kelompok.ditempatkan += 1
            kelompok.bekerja += a.bekerja
            kelompok.kunjungan += a.jumlah
    awal = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    hasil.petugas.sort(key=lambda a: (a.bekerja, a.terakhir or awal, a.petugas.nama))
    hasil.per_opd = sorted(opd.values(), key=lambda k: (-k.diam, k.nama))
    hasil.per_kecamatan = sorted(kecamatan.values(), key=lambda k: k.nama)
    return hasil


def xlsx_aktivitas(data: Aktivitas, daftar: list[AktivitasPetugas]) -> bytes:
    """The figures per OPD and kecamatan, and the officers listed, as one workbook."""
    kepala_kelompok = [
        _("Ditempatkan"),
        _("Bekerja"),
        _("Belum berkunjung %(n)s hari") % {"n": data.hari},
        _("Kunjungan"),
    ]

    def kelompok(daftar_: list[Kelompok]) -> list[list]:
        return [[k.nama, k.ditempatkan, k.bekerja, k.diam, k.kunjungan] for k in daftar_]

    def waktu(a: AktivitasPetugas) -> datetime.datetime | None:
        # Excel keeps no time zone: the city's local time, as the page shows it
        return timezone.localtime(a.terakhir).replace(tzinfo=None) if a.terakhir else None

    return buku_xlsx(
        [
            (_("Per OPD"), [_("OPD"), *kepala_kelompok], kelompok(data.per_opd)),
            (_("Per kecamatan"), [_("Kecamatan"), *kepala_kelompok], kelompok(data.per_kecamatan)),
            (
                _("Petugas"),
                [
                    _("Nama"),
                    _("NI PPPK"),
                    _("OPD"),
                    _("Kecamatan"),
                    _("Kelurahan"),
                    _("RW"),
                    _("Kunjungan terakhir"),
                    _("Kunjungan %(n)s hari") % {"n": data.hari},
                ],
                [
                    [
                        a.petugas.nama,
                        a.petugas.ni_pppk,
                        str(a.petugas.opd),
                        a.rw.kelurahan.kecamatan.nama,
                        a.rw.kelurahan.nama,
                        a.rw.nomor,
                        waktu(a),
                        a.jumlah,
                    ]
                    for a in daftar
                ],
            ),
        ]
    )
