"""Benchmark: the results pages' counts, summed from the RW summaries against counted
from the base tables, on the city-sized data.

    .venv/bin/python benchmarks/rekap.py [--ulang N]

Reads the database of `siapkan_kota` (BEBAN_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/portal_kota; read-only apart from recomputing its RW
summaries first, as `ringkasan_bangun_ulang` does after a bulk load). For Dinsos, city
wide, for PKH and for every program of the newest round, it prints the time of
`bansos.rekap._rekap_program` (the sum over `dasbor.RingkasanPenerimaRW`) and of a count
straight from the recipients, findings and visits (what the results pages ran before
the summaries carried these figures), and whether every row agrees.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DATABASE_URL"] = os.environ.get(
    "BEBAN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_kota"
)

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from akun.models import Peran, User  # noqa: E402
from bansos.desil import PENERIMA_DI_ATAS_DESIL  # noqa: E402
from bansos.models import JenisVerifikasi, Kelayakan, Penerima, Verifikasi  # noqa: E402
from bansos.rekap import _rekap_program, nama_periode_list, periode_bernama  # noqa: E402
from dasbor.hitung import MENUNGGU_PEMERIKSAAN, ringkasan_bangun_ulang  # noqa: E402
from pendataan.models import Kunjungan  # noqa: E402

KOLOM = ("penerima", "layak", "tidak_layak", "usulan", "menunggu", "di_atas_desil")


def dari_tabel_dasar(periode_list) -> dict[tuple[int, int], dict]:
    """Per (kecamatan, period), counted from the base tables: the reference."""
    kunci, pk = "keluarga__rw__kelurahan__kecamatan", [p.pk for p in periode_list]
    hasil: dict[tuple[int, int], dict] = {}

    def baris(kec, periode) -> dict:
        return hasil.setdefault((kec, periode), dict.fromkeys(KOLOM, 0))

    def per(qs, periode: str, *kolom: str, distinct=False):
        return (
            qs.filter(**{f"{periode}__in": pk})
            .values(kunci, periode, *kolom)
            .annotate(n=Count("pk", distinct=distinct))
            .order_by()
        )

    for r in per(Penerima.objects.filter(aktif=True), "periode"):
        baris(r[kunci], r["periode"])["penerima"] = r["n"]
    for r in per(Penerima.objects.filter(PENERIMA_DI_ATAS_DESIL, aktif=True), "periode"):
        baris(r[kunci], r["periode"])["di_atas_desil"] = r["n"]
    verifikasi = Verifikasi.objects.filter(berlaku=True)
    for r in per(verifikasi, "periode", "jenis", "hasil", "penerima__aktif"):
        b = baris(r[kunci], r["periode"])
        if r["jenis"] == JenisVerifikasi.USULAN:
            b["usulan"] += r["n"]
        elif not r["penerima__aktif"]:
            continue  # a recipient taken off the list: no longer among its results
        elif r["hasil"] == Kelayakan.LAYAK:
            b["layak"] += r["n"]
        else:
            b["tidak_layak"] += r["n"]
    menunggu = Kunjungan.objects.filter(status__in=MENUNGGU_PEMERIKSAAN)
    for r in per(menunggu, "verifikasi_set__periode", distinct=True):
        baris(r[kunci], r["verifikasi_set__periode"])["menunggu"] = r["n"]
    return hasil


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=5, help="runs of each, the best kept")
    args = parser.parse_args()
    mulai = time.perf_counter()
    jumlah_rw = ringkasan_bangun_ulang()
    print(f"RW summaries recomputed: {jumlah_rw} RW in {time.perf_counter() - mulai:.1f} s")
    dinsos = User.objects.filter(peran=Peran.DINSOS).first()
    semua = periode_bernama(nama_periode_list()[0])
    pkh = [p for p in semua if p.program.kode == "pkh"]
    print(f"{'counts':<28}{'summaries ms':>14}{'base tables ms':>16}{'ratio':>9}  rows agree")
    for nama, periode_list in (("PKH, city-wide", pkh), ("every program, city-wide", semua)):
        waktu_ringkasan, waktu_dasar = [], []
        for _ in range(args.ulang):
            t = time.perf_counter()
            rekap = _rekap_program(user=dinsos, periode_list=periode_list, kecamatan=None)
            waktu_ringkasan.append(time.perf_counter() - t)
            t = time.perf_counter()
            dasar = dari_tabel_dasar(periode_list)
            waktu_dasar.append(time.perf_counter() - t)
        kosong = dict.fromkeys(KOLOM, 0)
        beda = [
            b
            for b in rekap.baris
            if {k: getattr(b, k) for k in KOLOM} != dasar.get((b.wilayah.pk, b.periode.pk), kosong)
        ]
        a, d = min(waktu_ringkasan) * 1000, min(waktu_dasar) * 1000
        setuju = "yes" if not beda else f"NO: {len(beda)} differ"
        print(f"{nama:<28}{a:>14.1f}{d:>16.0f}{d / a:>8.0f}x  {setuju}")


if __name__ == "__main__":
    main()
