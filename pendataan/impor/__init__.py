"""Importing families and their members from Dinsos's files shaped like DTSEN exports (or
older DTKS ones; the column headings: pendataan.dtsen).

One row per person; the rows with the same nomor_kk are one family (one KK),
whose address, RT, RW and kelurahan must agree. The file is checked row by
row and refused whole, with every problem and its Excel row number, or
written in one transaction: new KK and NIK are created, known ones updated,
identical rows left alone (importing the same file twice changes nothing). A
NIK already in another family is reported, never moved.

NIKs are personal data: a message shows a whole number only where its digits
are the problem (an invalid NIK); elsewhere numbers are masked, and the log
holds counts and the user's id only.

The steps: `kolom` (headings and words), `periksa` (rows), `tulis` (bulk writes),
`variabel` (the optional DTSEN variable columns), `proses` (the whole import).
"""

from pendataan.impor.kolom import (
    ALIASES,
    KOLOM_TAMBAHAN,
    KOLOM_WAJIB,
    MAKS_BARIS,
    MAKS_UKURAN,
    NAMA_LAIN,
)
from pendataan.impor.periksa import Rujukan, baca_tanggal, periksa_rw_rt
from pendataan.impor.proses import keluarga_import, ringkasan
from pendataan.impor.tulis import HasilImporKeluarga

__all__ = [
    "ALIASES",
    "KOLOM_TAMBAHAN",
    "KOLOM_WAJIB",
    "MAKS_BARIS",
    "MAKS_UKURAN",
    "NAMA_LAIN",
    "HasilImporKeluarga",
    "Rujukan",
    "baca_tanggal",
    "keluarga_import",
    "periksa_rw_rt",
    "ringkasan",
]
