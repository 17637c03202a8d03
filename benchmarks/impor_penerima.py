"""Benchmark: Dinsos's recipient list import of a million rows, next to PostgreSQL's COPY.

    .venv/bin/python benchmarks/impor_penerima.py [--baris N] [--keluarga] [--ulang]
        [--jalur batch] [--profil]

Needs a PostgreSQL server (BENCH_PG, default postgres://postgres@127.0.0.1:5432/postgres,
a role that may create databases). It makes a throwaway database
`portal_bench_impor`, migrates it, loads the real wilayah (15 kecamatan, 83
kelurahan with their boundaries) and the 733 demo RWs, and drops it at the end.

The file (N rows, default 1,000,000) is shaped like a DTKS export: NO_KK, NIK,
NAMA, JENIS_KELAMIN, ALAMAT, RT, RW, KELURAHAN, NO_KARTU; valid, distinct NIK and
KK numbers (most issued in the family's kecamatan, a fifth elsewhere), real
kelurahan names (a fifth written as DTKS's code), RWs and RTs that exist. By
default it is a person program with card numbers (PBI-JK): families of 2-5
people, about 3.5 rows per KK. With --keluarga, a family program (BLT): one row
per family.

Each measurement runs in a fresh process; wall time and the process's peak RSS
(VmHWM, else getrusage) are printed:

1. the first import, into a city with no households yet: `impor_penerima_proses`
   on an `ImporPenerima` whose file is in storage, both passes, every row
   checked, the families, members and recipients all written;
2. the next period: the same file for the program's next period, the usual case
   (the households are known: every row is matched to its family and member,
   the recipients are new rows of the new period);
3. with --ulang, the first period again: every row matched to its recipient;
4. PostgreSQL's own `COPY ... FROM STDIN (FORMAT csv, HEADER)` of the same file
   into a plain table with the same columns (text, no index, no constraint);
   the median of 3;
5. the floor: the least any import that keeps the list can do, without checking
   a single row: the same COPY into a TEMP table, then one INSERT ... SELECT of
   its rows, joined to the members by NIK, into the recipient table with its
   real indexes and constraints (which already holds the two periods above: to
   be read next to "next period"), committed, then removed; and the same into an
   empty table of the same columns with only a primary key.

Target: the import at most 4 times COPY's time. --jalur batch forces the ORM
batch pass 2 (SQLite's) instead of the PostgreSQL one; --profil prints the
import's cProfile (top functions by own time) instead of timing it cleanly.
"""

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "portal_bench_impor"
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
ULANG_COPY = 3
KOLOM = ["NO_KK", "NIK", "NAMA", "JENIS_KELAMIN", "ALAMAT", "RT", "RW", "KELURAHAN", "NO_KARTU"]


def _url_db() -> str:
    return SERVER.rsplit("/", 1)[0] + f"/{DB}"


def _django(media: str) -> None:
    os.environ["DATABASE_URL"] = _url_db()
    os.environ["MEDIA_ROOT"] = media
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DEBUG"] = "false"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def _server(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(sql)


# ------------------------------------------------------------------ setup


def siapkan() -> None:
    from django.core.management import call_command

    from wilayah.demo import rw_demo_buat
    from wilayah.services import batas_import_geojson, wilayah_import_csv

    call_command("migrate", verbosity=0)
    data = ROOT / "wilayah" / "data"
    wilayah_import_csv(data=(data / "pekanbaru_wilayah.csv").read_bytes())
    batas_import_geojson(data=(data / "pekanbaru_batas.geojson").read_bytes())
    rw_demo_buat()


def tulis_berkas(path: Path, *, baris: int, keluarga: bool, seed: int = 2026) -> int:
    """The DTKS-like file; returns the number of families in it."""
    from pendataan.demo import JALAN, NAMA_BELAKANG, NAMA_LAKI, NAMA_PEREMPUAN, WILAYAH_LUAR
    from petugas.demo import EJAAN_SEHARI_HARI
    from wilayah.models import RW

    rng = random.Random(seed)
    rws = [
        (
            rw.kelurahan.kode[:8].replace(".", ""),
            EJAAN_SEHARI_HARI.get(rw.kelurahan.nama, rw.kelurahan.nama).upper(),
            rw.kelurahan.kode.replace(".", ""),
            rw.nomor,
            rw.jumlah_rt or 6,
        )
        for rw in RW.objects.select_related("kelurahan")
    ]
    dipakai: set[str] = set()

    def unik(awalan: str) -> str:
        while True:
            nomor = f"{awalan}{rng.randint(1, 9999):04d}"
            if nomor not in dipakai:
                dipakai.add(nomor)
                return nomor

    def tanggal(tahun_awal: int, tahun_akhir: int) -> str:  # DDMMYY
        tahun = rng.randint(tahun_awal, tahun_akhir) % 100
        return f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{tahun:02d}"

    ditulis = jumlah_kk = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(KOLOM)
        while ditulis < baris:
            kecamatan, nama_kel, kode_kel, rw, jumlah_rt = rng.choice(rws)
            kelurahan = nama_kel if rng.random() < 0.8 else kode_kel
            kk = unik(f"{kecamatan}{tanggal(2008, 2024)}")
            alamat = f"Jl. {rng.choice(JALAN)} No. {rng.randint(1, 150)}"
            rt = f"{rng.randint(1, jumlah_rt):03d}"
            jumlah_kk += 1
            for _ in range(1 if keluarga else rng.randint(2, 5)):
                perempuan = rng.random() < 0.5
                lahir = tanggal(1950, 2020)
                if perempuan:
                    lahir = f"{int(lahir[:2]) + 40}{lahir[2:]}"
                wilayah = kecamatan
                if rng.random() < 0.2:
                    wilayah = f"{rng.choice(WILAYAH_LUAR)}{rng.randint(1, 9):02d}"
                depan = rng.choice(NAMA_PEREMPUAN if perempuan else NAMA_LAKI)
                w.writerow(
                    [
                        kk,
                        unik(f"{wilayah}{lahir}"),
                        f"{depan} {rng.choice(NAMA_BELAKANG)}".upper(),
                        "P" if perempuan else "L",
                        alamat,
                        rt,
                        f"{rw:03d}",
                        kelurahan,
                        f"{rng.randint(1, 10**13 - 1):013d}",
                    ]
                )
                ditulis += 1
                if ditulis >= baris:
                    break
    return jumlah_kk


def periode_buat(nomor: int, *, keluarga: bool):
    """The program's quarter `nomor` (1-4) of 2026."""
    import datetime

    from bansos.models import Periode, Program

    program = Program.objects.get(kode="blt" if keluarga else "pbi-jk")
    bulan = 3 * nomor - 2
    akhir = datetime.date(2026, 12, 31) if nomor == 4 else datetime.date(2026, bulan + 3, 1)
    periode, _ = Periode.objects.get_or_create(
        program=program,
        nama=f"Benchmark {nomor}",
        defaults={
            "mulai": datetime.date(2026, bulan, 1),
            "selesai": akhir - datetime.timedelta(days=0 if nomor == 4 else 1),
        },
    )
    return periode


def buat_impor(path: Path, *, periode) -> int:
    from akun.models import Peran
    from akun.services import user_buat
    from bansos.models import ImporPenerima

    dinsos = user_buat(username=f"dinsos-{time.monotonic_ns()}", password=None, peran=Peran.DINSOS)
    return ImporPenerima.objects.create(
        periode=periode, berkas=str(path), nama_berkas=path.name, dibuat_oleh=dinsos
    ).pk


# ------------------------------------------------------------ measurements


def _status_mb(kunci: str) -> float | None:
    try:
        for baris in Path("/proc/self/status").read_text().splitlines():
            if baris.startswith(kunci):
                return int(baris.split()[1]) / 1024
    except OSError:
        pass
    return None


def _puncak_rss_mb() -> float:
    # VmHWM starts afresh at exec; getrusage's ru_maxrss would carry over the peak of
    # the parent, which held the generator's set of numbers.
    puncak = _status_mb("VmHWM:")
    return (
        puncak if puncak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )


def _rss_mb() -> float:
    return _status_mb("VmRSS:") or 0.0


def anak_impor(impor_id: int, jalur: str, profil: bool) -> dict:
    """In a fresh process: the real import, timed."""
    from unittest import mock

    from bansos.impor import impor_penerima_proses
    from bansos.models import ImporPenerima

    impor = ImporPenerima.objects.select_related("periode__program").get(pk=impor_id)
    rss_awal = _rss_mb()
    paksa = mock.patch("bansos.impor.proses._pakai_postgres", return_value=jalur != "batch")
    with paksa:
        mulai = time.perf_counter()
        if profil:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(impor_penerima_proses, impor=impor)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
        else:
            impor_penerima_proses(impor=impor)
        detik = time.perf_counter() - mulai
    impor.refresh_from_db()
    return {
        "detik": detik,
        "rss_mb": _puncak_rss_mb(),
        "rss_awal_mb": rss_awal,
        "status": impor.status,
        "ringkasan": impor.ringkasan,
        "masalah": impor.masalah[:3],
    }


def _salin(conn, tabel: str, berkas: str) -> None:
    """PostgreSQL's own COPY of the file, streamed a megabyte at a time."""
    with (
        conn.cursor() as cur,
        open(berkas, "rb") as fh,
        cur.copy(f"COPY {tabel} FROM STDIN (FORMAT csv, HEADER)") as copy,
    ):
        while data := fh.read(1 << 20):
            copy.write(data)


def anak_copy(berkas: str) -> dict:
    """In a fresh process: PostgreSQL's COPY of the same file into a plain table."""
    import psycopg

    kolom = ", ".join(f"{k.lower()} text" for k in KOLOM)
    with psycopg.connect(_url_db()) as conn:
        conn.execute(f"CREATE TABLE salinan_mentah ({kolom})")
        conn.commit()
        mulai = time.perf_counter()
        _salin(conn, "salinan_mentah", berkas)
        conn.commit()
        detik = time.perf_counter() - mulai
        conn.execute("DROP TABLE salinan_mentah")
        conn.commit()
    return {"detik": detik, "rss_mb": _puncak_rss_mb()}


def anak_lantai(berkas: str, periode_id: int, *, keluarga: bool, polos: bool) -> dict:
    """In a fresh process: the floor. The file into a TEMP table with COPY (as the
    import stages its rows; the baseline COPY writes a plain logged table), then its
    rows into the recipient table (its real indexes and constraints) with one
    INSERT ... SELECT joined to the members by NIK, and the commit; timed together,
    then removed. With `polos`, into an empty table of the same columns with only
    its primary key."""
    import psycopg

    from bansos.models import Penerima
    from pendataan.models import AnggotaKeluarga

    kolom = ", ".join(f"{k.lower()} text" for k in KOLOM)
    penerima, anggota = Penerima._meta.db_table, AnggotaKeluarga._meta.db_table
    with psycopg.connect(_url_db()) as conn:
        if polos:  # a logged table like a real one, made and committed before the clock
            conn.execute(
                f"CREATE TABLE penerima_polos (LIKE {penerima} INCLUDING DEFAULTS "
                "INCLUDING IDENTITY INCLUDING CONSTRAINTS)"
            )
            conn.execute("ALTER TABLE penerima_polos ADD PRIMARY KEY (id)")
            conn.commit()
            penerima = "penerima_polos"
        mulai = time.perf_counter()
        conn.execute(f"CREATE TEMP TABLE mentah ({kolom})")
        _salin(conn, "mentah", berkas)
        conn.execute("ANALYZE mentah")
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
        baris = conn.execute(
            f"""
            INSERT INTO {penerima} (periode_id, keluarga_id, anggota_id, terdaftar_id,
                nomor_kartu, aktif, created_at)
            SELECT %s, a.keluarga_id, {"NULL" if keluarga else "a.id"}, a.id, m.no_kartu, true,
                now()
            FROM mentah m JOIN {anggota} a ON a.nik = m.nik
            """,  # noqa: S608  (names from the models, no values)
            [periode_id],
        ).rowcount
        conn.commit()  # as the import and the COPY do
        detik = time.perf_counter() - mulai
        # the rows go again: the next measurement starts from the same database
        if polos:
            conn.execute("DROP TABLE penerima_polos")
        else:
            conn.execute(f"DELETE FROM {penerima} WHERE periode_id = %s", [periode_id])  # noqa: S608
        conn.commit()
    return {"detik": detik, "rss_mb": _puncak_rss_mb(), "baris": baris}


def _jalankan(media: str, *argv: str) -> dict:
    keluaran = subprocess.run(
        [sys.executable, __file__, "--anak", media, *argv],
        check=True,
        capture_output=True,
        text=True,
    )
    if keluaran.stderr.strip():
        print(keluaran.stderr, file=sys.stderr)
    return json.loads(keluaran.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baris", type=int, default=1_000_000)
    parser.add_argument("--keluarga", action="store_true", help="a family program (BLT)")
    parser.add_argument("--ulang", action="store_true", help="import the same file again")
    parser.add_argument("--jalur", choices=["postgres", "batch"], default="postgres")
    parser.add_argument("--profil", action="store_true")
    parser.add_argument("--anak", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.anak:
        media, jenis, *rest = args.anak
        _django(media)
        if jenis == "impor":
            hasil = anak_impor(int(rest[0]), rest[1], rest[2] == "1")
        elif jenis == "lantai":
            hasil = anak_lantai(
                rest[0], int(rest[1]), keluarga=rest[2] == "keluarga", polos=rest[3] == "1"
            )
        else:
            hasil = anak_copy(rest[0])
        print(json.dumps(hasil))
        return

    media = tempfile.mkdtemp(prefix="bench-impor-")
    _server(f"DROP DATABASE IF EXISTS {DB}")
    _server(f"CREATE DATABASE {DB}")
    try:
        _django(media)
        t = time.perf_counter()
        siapkan()
        print(f"database: migrated, 83 kelurahan, 733 RW ({time.perf_counter() - t:.1f} s)")
        folder = Path(media) / "private" / "impor-penerima"
        folder.mkdir(parents=True)
        path = folder / "dtks.csv"
        t = time.perf_counter()
        jumlah_kk = tulis_berkas(path, baris=args.baris, keluarga=args.keluarga)
        program = "family program (BLT)" if args.keluarga else "person program (PBI-JK)"
        print(
            f"file: {args.baris:,} rows, {jumlah_kk:,} families, {program}, "
            f"{path.stat().st_size / 1e6:.0f} MB (made in {time.perf_counter() - t:.0f} s)"
        )
        from django.db import connection

        hasil = []
        langkah = [("first import", 1), ("next period", 2)]
        if args.ulang:
            langkah.append(("first period again", 1))
        for label, nomor in langkah:
            periode = periode_buat(nomor, keluarga=args.keluarga)
            impor_id = buat_impor(path.relative_to(media), periode=periode)
            connection.close()
            ukur = _jalankan(media, "impor", str(impor_id), args.jalur, "1" if args.profil else "0")
            if ukur["status"] != "selesai":
                sys.exit(f"{label}: {ukur['status']} {ukur['masalah']}")
            print(f"{label}: {json.dumps(ukur['ringkasan'])}")
            hasil.append((label, ukur))
        salin = sorted(
            (_jalankan(media, "copy", str(path)) for _ in range(ULANG_COPY)),
            key=lambda u: u["detik"],
        )[ULANG_COPY // 2]
        hasil.append((f"COPY (median of {ULANG_COPY})", salin))
        periode = periode_buat(3, keluarga=args.keluarga)
        connection.close()
        sasaran = str(periode.program.sasaran)
        for label, polos in [("floor: COPY + one INSERT", "0"), ("floor, primary key only", "1")]:
            lantai = _jalankan(media, "lantai", str(path), str(periode.pk), sasaran, polos)
            hasil.append((label, lantai))

        print(f"\n{'':<28} {'seconds':>8} {'rows/s':>10} {'peak RSS':>9} {'x COPY':>7}")
        for label, ukur in hasil:
            print(
                f"{label:<28} {ukur['detik']:8.1f} {args.baris / ukur['detik']:10,.0f} "
                f"{ukur['rss_mb']:6.0f} MB {ukur['detik'] / salin['detik']:7.1f}"
            )
        idle = hasil[0][1]["rss_awal_mb"]
        print(f"(import: {args.jalur} path; an idle Django process: {idle:.0f} MB)")
        print("target: import <= 4x COPY")
    finally:
        from django.db import connections

        connections.close_all()
        _server(f"DROP DATABASE IF EXISTS {DB}")
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
