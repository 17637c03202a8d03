"""The decisions as rows: for the berita acara muskel, the BNBA list and the month's
SIKS-NG XLSX.

Rows are read in chunks of pks, each chunk in three queries (the decisions with their
finding, visit, family and area; the visits' member records; the families' heads), so a
city's month of changes streams into a write-only workbook at a bounded memory.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lib.xlsx import teks_sel
from pendataan.nik import samarkan
from siksng.models import Keputusan, Putusan
from siksng.perubahan import (
    _variabel_berubah,
    alasan_verifikasi,
    kepala_keluarga,
    orang_verifikasi,
    prefetch_catatan,
)

POTONG = 2000
PROGRES_SETIAP = 2000
_TANPA_BATAS = (
    "kunjungan__keluarga__rw__batas",
    "kunjungan__keluarga__rw__kelurahan__batas",
    "kunjungan__keluarga__rw__kelurahan__kecamatan__batas",
)


@dataclass(frozen=True)
class Baris:
    """One decided change as every printed or downloaded list shows it."""

    pk: int
    nik: str  # whole: the caller masks it where the reader sees it masked
    nomor_kk: str
    nama: str
    alamat: str
    kode_kecamatan: str
    kode_kelurahan: str
    kelurahan: str
    rw: int
    rt: int
    program: str
    aksi: str
    aksi_teks: str
    alasan: str
    desil: int | None
    variabel: str  # the data changes in words, "; " between
    putusan: str
    putusan_teks: str
    diubah_menjadi: str
    catatan: str
    tanggal_muskel: datetime.date
    bulan: datetime.date | None
    petugas: str
    pemeriksa: str

    @property
    def nik_samar(self) -> str:
        return samarkan(self.nik)

    @property
    def kk_samar(self) -> str:
        return samarkan(self.nomor_kk)

    @property
    def disepakati(self) -> bool:
        return self.putusan != Putusan.DITUNDA


def _urut(keputusan: QuerySet[Keputusan]) -> QuerySet[Keputusan]:
    return keputusan.order_by(
        "kunjungan__keluarga__rw__kelurahan__kode",
        "kunjungan__keluarga__rw__nomor",
        "kunjungan__keluarga__rt",
        "kunjungan__keluarga__alamat",
        "kunjungan__keluarga_id",
        "aksi",
        "pk",
    )


def _potongan(keputusan: list[Keputusan]) -> Iterator[Baris]:
    kepala = kepala_keluarga([k.kunjungan.keluarga_id for k in keputusan])
    for k in keputusan:
        kunjungan = k.kunjungan
        keluarga = kunjungan.keluarga
        v = k.verifikasi
        orang = (orang_verifikasi(v) if v else None) or kepala.get(keluarga.pk)
        kelurahan = keluarga.rw.kelurahan
        yield Baris(
            pk=k.pk,
            nik=orang.nik if orang else "",
            nomor_kk=keluarga.nomor_kk,
            nama=orang.nama if orang else "",
            alamat=keluarga.alamat,
            kode_kecamatan=kelurahan.kecamatan.kode,
            kode_kelurahan=kelurahan.kode,
            kelurahan=kelurahan.nama,
            rw=keluarga.rw.nomor,
            rt=keluarga.rt,
            program=v.periode.program.nama if v else "",
            aksi=k.aksi,
            aksi_teks=k.get_aksi_display(),
            alasan=alasan_verifikasi(v) if v else "",
            desil=keluarga.desil,
            variabel="; ".join(_variabel_berubah(kunjungan)),
            putusan=k.putusan,
            putusan_teks=k.get_putusan_display(),
            diubah_menjadi=k.diubah_menjadi,
            catatan=k.catatan,
            tanggal_muskel=k.muskel.tanggal,
            bulan=k.bulan,
            petugas=kunjungan.petugas.nama,
            pemeriksa=str(kunjungan.diperiksa_oleh) if kunjungan.diperiksa_oleh else "",
        )


def baris_keputusan(keputusan: QuerySet[Keputusan], *, potong: int = POTONG) -> Iterator[Baris]:
    """The decisions as rows, by kelurahan, RW, RT, address and family; read `potong` at a
    time."""
    pks = list(_urut(keputusan).values_list("pk", flat=True))
    for i in range(0, len(pks), potong):
        bagian = pks[i : i + potong]
        urutan = {pk: n for n, pk in enumerate(bagian)}
        isi = (
            Keputusan.objects.filter(pk__in=bagian)
            .select_related(
                "muskel",
                "verifikasi__periode__program",
                "verifikasi__penerima__terdaftar",
                "verifikasi__penerima__anggota",
                "verifikasi__anggota",
                "kunjungan__keluarga__rw__kelurahan__kecamatan",
                "kunjungan__petugas",
                "kunjungan__diperiksa_oleh",
            )
            .defer(*_TANPA_BATAS)
            .prefetch_related(*prefetch_catatan("kunjungan__"))
        )
        yield from _potongan(sorted(isi, key=lambda k: urutan[k.pk]))


# ---------------------------------------------------------------- the month's XLSX

KOLOM_BULAN = (
    ("NIK", 19),
    ("Nomor KK", 19),
    ("Nama", 28),
    ("Alamat", 34),
    ("Kode kecamatan", 12),
    ("Kode kelurahan", 15),
    ("RW", 5),
    ("RT", 5),
    ("Program", 24),
    ("Aksi", 14),
    ("Alasan", 30),
    ("Desil DTSEN", 8),
    ("Perubahan data", 40),
    ("Tanggal musyawarah", 12),
    ("Petugas", 26),
    ("Pemeriksa", 22),
    ("Keputusan musyawarah", 22),
    ("Diubah menjadi", 30),
)


def tulis_xlsx_bulan(
    keputusan: QuerySet[Keputusan],
    path: Path,
    *,
    utuh: bool = True,
    progres: Callable[[int], None] | None = None,
) -> int:
    """Write the month's SIKS-NG entry to `path`, streamed; returns the rows written.
    Whole NIK and KK for Dinsos (`utuh`), masked for an admin kecamatan. `progres(n)` is
    told every `PROGRES_SETIAP` rows."""
    nomor = str if utuh else samarkan
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=_("Entri SIKS-NG"))
    for i, (_judul, lebar) in enumerate(KOLOM_BULAN):
        ws.column_dimensions[chr(ord("A") + i)].width = lebar
    ws.freeze_panes = "A2"
    tebal = Font(bold=True)
    judul = []
    for teks, _lebar in KOLOM_BULAN:
        sel = WriteOnlyCell(ws, value=_(teks))
        sel.font = tebal
        judul.append(sel)
    ws.append(judul)
    ditulis = 0
    try:
        for b in baris_keputusan(keputusan):
            ws.append(
                [
                    nomor(b.nik),  # strings: all 16 digits kept
                    nomor(b.nomor_kk),
                    teks_sel(b.nama, ws),
                    teks_sel(b.alamat, ws),
                    b.kode_kecamatan,
                    b.kode_kelurahan,
                    b.rw,
                    b.rt,
                    b.program,
                    b.aksi_teks,
                    teks_sel(b.alasan, ws),
                    b.desil,
                    teks_sel(b.variabel, ws),
                    b.tanggal_muskel,
                    teks_sel(b.petugas, ws),
                    b.pemeriksa,
                    b.putusan_teks,
                    teks_sel(b.diubah_menjadi, ws),
                ]
            )
            ditulis += 1
            if progres is not None and ditulis % PROGRES_SETIAP == 0:
                progres(ditulis)
    finally:
        # saving also ends the sheet's stream and removes openpyxl's temporary file
        workbook.save(path)
    return ditulis
