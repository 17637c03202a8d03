"""Which families the RW officer should visit first, and why: the worklist's risk rules.

Each rule has a key, a weight and a sentence saying why, shown on the family. An open
ground-check task (usul/sanggah, bansos.TugasLapangan) tops the list whatever else;
the other rules weigh only for a family with a recipient still to verify, as the
worklist's purpose is that verification:

- a recipient above their program's desil ceiling (bansos.desil);
- a recipient recorded as deceased, or moved;
- the family recorded as moved on its last visit;
- not met on its last visit;
- and, as an order key among the rest (it changes with the clock, it weighs nothing):
  never visited first, then the longest since the last visit.

`anotasi_risiko` puts the rules on a queryset of the RW's families as per-family
probes (lib/kueri.ExistsPerBaris) and subqueries by the family's own index, so the
worklist keeps its plan for one RW (tests/pendataan/test_daftar_kerja_rencana.py);
`alasan_risiko` writes the sentences for the families a page (or the phone) shows,
with two queries whatever their number.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansos.models import Penerima, StatusTugas, TugasLapangan
from lib.kueri import ExistsPerBaris
from pendataan.models import HasilKunjungan, Keluarga, Kunjungan, StatusAnggota, StatusKunjungan


@dataclass(frozen=True)
class Aturan:
    kunci: str
    bobot: int
    keterangan: str  # what the rule looks at, for the page that explains the order


TUGAS = Aturan("tugas", 1000, gettext_lazy("Ada tugas cek lapangan (usul/sanggah) terbuka"))
DI_ATAS_DESIL = Aturan("di_atas_desil", 40, gettext_lazy("Desil keluarga di atas batas program"))
MENINGGAL = Aturan("meninggal", 30, gettext_lazy("Penerima tercatat meninggal"))
PINDAH = Aturan("pindah", 20, gettext_lazy("Keluarga atau penerima tercatat pindah"))
TIDAK_DITEMUI = Aturan("tidak_ditemui", 10, gettext_lazy("Tidak ditemui pada kunjungan terakhir"))
LAMA = Aturan("lama", 0, gettext_lazy("Belum dikunjungi paling lama (urutan, tanpa bobot)"))
ATURAN = (TUGAS, DI_ATAS_DESIL, MENINGGAL, PINDAH, TIDAK_DITEMUI, LAMA)

# a last visit this long ago is worth saying on the family
LAMA_DISEBUT = datetime.timedelta(days=90)
HASIL_TIDAK_DITEMUI = (
    HasilKunjungan.TIDAK_ADA_ORANG,
    HasilKunjungan.MENOLAK,
    HasilKunjungan.RUMAH_KOSONG,
    HasilKunjungan.TIDAK_DITEMUKAN,
)


def _penerima_kini(periode_ids: list[int]) -> QuerySet[Penerima]:
    return Penerima.objects.filter(keluarga=OuterRef("pk"), aktif=True, periode__in=periode_ids)


def _orang_berstatus(status: str) -> Q:
    return Q(anggota__status=status) | Q(terdaftar__status=status)


def anotasi_risiko(keluarga: QuerySet[Keluarga], *, periode_ids: list[int]) -> QuerySet[Keluarga]:
    """The rules as columns of each family, and `skor_risiko` (the weights that hold).
    `perlu_verifikasi` must be annotated already (pendataan.selectors)."""
    kini = _penerima_kini(periode_ids)
    terakhir = (
        Kunjungan.objects.filter(keluarga=OuterRef("pk"))
        .exclude(status=StatusKunjungan.DITOLAK)
        .order_by("-created_at")
    )
    keluarga = keluarga.annotate(
        r_tugas=ExistsPerBaris(
            TugasLapangan.objects.filter(keluarga=OuterRef("pk"), status=StatusTugas.TERBUKA)
        ),
        r_desil=ExistsPerBaris(kini.filter(periode__program__batas_desil__lt=OuterRef("desil"))),
        r_meninggal=ExistsPerBaris(kini.filter(_orang_berstatus(StatusAnggota.MENINGGAL))),
        r_pindah_orang=ExistsPerBaris(kini.filter(_orang_berstatus(StatusAnggota.PINDAH))),
        hasil_terakhir=Subquery(terakhir.values("hasil")[:1]),
        waktu_terakhir=Subquery(terakhir.values("created_at")[:1]),
    )

    def bobot(aturan: Aturan, kondisi: Q) -> Case:
        return Case(
            When(kondisi, then=Value(aturan.bobot)), default=Value(0), output_field=IntegerField()
        )

    verifikasi = Q(perlu_verifikasi=True)
    return keluarga.annotate(
        skor_risiko=bobot(TUGAS, Q(r_tugas=True))
        + bobot(DI_ATAS_DESIL, verifikasi & Q(r_desil=True))
        + bobot(MENINGGAL, verifikasi & Q(r_meninggal=True))
        + bobot(
            PINDAH,
            verifikasi & (Q(r_pindah_orang=True) | Q(hasil_terakhir=HasilKunjungan.PINDAH)),
        )
        + bobot(TIDAK_DITEMUI, verifikasi & Q(hasil_terakhir__in=HASIL_TIDAK_DITEMUI)),
        # among the recipients to verify: never visited first, then the longest ago
        urut_lama=Case(When(verifikasi, then="waktu_terakhir"), default=None),
    )


URUTAN_RISIKO = ("-skor_risiko",)


@dataclass(frozen=True)
class Alasan:
    kunci: str
    teks: str


def alasan_risiko(keluarga: list[Keluarga], *, sekarang: datetime.datetime | None = None) -> None:
    """Set `alasan_risiko` (a list of Alasan, heaviest first) on each of these families,
    annotated by `anotasi_risiko`. Three queries at most, whatever their number, none
    when no family of them has a risk that needs its details."""
    from bansos.selectors import periode_terbaru  # bansos reads pendataan's selectors

    sekarang = sekarang or timezone.now()
    for k in keluarga:
        k.alasan_risiko = []
    dengan_tugas = [k.pk for k in keluarga if k.r_tugas]
    tugas: dict[int, list[TugasLapangan]] = defaultdict(list)
    if dengan_tugas:
        for t in TugasLapangan.objects.filter(
            keluarga__in=dengan_tugas, status=StatusTugas.TERBUKA
        ).order_by("tanggal", "pk"):
            tugas[t.keluarga_id].append(t)
    perlu_rincian = [
        k.pk
        for k in keluarga
        if k.perlu_verifikasi and (k.r_desil or k.r_meninggal or k.r_pindah_orang)
    ]
    penerima: dict[int, list[Penerima]] = defaultdict(list)
    if perlu_rincian:
        for p in (
            Penerima.objects.filter(
                keluarga__in=perlu_rincian,
                aktif=True,
                periode__in=[p.pk for p in periode_terbaru()],
            )
            .select_related("periode__program", "anggota", "terdaftar")
            .order_by("periode__program__nama", "pk")
        ):
            penerima[p.keluarga_id].append(p)
    for k in keluarga:
        daftar = k.alasan_risiko
        daftar += [Alasan(TUGAS.kunci, t.judul) for t in tugas[k.pk]]
        if not k.perlu_verifikasi:
            continue
        for p in penerima[k.pk]:
            program = p.periode.program
            if (
                k.desil is not None
                and program.batas_desil is not None
                and k.desil > program.batas_desil
            ):
                daftar.append(
                    Alasan(
                        DI_ATAS_DESIL.kunci,
                        _("Desil keluarga %(d)s di atas batas %(p)s (desil %(b)s)")
                        % {"d": k.desil, "p": program.kode.upper(), "b": program.batas_desil},
                    )
                )
        for p in penerima[k.pk]:
            orang = p.anggota or p.terdaftar
            if orang is not None and orang.status == StatusAnggota.MENINGGAL:
                daftar.append(
                    Alasan(
                        MENINGGAL.kunci,
                        _("Penerima %(p)s (%(nama)s) tercatat meninggal")
                        % {"p": p.periode.program.kode.upper(), "nama": orang.nama},
                    )
                )
        if k.hasil_terakhir == HasilKunjungan.PINDAH:
            daftar.append(
                Alasan(PINDAH.kunci, _("Keluarga tercatat pindah pada kunjungan terakhir"))
            )
        for p in penerima[k.pk]:
            orang = p.anggota or p.terdaftar
            if orang is not None and orang.status == StatusAnggota.PINDAH:
                daftar.append(
                    Alasan(
                        PINDAH.kunci,
                        _("Penerima %(p)s (%(nama)s) tercatat pindah")
                        % {"p": p.periode.program.kode.upper(), "nama": orang.nama},
                    )
                )
        if k.hasil_terakhir in HASIL_TIDAK_DITEMUI:
            daftar.append(
                Alasan(
                    TIDAK_DITEMUI.kunci,
                    _("Tidak ditemui pada kunjungan terakhir (%(h)s)")
                    % {"h": HasilKunjungan(k.hasil_terakhir).label},
                )
            )
        if k.waktu_terakhir is None:
            daftar.append(Alasan(LAMA.kunci, _("Belum pernah dikunjungi")))
        elif sekarang - k.waktu_terakhir >= LAMA_DISEBUT:
            hari = (sekarang - k.waktu_terakhir).days
            daftar.append(
                Alasan(LAMA.kunci, _("Terakhir dikunjungi %(n)d hari lalu") % {"n": hari})
            )
