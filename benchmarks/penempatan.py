"""Benchmark: automatic placement of 2,485 candidates into the 733 demo RWs of Pekanbaru.

    .venv/bin/python benchmarks/penempatan.py

Builds a throwaway SQLite database (real kecamatan, kelurahan and boundaries,
the 733 demo RWs), the demo's 25 OPDs with quotas adding up to 773, and the
demo's 2,485 candidates (petugas/demo.py, seeded: every run is the same city)
imported through the real candidate import.
Prints the time of the whole preview service (database reads + solving) and of
the solver alone, and the optimal total cost next to a first-come greedy
baseline's. Target: under 5 s on a 2-core machine.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from akun.models import Peran  # noqa: E402
from akun.services import user_buat  # noqa: E402
from petugas import penempatan, selectors  # noqa: E402
from petugas.demo import OPD_DEMO, kandidat_demo_csv  # noqa: E402
from petugas.impor import kandidat_import  # noqa: E402
from petugas.models import OPD, Petugas, RencanaPenempatan  # noqa: E402
from petugas.services import rencana_buat  # noqa: E402
from wilayah.demo import rw_demo_buat  # noqa: E402
from wilayah.models import RW  # noqa: E402
from wilayah.services import batas_import_geojson, wilayah_import_csv  # noqa: E402


def siapkan(bkpsdm) -> None:
    data = ROOT / "wilayah" / "data"
    wilayah_import_csv(data=(data / "pekanbaru_wilayah.csv").read_bytes())
    batas_import_geojson(data=(data / "pekanbaru_batas.geojson").read_bytes())
    rw_demo_buat()
    for nama, singkatan, kuota in OPD_DEMO:
        OPD.objects.create(nama=nama, singkatan=singkatan, kuota=kuota)
    kandidat_import(data=kandidat_demo_csv(), filename="kandidat_demo.csv", oleh=bkpsdm)


def main() -> None:
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    bkpsdm = user_buat(username="bkpsdm", password=None, peran=Peran.BKPSDM)
    siapkan(bkpsdm)
    print(
        f"setup (database, 733 RW, {Petugas.objects.count()} candidates imported from the "
        f"demo file): {time.perf_counter() - t0:.1f} s"
    )

    t = time.perf_counter()
    rencana = rencana_buat(cakupan=RencanaPenempatan.Cakupan.KOTA, oleh=bkpsdm)
    service_s = time.perf_counter() - t

    kandidat = selectors.kandidat_tersedia()
    rws = selectors.rw_kosong(RW.objects.all())
    kuota = selectors.sisa_kuota()
    t = time.perf_counter()
    optimal = penempatan.hitung(kandidat=kandidat, rws=rws, sisa_kuota=kuota)
    solver_s = time.perf_counter() - t
    t = time.perf_counter()
    greedy = penempatan.hitung_greedy(kandidat=kandidat, rws=rws, sisa_kuota=kuota)
    greedy_s = time.perf_counter() - t

    def levels(hasil):
        r = penempatan.ringkas(hasil, jumlah_kandidat=len(kandidat))
        return ", ".join(f"{k} {v}" for k, v in r["per_tingkat"].items())

    ringkasan = rencana.ringkasan
    print(f"candidates {len(kandidat)}, RWs {len(rws)}, OPD quota total {sum(kuota.values())}")
    print(f"placement preview (service: reads + solve + save): {service_s:.2f} s  [target < 5 s]")
    print(f"solver alone (min-cost flow, {len(kandidat) * len(rws):,} pairs): {solver_s:.2f} s")
    print(f"placed {ringkasan['ditempatkan']}, vacant {ringkasan['rw_kosong']}")
    print(f"optimal: total cost {optimal.total_biaya:,}  levels: {levels(optimal)}")
    print(
        f"greedy:  total cost {greedy.total_biaya:,}  levels: {levels(greedy)}  ({greedy_s:.2f} s)"
    )
    print(f"optimal / greedy cost: {optimal.total_biaya / greedy.total_biaya:.3f}")
    print(
        f"distance (optimal): mean {ringkasan['jarak_rata_m']} m, median "
        f"{ringkasan['jarak_median_m']} m, max {ringkasan['jarak_maks_m']} m"
    )
    assert optimal.total_biaya <= greedy.total_biaya


if __name__ == "__main__":
    main()
