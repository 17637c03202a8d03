"""Benchmark: the officer's side of pendataan.

    .venv/bin/python benchmarks/kunjungan.py [--keluarga 410] [--antrean 40]

1. The worklist's server time on an RW of --keluarga families (median of 20
   requests through Django's test client, and the page's size).
2. The bytes a phone sends for one visit with three 12-megapixel photos: a real
   Chromium (Debian's, at /usr/bin/chromium) on a phone-sized screen fills the
   visit form against a portal served by `manage.py runserver`, and every
   request body is counted. Target: at most 1.2 MB.
3. The officer pages' bytes on first and repeat load, as the production settings
   serve them (gunicorn, WhiteNoise's compressed static files, gzip): target at
   most 30 KB on first load. Then what the phone fetches in the background to
   keep the RW's visit forms for use without signal, the first time and again
   when nothing changed.
4. The time to send --antrean visits, each with three 12-megapixel photos,
   recorded without signal, once the signal returns over a throttled link
   (400 kbit/s each way, 400 ms round trip, through a small proxy in this
   script), next to the floor the link allows for the same bytes.

It builds a throwaway SQLite database with the demo (siapkan_demo) and adds
families to the demo officer's RW until it has --keluarga.
"""

import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp())
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(TMP / "media")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["DEBUG"] = "true"
# Playwright's sync API runs an event loop in this thread; the ORM calls between
# browser steps are still synchronous and safe (as in tests/browser/conftest.py)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from akun.management.commands.siapkan_demo import NI_PPPK_DEMO, PASSWORD_DEMO  # noqa: E402
from akun.models import User  # noqa: E402
from pendataan.demo import foto_kamera_jpeg, keluarga_demo_csv  # noqa: E402
from pendataan.impor import keluarga_import  # noqa: E402
from pendataan.models import FotoKunjungan, Keluarga  # noqa: E402
from wilayah.models import RW  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def siapkan(jumlah: int) -> RW:
    call_command("migrate", verbosity=0)
    call_command("siapkan_demo", verbosity=0, stdout=io.StringIO())
    rw = RW.objects.select_related("kelurahan").get(kelurahan__kode="14.71.08.1001", nomor=1)
    kurang = jumlah - Keluarga.objects.filter(rw=rw).count()
    keluarga_import(
        data=keluarga_demo_csv(rws=[rw], per_rw=kurang, seed=77),
        filename="tambahan.csv",
        oleh=User.objects.get(username="dinsos"),
    )
    return rw


def daftar_kerja() -> None:
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=NI_PPPK_DEMO))
    client.get("/pendataan/rw/")  # warm up
    waktu, ukuran = [], 0
    for _ in range(20):
        t = time.perf_counter()
        response = client.get("/pendataan/rw/")
        waktu.append((time.perf_counter() - t) * 1000)
        ukuran = len(response.content)
    jumlah = Keluarga.objects.filter(rw__nomor=1, rw__kelurahan__kode="14.71.08.1001").count()
    gzip = client.get("/pendataan/rw/", HTTP_ACCEPT_ENCODING="gzip")
    p90 = sorted(waktu)[int(len(waktu) * 0.9) - 1]
    print(
        f"worklist, RW of {jumlah} families: median {statistics.median(waktu):.0f} ms, "
        f"p90 {p90:.0f} ms server time; page {ukuran / 1024:.0f} KB, "
        f"{len(gzip.content) / 1024:.0f} KB gzipped (50 families a page)"
    )


def bytes_kunjungan(rw: RW) -> None:
    if not Path(CHROMIUM).exists():
        print("bytes per visit: skipped (no Chromium at /usr/bin/chromium)")
        return
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        fotos = []
        for i, jenis in enumerate(("rumah", "kk", "ktp")):
            path = TMP / f"{jenis}.jpg"
            path.write_bytes(foto_kamera_jpeg(seed=i))
            fotos.append((jenis, path))
        asli = sum(p.stat().st_size for _, p in fotos)
        keluarga = Keluarga.objects.filter(rw=rw).order_by("pk").first()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            context = browser.new_context(
                viewport={"width": 360, "height": 740},
                is_mobile=True,
                geolocation={"latitude": float(rw.latitude), "longitude": float(rw.longitude)},
                permissions=["geolocation"],
            )
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"http://127.0.0.1:{port}/akun/masuk/")
            page.fill("#id_username", NI_PPPK_DEMO)
            page.fill("#id_password", PASSWORD_DEMO)
            page.click("button[type=submit]")
            page.goto(f"http://127.0.0.1:{port}/pendataan/keluarga/{keluarga.pk}/kunjungan/")
            for layak in page.locator("#verifikasi input[value=layak]").all():
                layak.check()
            page.click("#ambil-gps")
            page.wait_for_selector("#gps-status.ok")
            for jenis, path in fotos:
                page.set_input_files(f"input[data-jenis={jenis}]", str(path))
                page.wait_for_function(
                    f"document.querySelector('input[data-jenis={jenis}] + .foto-info')"
                    ".textContent.length > 0"
                )
            badan = []
            page.on(
                "request",
                lambda r: (
                    badan.append((r.url, len(r.post_data_buffer or b"")))
                    if r.method == "POST"
                    else None
                ),
            )
            page.click("#kirim")
            try:
                page.wait_for_url("**/pendataan/kunjungan/*/")
            except Exception:
                print("  the form said:", page.locator("#pesan").text_content())
                raise
            browser.close()
        # Chromium does not hand multipart bodies with files to the listener, so the
        # photos are counted as the server stored them (byte for byte what was sent).
        json_bytes = sum(n for url, n in badan if url.endswith("/kirim/"))
        foto = list(FotoKunjungan.objects.order_by("pk"))
        total = json_bytes + sum(f.asli.size for f in foto)
        print(
            f"bytes sent for one visit with three 12-megapixel photos "
            f"({asli / 1e6:.1f} MB as taken): {total / 1e6:.2f} MB in {len(badan)} requests "
            f"[target <= 1.2 MB]"
        )
        print(f"  {json_bytes / 1024:7.1f} KB  the visit (JSON)")
        for f in foto:
            print(f"  {f.asli.size / 1024:7.1f} KB  photo {f.jenis} (JPEG, long edge 1600 px)")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    import argparse

    from benchmarks.kunjungan_luring import halaman_dan_sinkron, kirim_antrean

    parser = argparse.ArgumentParser()
    parser.add_argument("--keluarga", type=int, default=410, help="families in the RW")
    parser.add_argument("--antrean", type=int, default=40, help="visits queued offline")
    args = parser.parse_args()
    rw = siapkan(args.keluarga)
    daftar_kerja()
    bytes_kunjungan(rw)
    halaman_dan_sinkron(rw, TMP)
    kirim_antrean(rw, TMP, args.antrean)
