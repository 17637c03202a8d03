"""Dinsos's recipient lists: one file per program period, checked and written by a worker.

The file (CSV or XLSX shaped like a DTSEN export, or an older DTKS one; one person per row) is
stored privately and processed by Celery in two streaming passes, so a list of
a million rows needs no more memory than a few sets of numbers:

1. every row is checked (NIK, KK, kelurahan, RW, RT, card number, duplicates,
   a NIK the database has in another KK); any problem refuses the file whole
   (periksa.py);
2. only then, in one transaction, families and members not yet known are
   created, and the period's list is brought in line with the file: each row's
   recipient is created, or updated where the row changes it (a row as it
   already is writes nothing), and the period's recipients the file leaves
   out are deleted, or kept inactive where a verification refers to them (the
   other periods keep theirs: that is the history of who received what when).
   In batches through the ORM (tulis.py), or set-based on PostgreSQL from a
   TEMP table pass 1 filled (postgres.py).

The column rules are the family import's (pendataan.impor). NIKs are personal
data: messages mask every number that is not itself the problem, and the log
holds ids and counts only.

    berkas.py   upload, reading the stored file
    periksa.py  pass 1
    tulis.py    pass 2 through the ORM, and the rows left out
    postgres.py pass 1's TEMP table and pass 2 on PostgreSQL
    progres.py  progress for the status page
    proses.py   the job, who sees it, stuck imports
"""

from bansos.impor.berkas import MAKS_BARIS, MAKS_UKURAN, impor_penerima_mulai
from bansos.impor.progres import impor_penerima_progres
from bansos.impor.proses import (
    impor_penerima_for,
    impor_penerima_proses,
    impor_penerima_pulihkan,
)

__all__ = [
    "MAKS_BARIS",
    "MAKS_UKURAN",
    "impor_penerima_for",
    "impor_penerima_mulai",
    "impor_penerima_progres",
    "impor_penerima_proses",
    "impor_penerima_pulihkan",
]
