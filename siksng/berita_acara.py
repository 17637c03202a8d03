"""The berita acara of a muskel (or of the SPTJM in its place): who met where, and what
was decided about each change, with the NIK masked. The muskel comes from the caller,
already scoped (`muskel_for`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from siksng.berkas import Baris, baris_keputusan
from siksng.models import Aksi, Muskel, PesertaMuskel, Putusan


@dataclass(frozen=True)
class RingkasanAksi:
    aksi: str
    disepakati: int
    diubah: int
    ditunda: int


@dataclass(frozen=True)
class BeritaAcaraMuskel:
    muskel: Muskel
    peserta: list[PesertaMuskel]
    daftar: list[Baris]
    ringkasan: list[RingkasanAksi]
    tanggal_cetak: datetime.date

    @property
    def disepakati(self) -> list[Baris]:
        return [b for b in self.daftar if b.disepakati]


def berita_acara_muskel(muskel: Muskel) -> BeritaAcaraMuskel:
    daftar = list(baris_keputusan(muskel.keputusan_set.all()))
    ringkasan = [
        RingkasanAksi(
            aksi=str(aksi.label),
            disepakati=sum(1 for b in daftar if b.aksi == aksi and b.putusan == Putusan.DISEPAKATI),
            diubah=sum(1 for b in daftar if b.aksi == aksi and b.putusan == Putusan.DIUBAH),
            ditunda=sum(1 for b in daftar if b.aksi == aksi and b.putusan == Putusan.DITUNDA),
        )
        for aksi in Aksi
    ]
    return BeritaAcaraMuskel(
        muskel=muskel,
        peserta=list(muskel.peserta_set.all()),
        daftar=daftar,
        ringkasan=ringkasan,
        tanggal_cetak=timezone.localdate(),
    )
