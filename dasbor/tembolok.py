"""Rendered pages kept in the Django cache (Redis in production), keyed on versions that
the writes bump, so a page is served again only while nothing it shows has changed.

Versions are random tokens kept in the cache itself:
- `rw:<id>`: anything of the RW (its families, visits, recipients, findings, photos,
  officer, summary row);
- `kec:<id>`: anything of any RW of the kecamatan;
- `kota`: anything anywhere (the city-wide pages);
- `umum`: what every page may show (periods, program ceilings, the desil import);
- `ekspor`: the results' exports; `petugas`: officers' records (TulisMiddleware).

`ringkasan_tandai` bumps the RWs' versions when its write commits, and the summary's
recompute bumps them again once the summary rows are written (the dashboards read
those). A token lost from the cache is made afresh, which only costs a miss.

`halaman_tersimpan` wraps a GET view. Every request still logs in, checks the role
(the decorators outside it) and resolves the user's scope (`cakupan`, which raises
404 outside it); the key holds the user, their role, the page's path and query, the
language, the htmx headers, a hash of the browser's CSRF secret (the page carries a
token for it); the page is kept with the versions of what the scope covers, read before
it was rendered, and served only while they stand. So one user's page is never served
to another, nor to another browser of theirs, nor after a write that changed it. A
page is not kept when it shows a flash message, uses a CSP nonce, sets a cookie or
changes the session; the read log (audit.LogBaca) the page wrote is written again for
every request served from the cache (an officer's day-summary row only on another
day). Pages hold personal data: they stay server-side, for HALAMAN_TEMBOLOK_DETIK at
most. A cache that is down costs speed, never a page.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from akun.access import peran_efektif
from akun.models import Peran, User
from lib.redis_tembolok import CACHE_GAGAL  # a page then rendered as without the cache

logger = logging.getLogger(__name__)

KUNCI_KOTA = "versi:kota"
KUNCI_UMUM = "versi:umum"
# headers a view sets that the cached copy keeps (the middleware adds the rest again)
KEPALA_DISIMPAN = ("Content-Type", "Vary", "Cache-Control", "X-Luring-Pengguna")


def _detik() -> int:
    return settings.HALAMAN_TEMBOLOK_DETIK


@dataclass(frozen=True)
class Cakupan:
    """What a page shows: these RWs, these kecamatan, or the whole city; `lain`: other
    versions it depends on (LAIN)."""

    rw_ids: tuple[int, ...] = ()
    kecamatan_ids: tuple[int, ...] = ()
    kota: bool = False
    lain: tuple[str, ...] = ()

    def kunci(self) -> list[str]:
        return [
            KUNCI_UMUM,
            *(f"versi:rw:{i}" for i in self.rw_ids),
            *(f"versi:kec:{i}" for i in self.kecamatan_ids),
            *([KUNCI_KOTA] if self.kota else []),
            *(f"versi:{n}" for n in self.lain),
        ]


def cakupan_pengguna(user: User, *, lain: tuple[str, ...] = ()) -> Cakupan:
    """The user's whole scope: an officer's RWs, an admin's kecamatan, else the city
    (BKPSDM's pages show officers' records too: "petugas")."""
    from petugas.selectors import rw_aktif_ids

    peran = peran_efektif(user)
    if peran == Peran.PETUGAS:
        return Cakupan(rw_ids=tuple(rw_aktif_ids(user)), lain=lain)
    if peran == Peran.ADMIN_KECAMATAN:
        return Cakupan(kecamatan_ids=(user.kecamatan_id,), lain=lain)
    if peran == Peran.BKPSDM:
        lain = (*lain, "petugas")
    return Cakupan(kota=True, lain=lain)


def cakupan_saya(request: HttpRequest, *args, **kwargs) -> Cakupan:
    """A page showing the user's whole scope (the `cakupan` of halaman_tersimpan)."""
    return cakupan_pengguna(request.user)


def versi_naikkan(
    *, rw_ids: Iterable[int] = (), umum: bool = False, lain: Iterable[str] = (), kota: bool = True
) -> None:
    """New tokens now for these RWs, their kecamatan and the city (after the commit)."""
    from wilayah.models import RW

    ids = sorted(set(rw_ids))
    kec_ids = set()
    if ids:
        kec_ids = set(
            RW.objects.filter(pk__in=ids).values_list("kelurahan__kecamatan_id", flat=True)
        )
    kunci = [
        *([KUNCI_KOTA] if kota else []),
        *([KUNCI_UMUM] if umum else []),
        *(f"versi:{n}" for n in lain),
        *(f"versi:rw:{i}" for i in ids),
        *(f"versi:kec:{i}" for i in sorted(kec_ids)),
    ]
    try:
        cache.set_many({k: secrets.token_hex(8) for k in kunci}, timeout=None)
    except CACHE_GAGAL as exc:  # the write is committed: a cache down must not fail it
        # its pages expire within HALAMAN_TEMBOLOK_DETIK
        logger.warning("versi halaman %d RW tidak dinaikkan (%s)", len(ids), type(exc).__name__)


def versi_naikkan_saat_commit(
    *, rw_ids: Iterable[int | None] = (), umum: bool = False, lain: Iterable[str] = ()
) -> None:
    """Bump the versions once the caller's transaction commits: a page rendered before
    then (from the old rows) is keyed on the old versions and never served again."""
    ids = sorted({i for i in rw_ids if i is not None})
    lain = tuple(lain)
    transaction.on_commit(lambda: versi_naikkan(rw_ids=ids, umum=umum, lain=lain))


class TulisMiddleware:
    """After any write request that succeeded, the pages of officers' records (BKPSDM's)
    are rendered again: those records change through many forms (candidates, OPD
    quotas, cards, accounts, passwords), every one of them a POST by a logged-in user.
    A write request has committed by the time its response passes here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and response.status_code < 400
            and user is not None
            and user.is_authenticated
        ):
            versi_naikkan(lain=("petugas",), kota=False)
        return response


def _versi(kunci: list[str], nilai: dict | None = None) -> str:
    """The versions' tokens as one string (`nilai`: those already read with the page)."""
    nilai = dict(nilai) if nilai is not None else cache.get_many(kunci)
    for k in kunci:
        if k not in nilai:  # never set, or evicted: a fresh token, whoever sets it first
            cache.add(k, secrets.token_hex(8), timeout=None)
            nilai[k] = cache.get(k, "")
    return ".".join(str(nilai[k]) for k in kunci)


def _kunci_halaman(request: HttpRequest, cakupan: Cakupan | None, per_menit: bool) -> str | None:
    csrf = request.META.get("CSRF_COOKIE")
    if cakupan is None or not csrf:  # not kept; or the page would set a new CSRF cookie
        return None
    bagian = [
        str(request.user.pk),
        peran_efektif(request.user) or "",
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        hashlib.sha256(csrf.encode()).hexdigest()[:16],
        str(int(time.time() // 60)) if per_menit else "",
    ]
    return "halaman:" + hashlib.sha256("\x1f".join(bagian).encode()).hexdigest()


def _baca_halaman(kunci: str, cakupan: Cakupan) -> tuple[str, tuple | None]:
    """The versions now, and the page kept under `kunci` if it was rendered at those
    versions: one round trip to the cache for both."""
    versi_kunci = cakupan.kunci()
    nilai = cache.get_many([kunci, *versi_kunci])
    versi = _versi(versi_kunci, nilai)
    simpanan = nilai.get(kunci)
    if simpanan is None or simpanan[0] != versi:
        return versi, None
    return versi, simpanan[1:]


def _baca_ulang(request: HttpRequest, catatan: list[dict]) -> None:
    """The reads the page logged when it was rendered, logged again for this request;
    but an officer's day-summary row logged today already stands (audit.LogBaca), and
    writing it again would add nothing."""
    from audit.services import baca_catat

    hari_ini = timezone.localdate().isoformat()
    for c in catatan:
        if c.get("hari") == hari_ini:
            continue
        baca_catat(request, jenis=c["jenis"], objek=c["objek_tipe"], objek_id=c["objek_id"],
                   nomor=c["nomor"])  # fmt: skip


def halaman_tersimpan(
    cakupan: Callable[..., Cakupan | None], *, per_menit: bool = False
) -> Callable[[Callable], Callable]:
    """Serve the GET view's page from the cache while its scope's versions stand.

    `cakupan(request, *args, **kwargs)` resolves what the page shows for this user, and
    raises Http404 when the object is outside their scope; None: this page is not kept.
    `per_menit`: the page says how long ago something happened, so a copy serves
    within its minute only."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "GET" or len(get_messages(request)):
                return view(request, *args, **kwargs)
            lingkup = cakupan(request, *args, **kwargs)  # 404 outside the scope, cache or not
            kunci = _kunci_halaman(request, lingkup, per_menit)
            if kunci is None:
                return view(request, *args, **kwargs)
            try:
                # the versions are read before the page is rendered: a write committed
                # meanwhile bumps them, and this copy is never served at the new ones
                versi, simpanan = _baca_halaman(kunci, lingkup)
            except CACHE_GAGAL as exc:  # the cache is down: the page is rendered, not kept
                logger.warning("tembolok halaman tidak terbaca (%s)", type(exc).__name__)
                return view(request, *args, **kwargs)
            if simpanan is not None:
                konten, kepala, catatan = simpanan
                response = HttpResponse(konten)
                for nama, isi in kepala:
                    response[nama] = isi
                get_token(request)  # the page carries a token: keep the cookie fresh
                _baca_ulang(request, catatan)
                return response
            sesi_berubah = request.session.modified
            request.baca_dicatat = []  # audit.services.baca_catat fills it
            response = view(request, *args, **kwargs)
            boleh = (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and getattr(request, "_csp_nonce", None) is None
                and not len(get_messages(request))
                and (sesi_berubah or not request.session.modified)
            )
            if boleh:
                kepala = [(n, response[n]) for n in KEPALA_DISIMPAN if n in response]
                try:
                    simpan = (versi, response.content, kepala, request.baca_dicatat)
                    cache.set(kunci, simpan, _detik())
                except CACHE_GAGAL as exc:
                    logger.warning("tembolok halaman tidak tersimpan (%s)", type(exc).__name__)
            return response

        return wrapped

    return decorator


def data_tersimpan(nama: str, cakupan: Cakupan, bagian: Iterable[object], hitung: Callable):
    """`hitung()`'s result (counts, no page) from the cache while the scope's versions
    stand. `bagian` must name everything the result depends on besides those versions:
    whose scope it counts (role, kecamatan) and the choices (period, area)."""
    try:
        versi = _versi(cakupan.kunci())
        isi = "\x1f".join([nama, *map(str, bagian), versi])
        kunci = "data:" + hashlib.sha256(isi.encode()).hexdigest()
        hasil = cache.get(kunci)
    except CACHE_GAGAL as exc:  # the cache is down: counted, not kept
        logger.warning("tembolok data tidak terbaca (%s)", type(exc).__name__)
        return hitung()
    if hasil is None:
        hasil = hitung()
        try:
            cache.set(kunci, hasil, _detik())
        except CACHE_GAGAL as exc:
            logger.warning("tembolok data tidak tersimpan (%s)", type(exc).__name__)
    return hasil
