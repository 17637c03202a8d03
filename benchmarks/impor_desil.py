"""Benchmark: a DTSEN desil file of 300,000 families on PostgreSQL.

    .venv/bin/python benchmarks/impor_desil.py [--baris N]

Needs a PostgreSQL server (BENCH_PG, default postgres://postgres@127.0.0.1:5432/postgres,
a role that may create databases). It makes (or reuses) a throwaway database
`portal_bench_desil`, migrates it, gives it the real wilayah and the demo RWs, and
COPYs N families (default 300,000) in; it empties that database's families, so never
point it at real data. The file
(NO_KK, DESIL_NASIONAL, TANGGAL_BERLAKU; one family per row, every KK known) is
imported three times by `impor_desil_proses`, both passes, in this process:

1. the first ranking: every row a new DesilKeluarga, every family's desil set;
2. the same file again: every row matched and found as stored, nothing written;
3. the next quarter's ranking (a new date): a new row per family, desil re-set.
"""

import argparse
import csv
import datetime
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "portal_bench_desil"
URL = SERVER.rsplit("/", 1)[0] + f"/{DB}"
HARI_AWAL = datetime.date(2005, 1, 1)
PER_HARI = 50  # families per KK issue date


def _database() -> None:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone():
            conn.execute(f"CREATE DATABASE {DB}")


def _django(media: str) -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ["MEDIA_ROOT"] = media
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DEBUG"] = "false"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def nomor_kk(i: int) -> str:
    terbit = HARI_AWAL + datetime.timedelta(days=i // PER_HARI)
    return f"147108{terbit:%d%m%y}{i % PER_HARI + 1:04d}"


def siapkan(n: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from pendataan.models import DesilKeluarga, ImporDesil, Keluarga
    from wilayah.demo import rw_demo_buat
    from wilayah.models import RW
    from wilayah.services import wilayah_import_csv

    call_command("migrate", verbosity=0)
    data = ROOT / "wilayah" / "data"
    wilayah_import_csv(data=(data / "pekanbaru_wilayah.csv").read_bytes())
    rw_demo_buat()
    DesilKeluarga.objects.all().delete()
    ImporDesil.objects.all().delete()
    if Keluarga.objects.count() == n and Keluarga.objects.filter(nomor_kk=nomor_kk(n - 1)).exists():
        return
    with connection.cursor() as c:
        c.execute("TRUNCATE pendataan_keluarga CASCADE")
    rws = list(RW.objects.values_list("pk", flat=True))
    baris = io.StringIO()
    for i in range(n):
        baris.write(f"{nomor_kk(i)}\t{rws[i % len(rws)]}\t{i % 9 + 1}\tJl. Uji {i}\tnow\tnow\n")
    with (
        connection.cursor() as c,
        c.copy(
            "COPY pendataan_keluarga (nomor_kk, rw_id, rt, alamat, created_at, updated_at) "
            "FROM STDIN"
        ) as copy,
    ):
        copy.write(baris.getvalue())
    with connection.cursor() as c:
        c.execute("ANALYZE pendataan_keluarga")


def berkas(path: Path, n: int, berlaku: datetime.date, seed: int) -> None:
    acak = random.Random(seed)
    with path.open("w", newline="") as fh:
        tulis = csv.writer(fh)
        tulis.writerow(["NO_KK", "DESIL_NASIONAL", "TANGGAL_BERLAKU"])
        for i in range(n):
            tulis.writerow([nomor_kk(i), acak.randint(1, 10), berlaku.strftime("%d-%m-%Y")])


def ukur(path: Path, media: str, n: int, label: str) -> None:
    from akun.models import Peran, User
    from pendataan.desil import impor_desil_proses
    from pendataan.models import ImporDesil

    dinsos = User.objects.filter(peran=Peran.DINSOS).first() or User.objects.create(
        username="dinsos-bench", peran=Peran.DINSOS
    )
    impor = ImporDesil.objects.create(
        berkas=str(path.relative_to(media)), nama_berkas=path.name, dibuat_oleh=dinsos
    )
    mulai = time.perf_counter()
    impor_desil_proses(impor=impor)
    detik = time.perf_counter() - mulai
    impor.refresh_from_db()
    print(
        f"{label}: {impor.status}, {n:,} baris in {detik:.1f} s = {n / detik:,.0f} rows/s; "
        f"{impor.ringkasan}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baris", type=int, default=300_000)
    n = parser.parse_args().baris
    media = tempfile.mkdtemp(prefix="bench-desil-")
    _database()
    _django(media)
    siapkan(n)
    pertama, kedua = Path(media) / "desil_q3.csv", Path(media) / "desil_q4.csv"
    berkas(pertama, n, datetime.date(2026, 7, 1), seed=1)
    berkas(kedua, n, datetime.date(2026, 10, 1), seed=2)
    ukur(pertama, media, n, "1. first ranking")
    ukur(pertama, media, n, "2. the same file again")
    ukur(kedua, media, n, "3. next quarter")


if __name__ == "__main__":
    main()
