"""Load benchmark: the portal's pages under 20 connections on the city-sized data.

    .venv/bin/python manage.py siapkan_kota          # once, into portal_kota (see below)
    .venv/bin/python benchmarks/beban.py [--detik 30] [--putaran 3] [--koneksi 20] [--hanya daftar]

It boots gunicorn (`-c config/gunicorn.py`, 2 workers unless WEB_CONCURRENCY says
otherwise) with the production settings plus baseline pages that exist only
in benchmarks/settings_beban.py: a bare `HttpResponse("ok")`, an officer's page that
only reads the session, the base layout of a logged-in officer, and the smallest
write a logged-in JSON POST makes (its session row updated and committed), the floor
of the visit submit. Every page then gets wrk (Debian's `wrk`) with 20
connections for 30 s, and the table gives req/s, p50/p95/p99 and the ratio to
both baselines, all measured in the same run. The 30 s of a page are 3 rounds of
10 s (`--putaran`): every round loads every page in turn, and a page's figures pool
its rounds (requests over seconds; percentiles of the merged latency histograms), so
a slow spell of the machine (a shared one varies by 2x over tens of seconds) falls
on many pages a little rather than on one page whole. Before each slice of a page the
bare page runs for 3 s (`--polos-detik`), and a page's "× bare" is its rate over the
rate of those bare slices beside it: the floor of the same minutes, not of the run's
first half minute.

Environment: BEBAN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/portal_kota,
filled by `siapkan_kota`), BEBAN_REDIS_URL (default redis://127.0.0.1:6379/11),
BEBAN_PORT (8820). The visit submit page writes real visits (new UUIDs) into that
database: it is a throwaway one.

Targets (issue 12): officer pages >= 0.5x bare and p95 <= 100 ms; visit submit
>= 150/s; the review queue and the city-wide results >= 0.25x bare and p95 <= 250 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BEBAN_PORT", "8820"))
BASIS = f"http://127.0.0.1:{PORT}"
TMP = Path(tempfile.mkdtemp(prefix="beban-"))
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "benchmarks.settings_beban",
    "DATABASE_URL": os.environ.get(
        "BEBAN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_kota"
    ),
    "REDIS_URL": os.environ.get("BEBAN_REDIS_URL", "redis://127.0.0.1:6379/11"),
    "SECRET_KEY": secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_COOKIES": "false",
    "DEBUG": "false",
    "STATIC_ROOT": str(TMP / "static"),
    "MEDIA_ROOT": str(TMP / "media"),
    "PORT": str(PORT),
    "HOST": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from akun.management.commands.siapkan_kota import PASSWORD_KOTA  # noqa: E402
from akun.models import Peran, User  # noqa: E402
from bansos.models import Penerima, Periode  # noqa: E402
from pendataan.models import AnggotaKeluarga, Keluarga, Kunjungan  # noqa: E402
from petugas.models import Penugasan  # noqa: E402
from wilayah.models import RW, Kecamatan  # noqa: E402

TARGET = {"petugas": (0.5, 100.0), "kota": (0.25, 250.0)}


@dataclass
class Halaman:
    kunci: str
    nama: str
    peran: str  # whose session
    url: str
    kelas: str = ""  # "petugas", "kota", "kirim" or "" (no target)
    kirim: str = ""  # a Lua file of visit bodies: POSTs


@dataclass
class Hasil:
    halaman: Halaman
    rps: float
    p50: float
    p95: float
    p99: float
    galat: int


def subjek() -> tuple[dict[str, str], list[Halaman], Path]:
    """Who logs in and which pages they open, picked from the data: the officer whose RW
    is nearest the city's typical 410 families, the kecamatan with the most families."""
    ukuran = dict(Keluarga.objects.values("rw").annotate(n=Count("pk")).values_list("rw", "n"))
    rw = RW.objects.select_related("kelurahan").get(
        pk=min(ukuran, key=lambda pk: (abs(ukuran[pk] - 410), pk))
    )
    petugas = Penugasan.objects.get(rw=rw, selesai__isnull=True).petugas
    kec = (
        Kecamatan.objects.annotate(n=Count("kelurahan_set__rw_set__keluarga_set"))
        .order_by("-n")
        .first()
    )
    admin = User.objects.get(peran=Peran.ADMIN_KECAMATAN, kecamatan=kec)
    kel_admin = kec.kelurahan_set.order_by("kode").first()
    rw_admin = RW.objects.filter(kelurahan=kel_admin).order_by("nomor").first().pk
    keluarga_rw = Keluarga.objects.filter(rw=rw)
    dikunjungi = Kunjungan.objects.filter(keluarga__rw=rw).order_by("pk").first().keluarga_id
    penerima = Penerima.objects.filter(keluarga__rw=rw).order_by("keluarga_id").first().keluarga_id
    nik = AnggotaKeluarga.objects.filter(keluarga__rw=rw).order_by("pk").first().nik
    pkh = Periode.objects.filter(program__kode="pkh").order_by("-mulai").first()
    akun = {
        "petugas": petugas.ni_pppk,
        "admin": admin.username,
        "dinsos": "dinsos",
        "bkpsdm": "bkpsdm",
        "pimpinan": "pimpinan",
    }
    kirim = TMP / "kunjungan.lua"
    kirim.write_text(_bodi_kunjungan(keluarga_rw, rw))
    tulis = TMP / "tulis.lua"
    tulis.write_text('return {{path="/_beban/tulis/", awal="{\\"uuid\\": \\"", akhir="\\"}"}}\n')
    print(
        f"Petugas {petugas.ni_pppk}, {rw} ({ukuran[rw.pk]} keluarga); {admin.username} "
        f"({kec.n} keluarga di kecamatan {kec.nama})."
    )
    halaman = [
        Halaman("polos", "bare HttpResponse('ok')", "petugas", "/_beban/polos/"),
        Halaman("sesi", "session only (officer)", "petugas", "/_beban/sesi/"),
        Halaman("tata_letak", "base layout (officer)", "petugas", "/_beban/tata-letak/"),
        Halaman("daftar", "worklist", "petugas", "/pendataan/rw/", "petugas"),
        *(
            Halaman(
                f"daftar_{s}",
                f"worklist ?saring={s}",
                "petugas",
                f"/pendataan/rw/?saring={s}",
                "petugas",
            )
            for s in ("belum", "sudah", "dikembalikan", "verifikasi")
        ),  # fmt: skip
        Halaman(
            "cari_nik", "worklist, NIK search", "petugas", f"/pendataan/rw/?q={nik[:10]}", "petugas"
        ),  # fmt: skip
        Halaman(
            "cari_nama", "worklist, name search", "petugas", "/pendataan/rw/?q=Siti", "petugas"
        ),  # fmt: skip
        Halaman(
            "keluarga", "family page", "petugas", f"/pendataan/keluarga/{dikunjungi}/", "petugas"
        ),  # fmt: skip
        Halaman(
            "form", "visit form", "petugas", f"/pendataan/keluarga/{penerima}/kunjungan/", "petugas"
        ),  # fmt: skip
        Halaman(
            "tulis",
            "write floor: a JSON POST updating its session row",
            "petugas",
            "/_beban/tulis/",
            "",
            str(tulis),
        ),
        Halaman("kirim", "visit submit (POST)", "petugas", "/pendataan/rw/", "kirim", str(kirim)),
        Halaman(
            "antrean", "admin kecamatan review queue", "admin", "/pendataan/pemeriksaan/", "kota"
        ),  # fmt: skip
        Halaman(
            "hasil",
            "Dinsos results, PKH city-wide",
            "dinsos",
            f"/bansos/hasil/?periode={pkh.pk}",
            "kota",
        ),  # fmt: skip
        Halaman("peta_bkpsdm", "BKPSDM officer map", "bkpsdm", "/petugas/peta/", "kota"),
        Halaman("daftar_bkpsdm", "BKPSDM officer list", "bkpsdm", "/petugas/", "kota"),
        Halaman("beranda_pimpinan", "pimpinan home", "pimpinan", "/akun/beranda/", "kota"),
        Halaman(
            "hasil_semua",
            "Dinsos results, every program city-wide",
            "dinsos",
            "/bansos/hasil/semua-program/",
            "kota",
        ),  # fmt: skip
        Halaman(
            "aktivitas_bkpsdm", "BKPSDM officer activity", "bkpsdm", "/petugas/aktivitas/", "kota"
        ),  # fmt: skip
        Halaman("dasbor_pimpinan", "pimpinan dashboard", "pimpinan", "/pimpinan/", "kota"),
        Halaman(
            "hasil_pimpinan",
            "pimpinan results, every program",
            "pimpinan",
            "/bansos/hasil/semua-program/",
            "kota",
        ),  # fmt: skip
        Halaman("dasbor", "admin kecamatan dashboard (home)", "admin", "/akun/beranda/", "kota"),
        Halaman(
            "dasbor_kelurahan",
            "admin kecamatan dashboard, a kelurahan",
            "admin",
            f"/dasbor/kelurahan/{kel_admin.kode}/",
            "kota",
        ),  # fmt: skip
        Halaman("dasbor_rw", "admin dashboard, an RW", "admin", f"/dasbor/rw/{rw_admin}/", "kota"),
        Halaman(
            "dasbor_titik",
            "admin kecamatan visit points (JSON)",
            "admin",
            f"/dasbor/kecamatan/{kec.kode}/titik.json?zoom=13",
            "kota",
        ),  # fmt: skip
    ]
    return akun, halaman, kirim


def _bodi_kunjungan(keluarga, rw: RW) -> str:
    """A Lua table of visits to the RW's families, with a finding for each recipient of the
    lists being verified: the phone's JSON around the UUID each request makes fresh."""
    from bansos.verifikasi import penerima_keluarga

    baris = []
    for k in keluarga.order_by("pk")[:60]:
        data = {
            "hasil": "ditemui",
            "latitude": float(k.latitude or rw.latitude),
            "longitude": float(k.longitude or rw.longitude),
            "akurasi_m": 8,
            "variabel": {},
            "anggota": [],
            "foto": [],
            "verifikasi": [{"penerima": p.pk, "hasil": "layak"} for p in penerima_keluarga(k)],
        }
        teks = json.dumps(data)
        awal, akhir = '{"uuid": "', '", ' + teks[1:]
        path = f"/pendataan/keluarga/{k.pk}/kunjungan/kirim/"
        baris.append(
            f"{{path={json.dumps(path)}, awal={json.dumps(awal)}, akhir={json.dumps(akhir)}}}"
        )
    return "return {\n" + ",\n".join(baris) + "\n}\n"


def masuk(username: str) -> tuple[str, str]:
    """Log in through the real login page; returns (Cookie header, CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{BASIS}/akun/masuk/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD_KOTA, "csrfmiddlewaretoken": csrf}
    ).encode()
    opener.open(urllib.request.Request(f"{BASIS}/akun/masuk/", data=data)).read()  # noqa: S310
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"Login {username} gagal: jalankan siapkan_kota dulu.")
    return "; ".join(f"{k}={v}" for k, v in cookies.items()), cookies["csrftoken"]


def periksa(h: Halaman, cookie: str) -> None:
    """Each GET page answers 200 for its user before it is loaded (not a login redirect)."""
    if h.kirim:
        return
    permintaan = urllib.request.Request(f"{BASIS}{h.url}", headers={"Cookie": cookie})  # noqa: S310

    class TanpaAlih(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        status = urllib.request.build_opener(TanpaAlih).open(permintaan).status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status != 200:
        raise SystemExit(f"{h.nama} ({h.url}) menjawab {status}, bukan 200.")


@dataclass
class Irisan:
    """One wrk run of a page: requests, seconds, errors, latency histogram (µs, count)."""

    permintaan: int
    detik: float
    galat: int
    histogram: list[tuple[int, int]]


def wrk(h: Halaman, cookie: str, csrf: str, detik: int, koneksi: int) -> Irisan:
    env = {**os.environ, "BEBAN_COOKIE": cookie, "BEBAN_CSRF": csrf, "BEBAN_KIRIM": h.kirim}
    perintah = ["wrk", "-t2", f"-c{koneksi}", f"-d{detik}s", "--timeout", "10s",
                "-s", str(ROOT / "benchmarks" / "beban.lua"), f"{BASIS}{h.url}"]  # fmt: skip
    keluaran = subprocess.run(perintah, env=env, capture_output=True, text=True, check=True)
    baris = next(b for b in keluaran.stdout.splitlines() if b.startswith("HASIL "))
    d = json.loads(baris.removeprefix("HASIL "))
    return Irisan(
        permintaan=d["permintaan"],
        detik=d["mikrodetik"] / 1e6,
        galat=d["status_galat"] + d["galat_sambungan"],
        histogram=[(v, n) for v, n in d["histogram"]],
    )


def persentil(histogram: list[tuple[int, int]], p: float) -> float:
    """The p-th percentile (ms) of a pooled histogram, as wrk computes its own."""
    histogram = sorted(histogram)
    total = sum(n for _, n in histogram)
    batas = total * p / 100
    jalan = 0
    for nilai, n in histogram:
        jalan += n
        if jalan >= batas:
            return nilai / 1000
    return histogram[-1][0] / 1000 if histogram else 0.0


def gabung(h: Halaman, irisan: list[Irisan]) -> Hasil:
    """A page's slices pooled: every request over every second it was loaded."""
    histogram = [x for i in irisan for x in i.histogram]
    return Hasil(
        halaman=h,
        rps=sum(i.permintaan for i in irisan) / sum(i.detik for i in irisan),
        p50=persentil(histogram, 50),
        p95=persentil(histogram, 95),
        p99=persentil(histogram, 99),
        galat=sum(i.galat for i in irisan),
    )


def tunggu_sepi(batas_detik: float = 180) -> None:
    """Wait until the server has worked off what the last page left queued (wrk closes its
    connections at the end, gunicorn still answers every request it accepted), so the
    next page starts on an idle server: the bare page answers within 0.2 s."""
    akhir = time.monotonic() + batas_detik
    while time.monotonic() < akhir:
        mulai = time.monotonic()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{BASIS}/_beban/polos/", timeout=30).read()  # noqa: S310
        if time.monotonic() - mulai < 0.2:
            return
        time.sleep(0.5)


def gunicorn_mulai(kode: Path) -> subprocess.Popen:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=kode, env=ENV, check=True,
    )  # fmt: skip
    log = (TMP / "gunicorn.log").open("w")
    proses = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=kode, env=ENV, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASIS}/_beban/polos/", timeout=1).read()  # noqa: S310
            return proses
        except OSError:
            time.sleep(0.2)
    proses.terminate()
    raise SystemExit(f"gunicorn tidak menjawab; lihat {TMP / 'gunicorn.log'}")


def _tanda(h: Halaman, r: Hasil, polos: float) -> str:
    if h.kelas == "kirim":
        return "ok" if r.rps >= 150 else "MISS"
    if h.kelas in TARGET:
        rasio, p95 = TARGET[h.kelas]
        return "ok" if r.rps / polos >= rasio and r.p95 <= p95 else "MISS"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--detik", type=int, default=30)
    parser.add_argument("--koneksi", type=int, default=20)
    parser.add_argument(
        "--putaran", type=int, default=3, help="rounds: each page's seconds split over them"
    )
    parser.add_argument(
        "--polos-detik", type=int, default=3, help="seconds of the bare page before each slice"
    )
    parser.add_argument("--hanya", default="", help="page keys, comma-separated")
    parser.add_argument("--kode", default=str(ROOT), help="the code gunicorn runs (a checkout)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk tidak ada: apt-get install -y wrk")
    per_irisan = max(1, round(args.detik / args.putaran))
    akun, halaman, _ = subjek()
    hanya = {k for k in args.hanya.split(",") if k} | {"polos", "sesi", "tata_letak"}
    if args.hanya:
        halaman = [h for h in halaman if h.kunci in hanya]
    proses = gunicorn_mulai(Path(args.kode))
    try:
        sesi = {peran: masuk(username) for peran, username in akun.items()}
        for h in halaman:
            periksa(h, sesi[h.peran][0])
        irisan: dict[str, list[Irisan]] = {h.kunci: [] for h in halaman}
        # the bare page loaded just before each slice of each other page
        di_samping: dict[str, list[Irisan]] = {h.kunci: [] for h in halaman}
        polos_h = halaman[0]
        for h in halaman:  # warm up: connections, caches
            cookie, csrf = sesi[h.peran]
            wrk(h, cookie, csrf, 2, args.koneksi)
            tunggu_sepi()
        for putaran in range(args.putaran):
            for h in halaman:
                cookie, csrf = sesi[h.peran]
                if h is not polos_h and args.polos_detik:
                    tunggu_sepi()
                    di_samping[h.kunci].append(
                        wrk(polos_h, *sesi[polos_h.peran], args.polos_detik, args.koneksi)
                    )
                tunggu_sepi()
                irisan[h.kunci].append(wrk(h, cookie, csrf, per_irisan, args.koneksi))
            print(f"  putaran {putaran + 1}/{args.putaran} selesai", file=sys.stderr)
        hasil = [gabung(h, irisan[h.kunci]) for h in halaman]
        samping = [gabung(polos_h, di_samping[h.kunci] or irisan[h.kunci]) for h in halaman]
    finally:
        proses.terminate()
        proses.wait(timeout=30)
    tata_letak = hasil[2].rps
    print(
        f"\n{args.koneksi} connections, {args.detik} s per page in {args.putaran} rounds of "
        f"{per_irisan} s, each slice after {args.polos_detik} s of the bare page, gunicorn "
        f"{os.environ.get('WEB_CONCURRENCY', '2')} workers\n"
    )
    print(
        "| page | req/s | bare beside it | × bare | × layout | p50 / p95 / p99 (ms) "
        "| errors | target |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r, polos in zip(hasil, samping, strict=True):
        print(
            f"| {r.halaman.nama} | {r.rps:,.1f} | {polos.rps:,.1f} | {r.rps / polos.rps:.3f} "
            f"| {r.rps / tata_letak:.2f} | {r.p50:,.0f} / {r.p95:,.0f} / {r.p99:,.0f} "
            f"| {r.galat} | {_tanda(r.halaman, r, polos.rps)} |"
        )


if __name__ == "__main__":
    main()
