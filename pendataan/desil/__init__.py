"""The DTSEN desil of each family: Dinsos's desil files, checked and written by a worker.

A desil file (CSV or XLSX) names a family by its KK number or its head's NIK, with
its desil (1-10) and the date the ranking holds from (a column, or one date for the
whole file given at upload). Column headings: pendataan.dtsen.

1. every row is checked (a sound KK or NIK, a desil 1-10, a date not in the future,
   no family named twice for one date); a single problem refuses the file whole
   (periksa.py);
2. only then, in one transaction, the rows are matched to families a batch at a
   time; a KK or NIK the portal does not know is reported by row and left out, the
   rest is written (tulis.py): a new ranking adds a row to the family's history
   (DesilKeluarga), a row as it is stored writes nothing (the same file again changes
   nothing), and the desil in force is copied onto the family (Keluarga.desil).

    impor.py    upload, who sees the imports, the job
    periksa.py  pass 1
    tulis.py    pass 2
"""

from bansos.impor.berkas import MAKS_BARIS, MAKS_UKURAN
from pendataan.desil.impor import (
    JENIS_PROGRES,
    impor_desil_for,
    impor_desil_mulai,
    impor_desil_proses,
)

__all__ = [
    "MAKS_BARIS",
    "MAKS_UKURAN",
    "JENIS_PROGRES",
    "impor_desil_for",
    "impor_desil_mulai",
    "impor_desil_proses",
]
