"""The results in numbers: per kecamatan or kelurahan, for one program's period or for
every program of a period at once.

Each figure is one grouped query over the user's scope, grouped by area *and* period,
so all programs of a period cost what one does: four queries whatever the size of the
city or the number of programs (five where a program has a desil ceiling: the recipients
above it). The rows carry counts only, never a name or a number,
which is why pimpinan may read them (`bansos.selectors.rekap_cakupan`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.desil import PENERIMA_DI_ATAS_DESIL
from bansos.models import JenisVerifikasi, Kelayakan, Penerima, Periode, Verifikasi
from bansos.selectors import rekap_cakupan
from dasbor.tembolok import cakupan_pengguna, data_tersimpan
from lib.persen import persen_teks
from pendataan.models import Kunjungan, StatusKunjungan
from wilayah.models import Kecamatan, Kelurahan
from wilayah.selectors import kecamatan_for, kelurahan_for

MENUNGGU_PEMERIKSAAN = (StatusKunjungan.DIKIRIM, StatusKunjungan.DIKEMBALIKAN)


@dataclass
class BarisRekap:
    """One kecamatan or kelurahan of the results page (of one program's period)."""

    wilayah: Kecamatan | Kelurahan | None
    periode: Periode | None = None
    penerima: int = 0
    layak: int = 0
    tidak_layak: int = 0
    usulan: int = 0
    menunggu: int = 0
    di_atas_desil: int = 0  # recipients whose family's desil is above the program's ceiling

    @property
    def diverifikasi(self) -> int:
        return self.layak + self.tidak_layak

    @property
    def persen(self) -> str | None:
        return persen_teks(self.diverifikasi, self.penerima)

    def tambah(self, lain: BarisRekap) -> None:
        self.penerima += lain.penerima
        self.layak += lain.layak
        self.tidak_layak += lain.tidak_layak
        self.usulan += lain.usulan
        self.menunggu += lain.menunggu
        self.di_atas_desil += lain.di_atas_desil


@dataclass
class Rekap:
    """The rows (area by area; within an area, program by program), a total per
    program, and the grand total when there is a single program."""

    baris: list[BarisRekap]
    per_program: list[BarisRekap]


def nama_periode_list() -> list[str]:
    """The names of the active programs' periods, newest first ("2026 I" names the
    period of every program verified in that round)."""
    return list(
        Periode.objects.filter(program__aktif=True)
        .values("nama")
        .annotate(terbaru=Max("mulai"))
        .order_by("-terbaru", "nama")
        .values_list("nama", flat=True)
    )


def periode_bernama(nama: str) -> list[Periode]:
    """Every active program's period of that name, in the programs' order."""
    return list(
        Periode.objects.filter(program__aktif=True, nama=nama)
        .select_related("program")
        .order_by("program__sumber_dana", "program__nama")
    )


def rekap_program(
    *, user: User, periode_list: Sequence[Periode], kecamatan: Kecamatan | None
) -> Rekap:
    """The periods' results in the user's scope: per kelurahan of `kecamatan`, or, with
    none, per kecamatan of the city. Four queries (five with a desil ceiling), whatever
    the size or the programs; none while nothing in the scope changed since the last
    count (kept in the cache, dasbor/tembolok.py)."""
    peran = peran_efektif(user)
    bagian = (
        peran,
        user.kecamatan_id if peran == Peran.ADMIN_KECAMATAN else "",
        ",".join(str(p.pk) for p in periode_list),
        kecamatan.pk if kecamatan else "",
    )
    return data_tersimpan(
        "rekap_program",
        cakupan_pengguna(user),
        bagian,
        lambda: _rekap_program(user=user, periode_list=periode_list, kecamatan=kecamatan),
    )


def _rekap_program(
    *, user: User, periode_list: Sequence[Periode], kecamatan: Kecamatan | None
) -> Rekap:
    if kecamatan is None:
        wilayah = list(kecamatan_for(user))
        kunci = "keluarga__rw__kelurahan__kecamatan"
        saring = Q()
    else:
        wilayah = list(kelurahan_for(user).filter(kecamatan=kecamatan))
        kunci = "keluarga__rw__kelurahan"
        saring = Q(keluarga__rw__kelurahan__kecamatan=kecamatan)
    cakupan = rekap_cakupan(user)
    periode_pk = [p.pk for p in periode_list]
    baris = {(w.pk, p.pk): BarisRekap(wilayah=w, periode=p) for w in wilayah for p in periode_list}

    def per_wilayah(qs: QuerySet, periode: str, *kolom: str, distinct=False) -> Iterable[dict]:
        if cakupan is None:
            return []
        return (
            qs.filter(cakupan, saring, **{f"{periode}__in": periode_pk})
            .values(kunci, periode, *kolom)
            .annotate(n=Count("pk", distinct=distinct))
            .order_by()
        )

    def baris_of(r: dict, periode: str) -> BarisRekap | None:
        return baris.get((r[kunci], r[periode]))

    for r in per_wilayah(Penerima.objects.filter(aktif=True), "periode"):
        if b := baris_of(r, "periode"):
            b.penerima = r["n"]
    if any(p.program.batas_desil is not None for p in periode_list):
        di_atas = Penerima.objects.filter(PENERIMA_DI_ATAS_DESIL, aktif=True)
        for r in per_wilayah(di_atas, "periode"):
            if b := baris_of(r, "periode"):
                b.di_atas_desil = r["n"]
    for r in per_wilayah(Verifikasi.objects.filter(berlaku=True), "periode", "jenis", "hasil"):
        if not (b := baris_of(r, "periode")):
            continue
        if r["jenis"] == JenisVerifikasi.USULAN:
            b.usulan += r["n"]
        elif r["hasil"] == Kelayakan.LAYAK:
            b.layak += r["n"]
        else:
            b.tidak_layak += r["n"]
    menunggu = Kunjungan.objects.filter(status__in=MENUNGGU_PEMERIKSAAN)
    # a visit has a finding per recipient: counted once per period
    for r in per_wilayah(menunggu, "verifikasi_set__periode", distinct=True):
        if b := baris_of(r, "verifikasi_set__periode"):
            b.menunggu = r["n"]

    per_program = []
    for p in periode_list:
        jumlah = BarisRekap(wilayah=kecamatan, periode=p)
        for w in wilayah:
            jumlah.tambah(baris[(w.pk, p.pk)])
        per_program.append(jumlah)
    return Rekap(baris=list(baris.values()), per_program=per_program)


def rekap_hasil(
    *, user: User, periode: Periode, kecamatan: Kecamatan | None
) -> tuple[list[BarisRekap], BarisRekap]:
    """One program's period: its rows and their total."""
    rekap = rekap_program(user=user, periode_list=[periode], kecamatan=kecamatan)
    return rekap.baris, rekap.per_program[0]
