"""Benchmark: the XLSX export of verified results (bansos.ekspor.ekspor_tulis), time and memory.

    .venv/bin/python benchmarks/ekspor.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_ekspor \\
        .venv/bin/python benchmarks/ekspor.py
    .venv/bin/python benchmarks/ekspor.py --ukuran 20000,60000   # other sizes

Without DATABASE_URL it uses a throwaway SQLite file in a temporary folder. With
a PostgreSQL URL it creates that database when it is missing and drops it at the
end (it refuses a database that already holds families, so it never touches real
data).

It builds the real 15 kecamatan and 83 kelurahan, 733 RWs with one officer each,
an admin per kecamatan and a PKH period, then grows the data to each size in
turn (50,000, 150,000, 300,000 by default) with bulk_create: per row one family
with its kepala, one visit approved by its kecamatan's admin and one finding in
force (1 in 20 an usulan, 1 in 5 of the rest tidak layak with a reason; half the
recipients name their registered member, the rest fall back to the kepala in SQL).

For each size a fresh Python process sets Django up, notes its resident memory,
runs `ekspor_tulis` for the whole city and reports the time and its peak
resident memory: VmHWM, which starts afresh at exec. The child's `ru_maxrss` is
printed too, but Linux carries the parent's peak over an exec into it, so it
shows this script's own size rather than the export's. Target: memory flat as
the rows grow, since the rows stream from a database cursor into openpyxl's
write-only workbook.
"""

import argparse
import datetime
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The child processes inherit the parent's folder (and database) through the environment.
TMP = Path(os.environ.setdefault("BENCH_EKSPOR_TMP", tempfile.mkdtemp(prefix="bench-ekspor-")))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")
os.environ["MEDIA_ROOT"] = str(TMP / "media")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["DEBUG"] = "false"
os.environ.pop("REDIS_URL", None)

UKURAN = [50_000, 150_000, 300_000]
BATCH = 5000
NAMA_DEPAN = ["Siti", "Budi", "Ahmad", "Nur", "Rina", "Joko", "Dewi", "Hendra", "Wati", "Agus"]
NAMA_BELAKANG = ["Santoso", "Lestari", "Hidayat", "Saputra", "Wulandari", "Gunawan", "Rahmawati"]


# ------------------------------------------------------------------ database


def _postgres() -> tuple[str, str] | None:
    """(server URL without the database, database name) for a PostgreSQL DATABASE_URL."""
    url = urlsplit(os.environ["DATABASE_URL"])
    if not url.scheme.startswith("postgres"):
        return None
    return urlunsplit(url._replace(path="/postgres")), url.path.lstrip("/")


def buat_database() -> bool:
    """Create the PostgreSQL database when missing; True when this run made it."""
    pg = _postgres()
    if pg is None:
        return False
    import psycopg
    from psycopg import sql

    server, nama = pg
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nama]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nama)))
    return True


def hapus_database() -> None:
    import psycopg
    from psycopg import sql

    server, nama = _postgres()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nama))
        )


# --------------------------------------------------------------------- data


def siapkan():
    """The city, the officers and admins, a PKH period. Returns (periode, petugas per RW)."""
    from django.core.management import call_command

    from akun.models import Peran
    from akun.services import user_buat
    from bansos.models import Periode, Program
    from pendataan.models import Keluarga
    from petugas.models import OPD, JenisKelamin, Petugas
    from wilayah.models import RW, Kecamatan, Kelurahan
    from wilayah.services import wilayah_import_csv

    call_command("migrate", verbosity=0)
    if Keluarga.objects.exists():
        sys.exit("The database already holds families: give an empty one (DATABASE_URL).")
    wilayah_import_csv(data=(ROOT / "wilayah" / "data" / "pekanbaru_wilayah.csv").read_bytes())
    kelurahan = list(Kelurahan.objects.order_by("kode"))
    RW.objects.bulk_create(
        RW(kelurahan=kelurahan[i % len(kelurahan)], nomor=i // len(kelurahan) + 1)
        for i in range(733)
    )
    rws = list(RW.objects.select_related("kelurahan").order_by("pk"))
    opd = OPD.objects.create(nama="Dinas Uji", kuota=733)
    Petugas.objects.bulk_create(
        Petugas(
            nama=f"Petugas {i + 1:03d}",
            ni_pppk=f"1990010120250{i + 1:05d}",
            opd=opd,
            jenis_kelamin=JenisKelamin.LAKI_LAKI,
            kelurahan_domisili=rw.kelurahan,
        )
        for i, rw in enumerate(rws)
    )
    petugas = dict(zip(rws, Petugas.objects.order_by("pk"), strict=True))
    admin = {
        k.pk: user_buat(
            username=f"admin.{k.kode}",
            password=None,
            peran=Peran.ADMIN_KECAMATAN,
            nama=f"Admin {k.nama}",
            kecamatan=k,
        )
        for k in Kecamatan.objects.all()
    }
    user_buat(username="dinsos", password=None, peran=Peran.DINSOS)
    periode = Periode.objects.create(
        program=Program.objects.get(kode="pkh"),
        nama="2026 I",
        mulai=datetime.date(2026, 1, 1),
        selesai=datetime.date(2026, 6, 30),
    )
    tempat = [(rw, petugas[rw], admin[rw.kelurahan.kecamatan_id]) for rw in rws]
    return periode, tempat


def tambah(periode, tempat, dari: int, sampai: int) -> None:
    """Rows dari..sampai-1: a family, its kepala, a recipient, an approved visit, a finding."""
    from django.utils import timezone

    from bansos.models import AlasanTidakLayak, Penerima, Verifikasi
    from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga, Kunjungan, StatusKunjungan

    alasan = [a for a in AlasanTidakLayak if a != AlasanTidakLayak.LAINNYA]
    sekarang = timezone.now()
    for awal in range(dari, sampai, BATCH):
        nomor = range(awal, min(awal + BATCH, sampai))
        keluarga = Keluarga.objects.bulk_create(
            Keluarga(
                nomor_kk=f"147109{i:010d}",
                rw=tempat[i % len(tempat)][0],
                rt=i % 9 + 1,
                alamat=f"Jl. Contoh Gg. {i % 37 + 1} No. {i % 211 + 1}",
            )
            for i in nomor
        )
        kepala = AnggotaKeluarga.objects.bulk_create(
            AnggotaKeluarga(
                keluarga=k,
                nik=f"147108{i:010d}",
                nama=f"{NAMA_DEPAN[i % 10]} {NAMA_BELAKANG[i % 7]} {i}",
                hubungan=Hubungan.KEPALA,
                jenis_kelamin="L",
            )
            for i, k in zip(nomor, keluarga, strict=True)
        )
        usulan = {i for i in nomor if i % 20 == 7}
        penerima = dict(
            zip(
                [i for i in nomor if i not in usulan],
                Penerima.objects.bulk_create(
                    Penerima(
                        periode=periode,
                        keluarga=keluarga[i - awal],
                        terdaftar=kepala[i - awal] if i % 2 else None,
                        nomor_kartu=f"KKS{i:010d}",
                    )
                    for i in nomor
                    if i not in usulan
                ),
                strict=True,
            )
        )
        kunjungan = Kunjungan.objects.bulk_create(
            Kunjungan(
                uuid=uuid.uuid4(),
                sidik="bench",
                keluarga=keluarga[i - awal],
                petugas=tempat[i % len(tempat)][1],
                rw=tempat[i % len(tempat)][0],
                hasil="ditemui",
                status=StatusKunjungan.DISETUJUI,
                diperiksa_oleh=tempat[i % len(tempat)][2],
                diperiksa_at=sekarang,
            )
            for i in nomor
        )
        verifikasi = []
        for i, kunj in zip(nomor, kunjungan, strict=True):
            v = Verifikasi(
                kunjungan=kunj,
                jenis="usulan" if i in usulan else "verifikasi",
                periode=periode,
                penerima=penerima.get(i),
                keluarga=keluarga[i - awal],
                anggota=kepala[i - awal] if i in usulan else None,
                hasil="layak",
                berlaku=True,
            )
            if i not in usulan and i % 5 == 0:
                v.hasil = "tidak_layak"
                if i % 50 == 0:
                    v.alasan, v.alasan_lain = AlasanTidakLayak.LAINNYA, "Punya usaha bengkel"
                else:
                    v.alasan = alasan[i // 5 % len(alasan)]
            verifikasi.append(v)
        Verifikasi.objects.bulk_create(verifikasi)


# -------------------------------------------------------------- measuring


def _rss_mb(kunci: str) -> float:
    try:
        for baris in Path("/proc/self/status").read_text().splitlines():
            if baris.startswith(kunci + ":"):
                return int(baris.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ukur(ekspor_id: int) -> None:
    """In the fresh child: write one export and print what it cost, as JSON."""
    import django

    django.setup()
    from bansos.ekspor import ekspor_tulis
    from bansos.models import EksporHasil, StatusEkspor

    ekspor = EksporHasil.objects.select_related("periode__program", "kecamatan").get(pk=ekspor_id)
    dasar = _rss_mb("VmRSS")
    mulai = time.perf_counter()
    ekspor_tulis(ekspor=ekspor)
    detik = time.perf_counter() - mulai
    ekspor.refresh_from_db()
    assert ekspor.status == StatusEkspor.SELESAI, ekspor.pesan
    print(
        json.dumps(
            {
                "baris": ekspor.baris_ditulis,
                "detik": detik,
                "dasar_mb": dasar,
                "puncak_mb": _rss_mb("VmHWM"),
                "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "berkas_mb": ekspor.berkas.size / 1e6,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ukuran", default=",".join(str(u) for u in UKURAN))
    parser.add_argument("--ukur", type=int, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.ukur:
        ukur(args.ukur)
        return
    ukuran = sorted(int(u) for u in args.ukuran.split(","))

    dibuat = buat_database()
    try:
        import django

        django.setup()
        from django.db import connection

        from akun.models import User
        from bansos.models import EksporHasil

        t = time.perf_counter()
        periode, tempat = siapkan()
        print(
            f"database: {connection.vendor}; city, 733 RW and officers in "
            f"{time.perf_counter() - t:.1f} s"
        )
        dinsos = User.objects.get(username="dinsos")
        hasil, ada = [], 0
        for n in ukuran:
            t = time.perf_counter()
            tambah(periode, tempat, ada, n)
            ada = n
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after such an import
            print(f"  {n:,} findings in force ({time.perf_counter() - t:.0f} s to add)")
            ekspor = EksporHasil.objects.create(periode=periode, dibuat_oleh=dinsos)
            connection.close()  # the child gets its own; SQLite sees everything committed
            keluaran = subprocess.run(
                [sys.executable, __file__, "--ukur", str(ekspor.pk)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            hasil.append(json.loads(keluaran.stdout.strip().splitlines()[-1]))
    finally:
        from django.db import connections

        connections.close_all()
        if dibuat:
            hapus_database()
        shutil.rmtree(TMP, ignore_errors=True)

    print()
    print("ekspor_tulis, whole city, each size in a fresh process:")
    print(
        f"  {'rows':>9} {'seconds':>8} {'rows/s':>8} {'peak RSS':>9} {'above setup':>12} "
        f"{'ru_maxrss':>10} {'file':>8}"
    )
    for r in hasil:
        print(
            f"  {r['baris']:>9,} {r['detik']:>8.1f} {r['baris'] / r['detik']:>8,.0f} "
            f"{r['puncak_mb']:>6.0f} MB {r['puncak_mb'] - r['dasar_mb']:>+9.0f} MB "
            f"{r['ru_maxrss_mb']:>7.0f} MB {r['berkas_mb']:>5.1f} MB"
        )
    naik = hasil[-1]["puncak_mb"] - hasil[0]["puncak_mb"]
    print(f"peak RSS from {hasil[0]['baris']:,} to {hasil[-1]['baris']:,} rows: {naik:+.0f} MB")


if __name__ == "__main__":
    main()
