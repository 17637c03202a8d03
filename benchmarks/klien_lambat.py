"""Slow clients: officers on weak signal upload photos while others use the portal.

    python3 benchmarks/klien_lambat.py --data /tmp/klien-lambat/data.json \\
        --url http://127.0.0.1:8811 [--detik 180 --paralel 20 --laju 40000]

`--data` comes from benchmarks/klien_lambat_data.py. The script logs in as that
officer, then `--paralel` threads each upload a photo to a visit of their own
(multipart, as the phone sends it) at `--laju` bytes a second, one after
another, starting new uploads for `--detik` seconds. The threads start spread
over the time one upload takes, as officers at different doors do; with
`--serentak` they all start at once, so that 20 photos finish in the same
instant and reach gunicorn together, every round (the worst case). Meanwhile
another thread asks every second for /healthz and the officer's worklist
(/pendataan/rw/) and times the answers. At
the end it prints the figures and exits 1 if an upload failed or an answer was
not a 200 within a second (.ci/stack-check runs it through nginx; pointed
straight at gunicorn it shows what slow clients do without a proxy).

Standard library only; it talks to 127.0.0.1 and nothing else, and stops by
itself: uploads start only within `--detik`, and every socket has a timeout.
"""

import argparse
import http.client
import http.cookies
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BATAS_DETIK = 1.0  # an answer slower than this counts as a stall
TIMEOUT = 120  # seconds one socket operation may wait before the request counts as failed


class Sesi:
    """The officer's cookies and CSRF token, shared by every thread."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def koneksi(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)

    def header_cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def simpan_cookie(self, response: http.client.HTTPResponse) -> None:
        for nilai in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(nilai)
            self.cookies.update({k: m.value for k, m in cookie.items()})

    def masuk(self, username: str, password: str) -> None:
        conn = self.koneksi()
        conn.request("GET", "/akun/masuk/")
        response = conn.getresponse()
        html = response.read().decode()
        self.simpan_cookie(response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        conn.request(
            "POST",
            "/akun/masuk/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.header_cookie(),
            },
        )
        response = conn.getresponse()
        response.read()
        self.simpan_cookie(response)
        conn.close()
        if response.status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"login as {username} failed: HTTP {response.status}")


def multipart(foto_uuid: str, foto: bytes) -> tuple[str, bytes, bytes]:
    """(content type, body head, body tail): the photo goes between them."""
    batas = "----klienlambat" + foto_uuid.replace("-", "")
    kepala = "".join(
        f'--{batas}\r\nContent-Disposition: form-data; name="{nama}"\r\n\r\n{nilai}\r\n'
        for nama, nilai in (("foto_uuid", foto_uuid), ("jenis", "rumah"))
    )
    kepala += (
        f'--{batas}\r\nContent-Disposition: form-data; name="foto"; filename="rumah.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    )
    return (
        f"multipart/form-data; boundary={batas}",
        kepala.encode(),
        f"\r\n--{batas}--\r\n".encode(),
    )


class Hasil:
    def __init__(self):
        self.kunci = threading.Lock()
        self.unggah_ok = 0
        self.unggah_gagal: list[str] = []
        self.bytes = 0
        self.lama_unggah: list[float] = []
        self.waktu: dict[str, list[float]] = {"healthz": [], "worklist": []}
        self.lambat: list[str] = []


def unggah(sesi: Sesi, kunjungan: str, foto_uuid: str, foto: bytes, laju: int) -> tuple[int, str]:
    jenis, kepala, ekor = multipart(foto_uuid, foto)
    body = kepala + foto + ekor
    conn = sesi.koneksi()
    try:
        conn.putrequest("POST", f"/pendataan/kunjungan/{kunjungan}/foto/")
        conn.putheader("Content-Type", jenis)
        conn.putheader("Content-Length", str(len(body)))
        conn.putheader("Cookie", sesi.header_cookie())
        conn.putheader("X-CSRFToken", sesi.cookies["csrftoken"])
        conn.endheaders()
        mulai = time.monotonic()
        potong = max(1, laju // 10)
        for terkirim in range(0, len(body), potong):
            conn.send(body[terkirim : terkirim + potong])
            # paced on the whole so far, so sleeps that oversleep do not add up
            tunggu = mulai + (terkirim + potong) / laju - time.monotonic()
            if tunggu > 0:
                time.sleep(tunggu)
        response = conn.getresponse()
        isi = response.read().decode(errors="replace")
        return response.status, isi[:200]
    except OSError as exc:
        return 0, f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()


def pengunggah(sesi, kunjungan: dict, foto, laju, mulai_pada, akhir, hasil: Hasil) -> None:
    time.sleep(max(0.0, mulai_pada - time.monotonic()))
    for ke in range(10**6):
        if time.monotonic() >= akhir:
            break
        # a fresh announced photo each time while they last, then resends
        foto_uuid = kunjungan["foto_uuid"][ke % len(kunjungan["foto_uuid"])]
        mulai = time.monotonic()
        status, isi = unggah(sesi, kunjungan["uuid"], foto_uuid, foto, laju)
        with hasil.kunci:
            if status in (200, 201):
                hasil.unggah_ok += 1
                hasil.bytes += len(foto)
                hasil.lama_unggah.append(time.monotonic() - mulai)
            else:
                hasil.unggah_gagal.append(f"HTTP {status}: {isi}")


def pemantau(sesi: Sesi, selesai: threading.Event, hasil: Hasil) -> None:
    halaman = {"healthz": ("/healthz", False), "worklist": ("/pendataan/rw/", True)}
    while not selesai.is_set():
        putaran = time.monotonic()
        for nama, (path, login) in halaman.items():
            conn = sesi.koneksi()
            mulai = time.monotonic()
            try:
                conn.request("GET", path, headers={"Cookie": sesi.header_cookie()} if login else {})
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError as exc:
                status = f"{type(exc).__name__}"
            finally:
                conn.close()
            lama = time.monotonic() - mulai
            with hasil.kunci:
                hasil.waktu[nama].append(lama)
                if status != 200 or lama >= BATAS_DETIK:
                    hasil.lambat.append(f"{nama}: {status} in {lama:.2f} s")
        selesai.wait(max(0.0, 1.0 - (time.monotonic() - putaran)))


def ringkas(nilai: list[float]) -> str:
    if not nilai:
        return "no answers"
    p50, maks = statistics.median(nilai), max(nilai)
    return f"p50 {p50 * 1000:.0f} ms, max {maks * 1000:.0f} ms, n={len(nilai)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--url", default="http://127.0.0.1:8811")
    parser.add_argument("--detik", type=int, default=180)
    parser.add_argument("--paralel", type=int, default=20)
    parser.add_argument("--laju", type=int, default=40_000, help="bytes a second per upload")
    parser.add_argument("--serentak", action="store_true", help="start every upload at once")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.url)
    if url.hostname != "127.0.0.1" or url.scheme != "http":
        sys.exit("this load goes to http://127.0.0.1:<port> only")
    data = json.loads(args.data.read_text())
    foto = Path(data["foto"]).read_bytes()

    sesi = Sesi(url.port or 80)
    sesi.masuk(data["username"], data["password"])
    hasil = Hasil()
    selesai = threading.Event()
    akhir = time.monotonic() + args.detik
    print(
        f"slow clients: {args.paralel} uploads of {len(foto):,} bytes at {args.laju:,} B/s "
        f"for {args.detik} s through {args.url}"
        + (", all starting at once" if args.serentak else ", starts spread over one upload"),
        flush=True,
    )
    mulai = time.monotonic()
    jarak = 0.0 if args.serentak else len(foto) / args.laju / args.paralel
    pantau = threading.Thread(target=pemantau, args=(sesi, selesai, hasil), daemon=True)
    pantau.start()
    pekerja = [
        threading.Thread(
            target=pengunggah,
            args=(
                sesi,
                data["kunjungan"][i % len(data["kunjungan"])],
                foto,
                args.laju,
                mulai + i * jarak,
                akhir,
                hasil,
            ),
            daemon=True,
        )
        for i in range(args.paralel)
    ]
    for t in pekerja:
        t.start()
    for t in pekerja:
        # the last upload starts before `akhir`; each socket wait is bounded by TIMEOUT
        t.join()
    selesai.set()
    pantau.join(timeout=2 * TIMEOUT)

    print(f"  healthz while uploading:  {ringkas(hasil.waktu['healthz'])}")
    print(f"  worklist while uploading: {ringkas(hasil.waktu['worklist'])}")
    print(
        f"  uploads: {hasil.unggah_ok} done, {len(hasil.unggah_gagal)} failed, "
        f"{hasil.bytes / 1e6:.1f} MB stored; one upload took {ringkas(hasil.lama_unggah)}"
    )
    print(f"  wall time {time.monotonic() - mulai:.0f} s")
    for baris in hasil.lambat[:10]:
        print(f"  slow or failed answer: {baris}")
    for baris in hasil.unggah_gagal[:10]:
        print(f"  failed upload: {baris}")
    return 1 if hasil.unggah_gagal or hasil.lambat else 0


if __name__ == "__main__":
    sys.exit(main())
