"""Parts 3 and 4 of benchmarks/kunjungan.py: the phone's offline side, measured in
Debian's Chromium against gunicorn with the production settings."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from akun.management.commands.siapkan_demo import NI_PPPK_DEMO, PASSWORD_DEMO
from pendataan.demo import foto_kamera_jpeg
from pendataan.models import FotoKunjungan, Keluarga, Kunjungan
from wilayah.models import RW

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HALAMAN = [
    ("beranda", "/akun/beranda/"),
    ("daftar kerja", "/pendataan/rw/"),
    ("keluarga", "/pendataan/keluarga/{pk}/"),
    ("formulir kunjungan", "/pendataan/keluarga/{pk}/kunjungan/"),
]
BATAS_MUAT_PERTAMA = 30 * 1024
HALAMAN_SAJA = {"document", "stylesheet", "script", "image", "font", "manifest"}
LAJU = 400_000 / 8  # bytes per second each way: 400 kbit/s
RTT = 0.4


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server_produksi(tmp: Path):
    """gunicorn (config/gunicorn.py) with the production settings on the benchmark's
    SQLite database, static files collected and compressed as in the Docker image."""
    port = _port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(tmp / "static"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "REDIS_URL": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


class Saklar:
    lambat = False


@contextlib.contextmanager
def proksi_lambat(tujuan: str, saklar: Saklar):
    """A TCP proxy that, while `saklar.lambat`, gives every byte the phone's link: LAJU
    each way, shared by all connections, and RTT/2 one way per chunk. Only 127.0.0.1."""
    host, port = tujuan.removeprefix("http://").split(":")
    lokal = _port()
    loop = asyncio.new_event_loop()

    class Pipa:
        """One direction of the link: bytes leave at LAJU, one after another, and each
        arrives RTT/2 after it left; reading goes on meanwhile (the latency is not paid
        once per chunk, as it would be if each chunk waited for the last)."""

        def __init__(self):
            self.bebas_pada = 0.0  # when the link is free again

        def tiba_pada(self, n: int) -> float:
            if not saklar.lambat:
                return loop.time()
            self.bebas_pada = max(loop.time(), self.bebas_pada) + n / LAJU
            return self.bebas_pada + RTT / 2

    naik, turun = Pipa(), Pipa()

    async def salin(r, w, pipa):
        antre: asyncio.Queue = asyncio.Queue()

        async def tulis():
            while (item := await antre.get()) is not None:
                tiba, data = item
                await asyncio.sleep(max(0.0, tiba - loop.time()))
                w.write(data)
                await w.drain()

        penulis = asyncio.ensure_future(tulis())
        try:
            while data := await r.read(16384):
                await antre.put((pipa.tiba_pada(len(data)), data))
            await antre.put(None)
            await penulis
        except (ConnectionError, asyncio.CancelledError):
            penulis.cancel()
        finally:
            with contextlib.suppress(Exception):
                w.close()

    async def sambung(r_klien, w_klien):
        r_server, w_server = await asyncio.open_connection(host, int(port))
        await asyncio.gather(salin(r_klien, w_server, naik), salin(r_server, w_klien, turun))

    async def jalan():
        server = await asyncio.start_server(sambung, "127.0.0.1", lokal)
        async with server:
            await server.serve_forever()

    thread = threading.Thread(target=loop.run_until_complete, args=(jalan(),), daemon=True)
    thread.start()
    time.sleep(0.3)
    try:
        yield f"http://127.0.0.1:{lokal}"
    finally:
        loop.call_soon_threadsafe(loop.stop)


def _masuk(page, url: str) -> None:
    page.goto(f"{url}/akun/masuk/")
    page.fill("#id_username", NI_PPPK_DEMO)
    page.fill("#id_password", PASSWORD_DEMO)
    page.click("button[type=submit]")
    page.wait_for_url("**/akun/beranda/")


def halaman_dan_sinkron(rw: RW, tmp: Path) -> None:
    if not Path(CHROMIUM).exists():
        print("officer pages: skipped (no Chromium at /usr/bin/chromium)")
        return
    from playwright.sync_api import sync_playwright

    keluarga = Keluarga.objects.filter(rw=rw).order_by("pk").first()
    jumlah = Keluarga.objects.filter(rw=rw).count()
    with server_produksi(tmp) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print("officer pages as the production settings serve them (bytes on the wire, "
              f"gzipped; target <= {BATAS_MUAT_PERTAMA // 1024} KB on first load):")  # fmt: skip
        masuk = browser.new_context()
        _masuk(masuk.new_page(), url)
        sesi = masuk.storage_state()  # the cookies only: no cache, no service worker
        masuk.close()
        for nama, path in HALAMAN:
            # a phone that never opened the page: no HTTP cache, no service worker yet
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, storage_state=sesi
            )
            page = context.new_page()
            ukuran = []
            # what the page itself loads; its background fetches (the RW's forms) are
            # measured on their own below
            page.on(
                "requestfinished",
                lambda r, u=ukuran: u.append(_byte(r)) if r.resource_type in HALAMAN_SAJA else None,
            )
            # "load" and a pause for late files, not "networkidle": the RW's forms keep
            # the network busy in the background for as long as a weak link needs
            page.goto(url + path.format(pk=keluarga.pk), wait_until="load")
            page.wait_for_timeout(2000)
            pertama = sum(ukuran)
            ukuran.clear()
            page.goto(url + path.format(pk=keluarga.pk), wait_until="load")
            page.wait_for_timeout(2000)
            ulang = sum(ukuran)
            print(
                f"  {nama:20s} first load {pertama / 1024:5.1f} KB, repeat {ulang / 1024:5.1f} KB"
            )
            context.close()

        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        latar, daftar = [], []
        context.on(
            "requestfinished",
            lambda r: (
                latar.append(_byte(r))
                if "/luring/versi/" in r.url or r.url.endswith("/kunjungan/") or r.url.endswith("/")
                else None
            ),
        )
        context.on(
            "requestfinished",
            lambda r: daftar.append(_byte(r)) if "/luring/daftar/" in r.url else None,
        )
        _masuk(page, url)
        latar.clear()
        page.goto(f"{url}/pendataan/rw/")
        page.wait_for_function(
            f"(document.getElementById('sinkron-rw') || {{}}).textContent"
            f"?.includes('Formulir {jumlah} keluarga')",
            timeout=600_000,
        )
        pertama = sum(latar)
        latar.clear()
        page.evaluate("window.PortalPetugas.sinkronFormulir(true)")
        page.wait_for_timeout(2000)
        print(
            f"the RW's visit forms kept for use without signal, RW of {jumlah} families, "
            f"fetched in the background: {pertama / 1024:.0f} KB the first time "
            f"({pertama / jumlah / 1024:.1f} KB a family; the worklist to search offline "
            f"{daftar[0] / 1024 if daftar else 0:.0f} KB of it), {sum(latar) / 1024:.1f} KB "
            "when nothing changed (two 304s: the forms' versions, the list)"
        )
        browser.close()


def _byte(request) -> int:
    try:
        ukuran = request.sizes()
    except Exception:
        return 0
    return (
        ukuran["requestHeadersSize"]
        + ukuran["requestBodySize"]
        + ukuran["responseHeadersSize"]
        + max(ukuran["responseBodySize"], 0)
    )


def kirim_antrean(rw: RW, tmp: Path, jumlah: int) -> None:
    if not Path(CHROMIUM).exists() or jumlah <= 0:
        return
    from playwright.sync_api import sync_playwright

    fotos = {}
    for i, jenis in enumerate(("rumah", "kk", "ktp")):
        path = tmp / f"antrean-{jenis}.jpg"
        path.write_bytes(foto_kamera_jpeg(seed=10 + i))
        fotos[jenis] = str(path)
    keluarga = list(Keluarga.objects.filter(rw=rw).order_by("pk")[:jumlah])
    sebelum = (Kunjungan.objects.count(), FotoKunjungan.objects.count())
    saklar = Saklar()
    with (
        server_produksi(tmp) as langsung,
        proksi_lambat(langsung, saklar) as url,
        sync_playwright() as pw,
    ):
        lama, _ = _antrean_lewat(pw, url, rw, tmp, keluarga, fotos, saklar, sebelum)
    baru = FotoKunjungan.objects.order_by("-pk")[: 3 * jumlah]
    foto_byte = sum(f.asli.size for f in baru)
    lantai = foto_byte / LAJU
    print(
        f"{jumlah} visits queued offline with 3 photos each ({foto_byte / 1e6:.1f} MB of "
        f"photos), sent over 400 kbit/s and 400 ms: {lama:.0f} s from the signal's return; "
        f"the floor for those photo bytes alone at 400 kbit/s: {lantai:.0f} s "
        f"({lama / lantai:.2f} x the floor)"
    )


def _antrean_lewat(pw, url, rw, tmp, keluarga, fotos, saklar, sebelum) -> tuple[float, int]:
    jumlah = len(keluarga)
    context = pw.chromium.launch_persistent_context(
        str(tmp / "profil"), executable_path=CHROMIUM, args=ARGS,
        viewport={"width": 360, "height": 740}, is_mobile=True,
        geolocation={"latitude": float(rw.latitude), "longitude": float(rw.longitude)},
        permissions=["geolocation"],
    )  # fmt: skip
    context.set_default_timeout(120_000)
    page = context.new_page()
    _masuk(page, url)
    page.goto(f"{url}/pendataan/rw/")
    page.wait_for_selector("#sinkron-rw:not([hidden])", timeout=600_000)
    context.set_offline(True)
    for k in keluarga:
        page.goto(f"{url}/pendataan/keluarga/{k.pk}/kunjungan/")
        for layak in page.locator("#verifikasi input[value=layak]").all():
            layak.check()
        page.click("#ambil-gps")
        page.wait_for_selector("#gps-status.ok")
        for jenis, path in fotos.items():
            page.set_input_files(f"input[data-jenis={jenis}]", path)
        for jenis in fotos:
            page.wait_for_function(
                f"document.querySelector('input[data-jenis={jenis}] + .foto-info')"
                ".textContent.length > 0"
            )
        page.click("#kirim")
        page.wait_for_selector("#pesan.error")  # "no signal: kept on the phone"
    page.goto(f"{url}/akun/beranda/")
    byte = []
    context.on("requestfinished", lambda r: byte.append(_byte(r)))
    saklar.lambat = True  # the signal returns, weak: 400 kbit/s, 400 ms
    mulai = time.perf_counter()
    context.set_offline(False)
    while Kunjungan.objects.count() - sebelum[0] < jumlah or (
        FotoKunjungan.objects.count() - sebelum[1] < 3 * jumlah
    ):
        if time.perf_counter() - mulai > 3600:
            break
        time.sleep(1)
    lama = time.perf_counter() - mulai
    context.close()
    return lama, sum(byte)
