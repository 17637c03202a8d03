"""The variables as the visit form and the family page show them: each with the value
last known, grouped as the form lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from pendataan.models import RiwayatVariabel
from pendataan.variabel.kode import ANGGOTA, ASET, KELUARGA, Jenis, Variabel


@dataclass
class Bidang:
    v: Variabel
    nilai: object  # the value last known, None if none

    @property
    def awal(self) -> str:
        """The value as the form's field holds it (compared by the phone's script)."""
        if self.nilai is None:
            return ""
        if self.v.jenis == Jenis.YA_TIDAK:
            return "1" if self.nilai else "0"
        return str(self.nilai)

    @property
    def teks(self) -> str:
        return self.v.teks(self.nilai)

    @property
    def langkah(self) -> str:
        return "1" if self.v.desimal == 0 else "0." + "0" * (self.v.desimal - 1) + "1"


def bidang_keluarga(variabel: dict) -> list[tuple[str, list[Bidang]]]:
    """The family's variables in two groups: the house, and the assets."""
    return [
        (_("Rumah dan sanitasi"), [Bidang(v, variabel.get(v.kunci)) for v in KELUARGA]),
        (_("Aset (jumlah yang dimiliki)"), [Bidang(v, variabel.get(v.kunci)) for v in ASET]),
    ]


def bidang_anggota(variabel: dict) -> list[Bidang]:
    return [Bidang(v, variabel.get(v.kunci)) for v in ANGGOTA]


@dataclass
class Perubahan:
    waktu: object
    lama: str
    baru: str
    kunjungan: object  # None: from an import


@dataclass
class Baris:
    """A variable on the family page: its value now and how it came to be."""

    label: str
    teks: str
    riwayat: list[Perubahan]


def variabel_halaman(keluarga, anggota: list) -> list[tuple[str, list[Baris]]]:
    """The family's and each member's variables with a value or a history, grouped, for
    the family page: two queries (the history, with its visits)."""
    riwayat: dict[tuple, list[Perubahan]] = {}
    daftar = (
        RiwayatVariabel.objects.filter(keluarga=keluarga)
        .select_related("kunjungan")
        .only("anggota_id", "kunci", "nilai_lama", "nilai_baru", "created_at", "kunjungan__uuid")
    )
    semua = {v.kunci: v for v in KELUARGA + ASET + ANGGOTA}
    for r in daftar[:500]:
        v = semua.get(r.kunci)
        if v is None:
            continue
        riwayat.setdefault((r.anggota_id, r.kunci), []).append(
            Perubahan(r.created_at, v.teks(r.nilai_lama), v.teks(r.nilai_baru), r.kunjungan)
        )

    def baris(daftar_v, nilai: dict, anggota_id) -> list[Baris]:
        return [
            Baris(str(v.label), v.teks(nilai.get(v.kunci)), riwayat.get((anggota_id, v.kunci), []))
            for v in daftar_v
            if v.kunci in nilai or (anggota_id, v.kunci) in riwayat
        ]

    kelompok = [
        (str(_("Rumah dan sanitasi")), baris(KELUARGA, keluarga.variabel, None)),
        (str(_("Aset")), baris(ASET, keluarga.variabel, None)),
    ]
    kelompok += [(a.nama, baris(ANGGOTA, a.variabel, a.pk)) for a in anggota]
    return [(judul, isi) for judul, isi in kelompok if isi]
