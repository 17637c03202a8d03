"""The results in numbers: per kecamatan or kelurahan, for one program's period or for
every program of a period at once.

The figures are the RW summaries (dasbor.RingkasanPenerimaRW) added up over the user's
scope, grouped by area *and* period: one query whatever the size of the city or the
number of programs. A summary follows its writes on commit (dasbor/tandai.py), so a
page says when its newest row was counted. The rows carry counts only, never a name or
a number, which is why pimpinan may read them (`bansos.selectors.rekap_cakupan`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Max, Q, Sum

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.models import Periode
from bansos.selectors import rekap_cakupan
from dasbor.models import RingkasanPenerimaRW
from dasbor.tembolok import cakupan_pengguna, data_tersimpan
from lib.persen import persen_teks
from wilayah.models import Kecamatan, Kelurahan
from wilayah.selectors import kecamatan_for, kelurahan_for


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
    diperbarui: datetime.datetime | None = None  # the newest summary row counted


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
    none, per kecamatan of the city. One query over the summaries (and the areas'),
    whatever the size or the programs; none while nothing in the scope changed since
    the last count (kept in the cache, dasbor/tembolok.py)."""
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


def _cakupan_ringkasan(user: User) -> Q | None:
    """`rekap_cakupan` on the RW summaries: the city, the admin's kecamatan, or None."""
    if rekap_cakupan(user) is None:
        return None
    if peran_efektif(user) == Peran.ADMIN_KECAMATAN:
        return Q(kecamatan_id=user.kecamatan_id)
    return Q()


def _rekap_program(
    *, user: User, periode_list: Sequence[Periode], kecamatan: Kecamatan | None
) -> Rekap:
    """Added up from the RW summaries (dasbor.RingkasanPenerimaRW, kept by every write
    that changes them): at most 733 rows a program, one grouped query, never the
    recipients, findings and visits of the city (1-9 s at 300,000 families)."""
    if kecamatan is None:
        wilayah = list(kecamatan_for(user))
        kunci = "kecamatan_id"
        saring = Q()
    else:
        wilayah = list(kelurahan_for(user).filter(kecamatan=kecamatan))
        kunci = "rw__kelurahan_id"
        saring = Q(kecamatan=kecamatan)
    cakupan = _cakupan_ringkasan(user)
    baris = {(w.pk, p.pk): BarisRekap(wilayah=w, periode=p) for w in wilayah for p in periode_list}
    diperbarui = None
    if cakupan is not None:
        ringkasan = (
            RingkasanPenerimaRW.objects.filter(
                cakupan, saring, periode_id__in=[p.pk for p in periode_list]
            )
            .values(kunci, "periode_id")
            .annotate(
                penerima=Sum("jumlah_penerima"),
                layak=Sum("layak"),
                tidak_layak=Sum("tidak_layak"),
                usulan=Sum("usulan"),
                menunggu=Sum("menunggu"),
                di_atas_desil=Sum("di_atas_desil"),
                diperbarui=Max("updated_at"),
            )
            .order_by()
        )
        for r in ringkasan:
            if b := baris.get((r[kunci], r["periode_id"])):
                for kolom in ("penerima", "layak", "tidak_layak", "usulan", "menunggu"):
                    setattr(b, kolom, r[kolom])
                b.di_atas_desil = r["di_atas_desil"]
                diperbarui = max(filter(None, (diperbarui, r["diperbarui"])), default=None)

    per_program = []
    for p in periode_list:
        jumlah = BarisRekap(wilayah=kecamatan, periode=p)
        for w in wilayah:
            jumlah.tambah(baris[(w.pk, p.pk)])
        per_program.append(jumlah)
    return Rekap(baris=list(baris.values()), per_program=per_program, diperbarui=diperbarui)


def rekap_hasil(
    *, user: User, periode: Periode, kecamatan: Kecamatan | None
) -> tuple[list[BarisRekap], BarisRekap, datetime.datetime | None]:
    """One program's period: its rows, their total, and when the newest was counted."""
    rekap = rekap_program(user=user, periode_list=[periode], kecamatan=kecamatan)
    return rekap.baris, rekap.per_program[0], rekap.diperbarui
