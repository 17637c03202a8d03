"""Demo recipient lists: this quarter's PKH, BPNT and PBI-JK periods with some of the demo
families on them, as CSV files shaped like a DTKS export that go through the real
import (`bansos.impor`). The families are invented (see pendataan/demo.py).
"""

from __future__ import annotations

import csv
import datetime
import io
import random

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from bansos.models import Periode, Program, Sasaran
from bansos.services import periode_buat
from pendataan.models import Hubungan, Keluarga, StatusAnggota

NAMA_PERIODE = "2026 Tahap IV"
MULAI, SELESAI = datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)
# program -> share of the demo families on its list (PBI-JK: share of the people)
BAGIAN = {"pkh": 0.3, "bpnt": 0.35, "pbi-jk": 0.2}
KOLOM = ["nik", "nama", "nomor_kk", "alamat", "rt", "rw", "kelurahan"]


def periode_demo_buat() -> list[Periode]:
    """The demo period of each program in BAGIAN, made once; an overlapping period
    someone already made is left alone (and that program gets no demo list), as is a
    program that was removed or switched off."""
    hasil = []
    for program in Program.objects.filter(kode__in=BAGIAN, aktif=True):  # seeded by migration
        periode = program.periode_set.filter(nama=NAMA_PERIODE).first()
        if periode is None:
            try:
                periode = periode_buat(
                    program=program, nama=NAMA_PERIODE, mulai=MULAI, selesai=SELESAI
                )
            except ValidationError:
                continue
        hasil.append(periode)
    return hasil


def penerima_demo_csv(*, periode: Periode, keluarga: QuerySet[Keluarga], seed: int) -> bytes:
    """A recipient list for the period drawn from these families, the same every time.

    A family program names the family's wife (PKH pays the mother) or else its head;
    a person program lists people one by one.
    """
    acak = random.Random(f"{seed}-{periode.program.kode}")
    bagian = BAGIAN[periode.program.kode]
    kartu = periode.program.punya_nomor_kartu
    out = io.StringIO()
    tulis = csv.writer(out)
    tulis.writerow(KOLOM + (["nomor_kartu"] if kartu else []))
    keluarga = keluarga.select_related("rw__kelurahan").prefetch_related("anggota_set")
    for k in keluarga.order_by("pk"):
        hidup = [a for a in k.anggota_set.all() if a.status == StatusAnggota.HIDUP]
        if periode.program.sasaran == Sasaran.INDIVIDU:
            orang = [a for a in hidup if acak.random() < bagian]
        elif acak.random() < bagian and hidup:
            urut = {Hubungan.PASANGAN: 0, Hubungan.KEPALA: 1}
            orang = [min(hidup, key=lambda a: urut.get(a.hubungan, 2))]
        else:
            orang = []
        for a in orang:
            baris = [a.nik, a.nama, k.nomor_kk, k.alamat, k.rt, k.rw.nomor, k.rw.kelurahan.nama]
            if kartu:
                baris.append(f"KKS-{acak.randrange(10**9, 10**10)}")
            tulis.writerow(baris)
    return out.getvalue().encode()
