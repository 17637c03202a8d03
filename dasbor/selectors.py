"""Scoped reads of the dashboards' summary rows: who sees which.

- petugas: the rows of the RW of their active placement;
- admin kecamatan: the rows of their kecamatan;
- Dinsos, pimpinan and superadmin: the whole city. The rows name an officer by id
  only; a page for an aggregates-only role (pimpinan) must not join their name.
- BKPSDM: none here (officer activity comes from their own pages).

Every figure is read from the summary rows, never from the base tables of the city,
except the few that are per day or per point (visits of the last 14 days, the map of
visit points), which read the visits of one kecamatan by its RWs.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, Floor, TruncDate
from django.utils import timezone

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.models import Periode
from bansos.selectors import periode_terbaru
from dasbor.models import RingkasanPenerimaRW, RingkasanRW
from pendataan.models import Kunjungan, StatusKunjungan
from wilayah.models import Kecamatan

PERAN_SEKOTA = {Peran.DINSOS, Peran.PIMPINAN, Peran.SUPERADMIN}
HARI_AKTIVITAS = 14
HARI_DIAM = 3  # an officer with no visit for this many days is idle


def _cakupan(user: User, ringkasan: QuerySet) -> QuerySet:
    """Summary rows (of either table: both carry `kecamatan` and `rw`) in the user's scope."""
    peran = peran_efektif(user)
    if peran in PERAN_SEKOTA:
        return ringkasan
    if peran == Peran.ADMIN_KECAMATAN:
        return ringkasan.filter(kecamatan_id=user.kecamatan_id)
    if peran == Peran.PETUGAS:
        return ringkasan.filter(
            rw__penugasan_set__petugas__user=user, rw__penugasan_set__selesai__isnull=True
        )
    return ringkasan.none()


def ringkasan_rw_for(user: User) -> QuerySet[RingkasanRW]:
    return _cakupan(user, RingkasanRW.objects.all())


def ringkasan_penerima_for(user: User) -> QuerySet[RingkasanPenerimaRW]:
    return _cakupan(user, RingkasanPenerimaRW.objects.all())


def kemajuan_petugas(user: User) -> list[RingkasanRW]:
    """The officer's RW row(s), each with `penerima_belum`: recipients of the list being
    verified now (each active program's newest period) with no finding yet, as the
    worklist counts them. One query."""
    terbaru = RingkasanPenerimaRW.objects.filter(
        rw=OuterRef("rw"), periode__program__aktif=True
    ).exclude(
        Exists(
            Periode.objects.filter(
                program=OuterRef("periode__program"), mulai__gt=OuterRef("periode__mulai")
            )
        )
    )
    belum = (
        terbaru.values("rw")
        .annotate(s=Sum(F("jumlah_penerima") - F("dicek")))
        .values("s")
        .order_by()
    )
    return list(
        ringkasan_rw_for(user)
        .annotate(penerima_belum=Coalesce(Subquery(belum), 0))
        .order_by("rw_id")
    )


@dataclass
class Kemajuan:
    """Figures of a set of RWs added up (a kecamatan, a kelurahan, one RW)."""

    jumlah_rw: int = 0
    rw_kosong: int = 0
    jumlah_keluarga: int = 0
    keluarga_dikunjungi: int = 0
    kunjungan_menunggu: int = 0
    kunjungan_ditandai: int = 0
    kunjungan_dikembalikan: int = 0
    kunjungan_disetujui: int = 0
    jumlah_penerima: int = 0
    dicek: int = 0
    terverifikasi: int = 0
    layak: int = 0
    tidak_layak: int = 0
    alasan: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated_at: datetime.datetime | None = None  # the oldest row's

    def tambah_rw(self, r: RingkasanRW) -> None:
        self.jumlah_rw += 1
        self.rw_kosong += r.petugas_id is None
        for nama in (
            "jumlah_keluarga",
            "keluarga_dikunjungi",
            "kunjungan_menunggu",
            "kunjungan_ditandai",
            "kunjungan_dikembalikan",
            "kunjungan_disetujui",
        ):
            setattr(self, nama, getattr(self, nama) + getattr(r, nama))
        if self.updated_at is None or r.updated_at < self.updated_at:
            self.updated_at = r.updated_at

    @property
    def alasan_urut(self) -> list[tuple[str, int]]:
        """Reasons for tidak layak, most frequent first (a template cannot read a
        defaultdict's items: it looks the key "items" up and gets 0)."""
        return sorted(self.alasan.items(), key=lambda a: (-a[1], a[0]))

    def tambah_penerima(self, baris: tuple) -> None:
        """Add one row of KOLOM_PENERIMA (read as values, not as models: a kecamatan has a
        few hundred, one per RW and period)."""
        n, dicek, terverifikasi, layak, tidak_layak, alasan = baris
        self.jumlah_penerima += n
        self.dicek += dicek
        self.terverifikasi += terverifikasi
        self.layak += layak
        self.tidak_layak += tidak_layak
        for kode, jumlah in alasan.items():
            self.alasan[kode] += jumlah


KOLOM_PENERIMA = ("jumlah_penerima", "dicek", "terverifikasi", "layak", "tidak_layak", "alasan")


@dataclass
class Dasbor:
    total: Kemajuan
    per_kelurahan: dict[int, Kemajuan]
    per_rw: dict[int, Kemajuan]
    rw_list: list[RingkasanRW]


def dasbor_hitung(
    ringkasan: QuerySet[RingkasanRW],
    penerima: QuerySet[RingkasanPenerimaRW],
    periode_ids: list[int],
) -> Dasbor:
    """Add up these RW rows (one kecamatan's or kelurahan's: at most a hundred or so)
    per kelurahan, per RW and in total; recipients of these periods. Two queries."""
    rw_list = list(
        ringkasan.select_related("rw__kelurahan", "petugas")
        .only(
            *(f.name for f in RingkasanRW._meta.concrete_fields),
            "rw__nomor",
            "rw__latitude",
            "rw__longitude",
            "rw__kelurahan__kode",
            "rw__kelurahan__nama",
            "petugas__nama",
        )
        .order_by("rw__kelurahan__kode", "rw__nomor")
    )
    total = Kemajuan()
    per_kelurahan: dict[int, Kemajuan] = defaultdict(Kemajuan)
    per_rw: dict[int, Kemajuan] = defaultdict(Kemajuan)
    kelurahan_rw = {}
    for r in rw_list:
        kelurahan_rw[r.rw_id] = r.kelurahan_id
        for k in (total, per_kelurahan[r.kelurahan_id], per_rw[r.rw_id]):
            k.tambah_rw(r)
    rw_ids = list(kelurahan_rw)
    baris = penerima.filter(rw_id__in=rw_ids, periode_id__in=periode_ids).values_list(
        "rw_id", *KOLOM_PENERIMA
    )
    for rw_id, *angka in baris:
        for k in (total, per_kelurahan[kelurahan_rw[rw_id]], per_rw[rw_id]):
            k.tambah_penerima(angka)
    return Dasbor(total, dict(per_kelurahan), dict(per_rw), rw_list)


def periode_pilihan(teks: str | None) -> tuple[list[Periode], Periode | None]:
    """The periods a dashboard shows: the one asked for (?periode=<pk>), else the list
    being verified now (each active program's newest). Returns (periods, the one asked)."""
    terbaru = periode_terbaru()
    if teks and teks.isascii() and teks.isdigit():  # not "²", which int() refuses
        dipilih = Periode.objects.select_related("program").filter(pk=int(teks)).first()
        if dipilih is not None:
            return [dipilih], dipilih
    return terbaru, None


def kunjungan_per_hari(
    *, kecamatan: Kecamatan, rw_ids: list[int], hari: int = HARI_AKTIVITAS
) -> list[tuple[datetime.date, int]]:
    """Visits sent per day in the kecamatan over the last `hari` days (today included),
    every day listed, none left out. Read by the kecamatan's RWs and the date."""
    hari_ini = timezone.localdate()
    awal = hari_ini - datetime.timedelta(days=hari - 1)
    mulai = timezone.make_aware(datetime.datetime.combine(awal, datetime.time()))
    per_hari = dict(
        Kunjungan.objects.filter(rw_id__in=rw_ids, created_at__gte=mulai)
        .annotate(hari=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("hari")
        .annotate(n=Count("pk"))
        .values_list("hari", "n")
        .order_by()
    )
    return [
        (awal + datetime.timedelta(days=i), per_hari.get(awal + datetime.timedelta(days=i), 0))
        for i in range(hari)
    ]


def rw_diam(rw_list: list[RingkasanRW], *, hari: int = HARI_DIAM) -> list[RingkasanRW]:
    """RWs with an officer who has sent no visit there for `hari` days or more."""
    batas = timezone.now() - datetime.timedelta(days=hari)
    return [
        r
        for r in rw_list
        if r.petugas_id and (r.kunjungan_terakhir_at is None or r.kunjungan_terakhir_at < batas)
    ]


# Grid cells per zoom level for the map of visit points: about 48 screen pixels.
def _sel_derajat(zoom: int) -> float:
    return 360 / (2 ** max(0, min(zoom, 20))) / 256 * 48


MAKS_SEL = 400


def titik_kunjungan(
    *,
    rw_ids: list[int],
    mulai: datetime.date | None,
    zoom: int,
    kotak: tuple[float, float, float, float] | None,
) -> list[dict]:
    """The kecamatan's visit points (not rejected, sent from `mulai`), grouped into grid
    cells of about 48 px at this zoom inside the box (south, west, north, east).

    A cell of one visit carries its id (`kunjungan`, the visit's pk) for the link; a
    cell of many, the count and the mean point. At most MAKS_SEL cells."""
    kunjungan = Kunjungan.objects.filter(rw_id__in=rw_ids, latitude__isnull=False).exclude(
        status=StatusKunjungan.DITOLAK
    )
    if mulai is not None:
        kunjungan = kunjungan.filter(
            created_at__gte=timezone.make_aware(datetime.datetime.combine(mulai, datetime.time()))
        )
    if kotak is not None:
        s, w, n, e = kotak
        kunjungan = kunjungan.filter(
            latitude__gte=s, latitude__lte=n, longitude__gte=w, longitude__lte=e
        )
    sel = _sel_derajat(zoom)
    lat, lng = Cast("latitude", FloatField()), Cast("longitude", FloatField())
    baris = list(
        kunjungan.annotate(sy=Floor(lat / sel), sx=Floor(lng / sel))
        .values("sy", "sx")
        .annotate(n=Count("pk"), lat=Avg(lat), lng=Avg(lng), satu=Min("pk"))
        .order_by("-n", "satu")[:MAKS_SEL]
    )
    return [
        {
            "lat": round(float(b["lat"]), 6),
            "lng": round(float(b["lng"]), 6),
            "n": b["n"],
            **({"kunjungan": b["satu"]} if b["n"] == 1 else {}),
        }
        for b in baris
    ]
