"""The DTSEN household variables (issue 14): the code lists (`kode`), checking values
(`periksa`), putting changes in force with their history (`terapkan`), and the carry-over
of the old visit questions (`migrasi`)."""

from pendataan.variabel.periksa import NilaiSalah, nilai_bersihkan, variabel_bersihkan
from pendataan.variabel.terapkan import (
    jumlah_perubahan,
    kunjungan_variabel_terapkan,
    perubahan_ringkas,
    variabel_berlakukan,
)

__all__ = [
    "jumlah_perubahan",
    "NilaiSalah",
    "kunjungan_variabel_terapkan",
    "nilai_bersihkan",
    "perubahan_ringkas",
    "variabel_berlakukan",
    "variabel_bersihkan",
]
