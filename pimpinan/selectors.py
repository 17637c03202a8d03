"""The city's figures for pimpinan: per kecamatan and kelurahan, never a person.

Read from the summary rows per RW (dasbor.RingkasanRW, RingkasanPenerimaRW, through
dasbor's scoped selectors), kept by the writes, so a page costs a few grouped reads
of 733 rows, not a scan of the city's 300,000 families. Nothing here names a
resident or carries a NIK or KK: area names, counts and shares only. The weekly
trend counts visits by week over the index on their time.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import number_format

from akun.models import User
from bansos.models import AlasanTidakLayak
from dasbor.selectors import ringkasan_penerima_for, ringkasan_rw_for
from lib.persen import persen_teks
from pendataan.models import Kunjungan, StatusKunjungan
from wilayah.models import Kecamatan, Kelurahan
from wilayah.selectors import kecamatan_for, kelurahan_for

MINGGU_TREN = 12
ALASAN_UTAMA = 3
ALASAN = dict(AlasanTidakLayak.choices)


@dataclass
class BarisWilayah:
    """A kecamatan's or kelurahan's figures (or their total, `wilayah` None)."""

    wilayah: Kecamatan | Kelurahan | None
    jumlah_keluarga: int = 0
    keluarga_dikunjungi: int = 0
    jumlah_penerima: int = 0
    terverifikasi: int = 0
    layak: int = 0
    tidak_layak: int = 0
    alasan: Counter = field(default_factory=Counter)

    def tambah(self, lain: BarisWilayah) -> None:
        self.jumlah_keluarga += lain.jumlah_keluarga
        self.keluarga_dikunjungi += lain.keluarga_dikunjungi
        self.jumlah_penerima += lain.jumlah_penerima
        self.terverifikasi += lain.terverifikasi
        self.layak += lain.layak
        self.tidak_layak += lain.tidak_layak
        self.alasan.update(lain.alasan)

    @property
    def nama(self) -> str:
        return self.wilayah.nama if self.wilayah else ""

    @property
    def persen_dikunjungi(self) -> str | None:
        return persen_teks(self.keluarga_dikunjungi, self.jumlah_keluarga)

    @property
    def persen_terverifikasi(self) -> str | None:
        return persen_teks(self.terverifikasi, self.jumlah_penerima)

    @property
    def persen_tidak_layak(self) -> str | None:
        """Of the recipients verified, the share found tidak layak."""
        return persen_teks(self.tidak_layak, self.terverifikasi)

    @property
    def penerima_per_keluarga(self) -> float | None:
        if not self.jumlah_keluarga:
            return None
        return round(self.jumlah_penerima / self.jumlah_keluarga, 2)

    @property
    def penerima_per_keluarga_teks(self) -> str:
        nilai = self.penerima_per_keluarga
        return "–" if nilai is None else number_format(nilai, decimal_pos=2)

    def alasan_list(self, batas: int | None = None) -> list[tuple[str, int, str | None]]:
        """(reason, count, share of the tidak layak), most frequent first."""
        return [
            (str(ALASAN.get(kode, kode)), n, persen_teks(n, self.tidak_layak))
            for kode, n in sorted(self.alasan.items(), key=lambda x: (-x[1], x[0]))[:batas]
        ]

    @property
    def alasan_utama(self) -> list[tuple[str, int, str | None]]:
        return self.alasan_list(ALASAN_UTAMA)


@dataclass
class MingguTren:
    mulai: datetime.date
    kunjungan: int = 0
    disetujui: int = 0


@dataclass
class DasborPimpinan:
    kecamatan: Kecamatan | None
    nama_periode: str
    per_kecamatan: list[BarisWilayah]  # the city, always
    per_kelurahan: list[BarisWilayah]  # of `kecamatan`, or the whole city
    jumlah: BarisWilayah  # of `kecamatan`, or the whole city
    diperbarui: datetime.datetime | None  # the oldest summary row read
    tren: list[MingguTren]


def _tren(*, kecamatan: Kecamatan | None, minggu: int) -> list[MingguTren]:
    """Visits sent per week (Monday to Sunday, the city's time), and of them approved."""
    hari_ini = timezone.localdate()
    senin = hari_ini - datetime.timedelta(days=hari_ini.weekday())
    daftar = [MingguTren(mulai=senin - datetime.timedelta(weeks=i)) for i in range(minggu)][::-1]
    awal = timezone.make_aware(datetime.datetime.combine(daftar[0].mulai, datetime.time()))
    kunjungan = Kunjungan.objects.filter(created_at__gte=awal)
    if kecamatan is not None:
        kunjungan = kunjungan.filter(rw__kelurahan__kecamatan=kecamatan)
    per_minggu = {m.mulai: m for m in daftar}
    for r in (
        kunjungan.annotate(minggu=TruncWeek("created_at"))
        .values("minggu")
        .annotate(n=Count("pk"), disetujui=Count("pk", filter=Q(status=StatusKunjungan.DISETUJUI)))
        .order_by()
    ):
        tanggal = r["minggu"].date() if isinstance(r["minggu"], datetime.datetime) else r["minggu"]
        if m := per_minggu.get(tanggal):
            m.kunjungan, m.disetujui = r["n"], r["disetujui"]
    return daftar


def dasbor_pimpinan_for(
    user: User, *, nama_periode: str, kecamatan: Kecamatan | None = None
) -> DasborPimpinan:
    """The figures of the user's scope (pimpinan: the city) for the round `nama_periode`
    (every active program's period of that name, their recipients summed)."""
    kecamatan_list = list(kecamatan_for(user).order_by("nama"))
    kelurahan = kelurahan_for(user).order_by("kecamatan__nama", "nama")
    if kecamatan is not None:
        kelurahan = kelurahan.filter(kecamatan=kecamatan)
    per_kelurahan = {k.pk: BarisWilayah(wilayah=k) for k in kelurahan}
    kecamatan_ids = {k.pk for k in kecamatan_list}

    ringkasan_rw = ringkasan_rw_for(user).filter(kecamatan_id__in=kecamatan_ids)
    diperbarui = []
    per_kecamatan = {k.pk: BarisWilayah(wilayah=k) for k in kecamatan_list}
    for r in (
        ringkasan_rw.values("kecamatan_id", "kelurahan_id")
        .annotate(
            keluarga=Sum("jumlah_keluarga"),
            dikunjungi=Sum("keluarga_dikunjungi"),
            lama=Min("updated_at"),
        )
        .order_by()
    ):
        diperbarui.append(r["lama"])
        for b in (per_kecamatan.get(r["kecamatan_id"]), per_kelurahan.get(r["kelurahan_id"])):
            if b is not None:
                b.jumlah_keluarga += r["keluarga"]
                b.keluarga_dikunjungi += r["dikunjungi"]

    penerima = ringkasan_penerima_for(user).filter(
        kecamatan_id__in=kecamatan_ids,
        periode__nama=nama_periode,
        periode__program__aktif=True,
    )
    for kec_id, kel_id, n, terverifikasi, layak, tidak_layak, alasan in penerima.values_list(
        "kecamatan_id",
        "rw__kelurahan_id",
        "jumlah_penerima",
        "terverifikasi",
        "layak",
        "tidak_layak",
        "alasan",
    ):
        for b in (per_kecamatan.get(kec_id), per_kelurahan.get(kel_id)):
            if b is not None:
                b.jumlah_penerima += n
                b.terverifikasi += terverifikasi
                b.layak += layak
                b.tidak_layak += tidak_layak
                b.alasan.update(alasan)

    jumlah = BarisWilayah(wilayah=kecamatan)
    for b in per_kelurahan.values() if kecamatan else per_kecamatan.values():
        jumlah.tambah(b)
    return DasborPimpinan(
        kecamatan=kecamatan,
        nama_periode=nama_periode,
        per_kecamatan=list(per_kecamatan.values()),
        per_kelurahan=list(per_kelurahan.values()),
        jumlah=jumlah,
        diperbarui=min(diperbarui) if diperbarui else None,
        tren=_tren(kecamatan=kecamatan, minggu=MINGGU_TREN),
    )
