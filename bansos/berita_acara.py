"""The berita acara (minutes) of a verification round: one kelurahan, one program period.

What the Lurah, the officers and the admin kecamatan sign: the counts by result
and by reason, every finding in force with the NIK masked, the officers whose
visits they come from and the admins who approved them. Six queries, whatever
the number of families. The kelurahan comes from the caller, already scoped.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from akun.models import User
from bansos.ekspor import ALASAN, dengan_orang, verifikasi_berlaku
from bansos.models import JenisVerifikasi, Kelayakan, Penerima, Periode, alasan_teks
from pendataan.nik import samarkan
from petugas.models import Petugas
from wilayah.models import Kelurahan

HASIL = dict(Kelayakan.choices)
_KOLOM = (
    "nik",
    "nama",
    "keluarga__rw__nomor",
    "keluarga__rt",
    "jenis",
    "hasil",
    "alasan",
    "alasan_lain",
)


@dataclass(frozen=True)
class BarisBeritaAcara:
    nama: str
    nik: str  # masked
    rw: int
    rt: int
    usulan: bool
    layak: bool
    hasil: str
    alasan: str


@dataclass(frozen=True)
class BeritaAcara:
    periode: Periode
    kelurahan: Kelurahan
    tanggal: datetime.date
    penerima: int  # on the period's list in the kelurahan
    layak: int
    tidak_layak: int
    usulan: int
    alasan: list[tuple[str, int]]  # (reason, count), most frequent first
    daftar: list[BarisBeritaAcara]
    petugas: list[tuple[str, str]]  # (nama, NI PPPK)
    pemeriksa: list[str]

    @property
    def diverifikasi(self) -> int:
        return self.layak + self.tidak_layak

    @property
    def belum(self) -> int:
        return max(0, self.penerima - self.diverifikasi)


def berita_acara_data(*, periode: Periode, kelurahan: Kelurahan) -> BeritaAcara:
    hasil = verifikasi_berlaku(periode=periode, kelurahan=kelurahan)
    daftar = []
    alasan: Counter[str] = Counter()
    urut = ("keluarga__rw__nomor", "keluarga__rt", "nama", "pk")
    for r in dengan_orang(hasil).order_by(*urut).values(*_KOLOM):
        usulan = r["jenis"] == JenisVerifikasi.USULAN
        layak = r["hasil"] == Kelayakan.LAYAK
        if not usulan and not layak:
            # "Lainnya" counts as one reason; what was written is in the list
            alasan[str(ALASAN.get(r["alasan"], r["alasan"]))] += 1
        daftar.append(
            BarisBeritaAcara(
                nama=r["nama"] or "",
                nik=samarkan(r["nik"] or ""),
                rw=r["keluarga__rw__nomor"],
                rt=r["keluarga__rt"],
                usulan=usulan,
                layak=layak,
                hasil=str(HASIL.get(r["hasil"], r["hasil"])),
                alasan=alasan_teks(r["alasan"], r["alasan_lain"]),
            )
        )
    kunjungan = hasil.values("kunjungan_id")
    petugas = Petugas.objects.filter(kunjungan_set__in=kunjungan).distinct().order_by("nama")
    pemeriksa = User.objects.filter(pk__in=hasil.values("kunjungan__diperiksa_oleh_id")).order_by(
        "first_name", "last_name", "username"
    )
    return BeritaAcara(
        periode=periode,
        kelurahan=kelurahan,
        tanggal=timezone.localdate(),
        penerima=Penerima.objects.filter(
            periode=periode, aktif=True, keluarga__rw__kelurahan=kelurahan
        ).count(),
        layak=sum(1 for b in daftar if not b.usulan and b.layak),
        tidak_layak=sum(1 for b in daftar if not b.usulan and not b.layak),
        usulan=sum(1 for b in daftar if b.usulan),
        alasan=sorted(alasan.items(), key=lambda item: (-item[1], item[0])),
        daftar=daftar,
        petugas=list(petugas.values_list("nama", "ni_pppk")),
        pemeriksa=[str(u) for u in pemeriksa],
    )
