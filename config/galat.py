"""Error answers: Indonesian pages for people, Indonesian JSON for the phone.

The officer's phone sends visits and photos with fetch(). Whatever goes wrong
(an expired session, a refused or unknown address, a body too big, a crash),
it must get JSON it can read and show, never an HTML page or a redirect to the
login form that fetch() would follow silently. So the JSON endpoints carry the
`json_api` mark, and one question, `minta_json`, decides everywhere (the error
handlers of config/urls.py, the CSRF failure view, `peran_required`, the
password-change middleware) whether to answer JSON:
`{"ok": false, "kode": "<short code>", "pesan": "<Indonesian>"}`.
"""

from collections.abc import Callable
from functools import wraps

from csp.decorators import csp_update
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults

JENIS_JSON = "application/json"
JENIS_HTML = "text/html"


def galat_json(kode: str, pesan: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "kode": kode, "pesan": pesan}, status=status)


def json_api(view: Callable) -> Callable:
    """Mark a view as answering JSON, so every error on its address answers JSON too.

    Put it outermost: a 405 from `require_POST` inside becomes JSON here; the
    other errors (401, 403, 404, 400/413, CSRF, 500) ask `minta_json`, which
    looks for this mark on the address's view."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        pengirim = request.headers.get("X-Portal-Pengguna")
        if pengirim and request.user.is_authenticated and pengirim != str(request.user.pk):
            # A queue of one officer sent under another user's session (a shared phone
            # where someone else logged in): not a refusal of its content; it waits for
            # its own officer to log in again.
            return galat_json(
                "sesi",
                _(
                    "Ponsel ini sedang dipakai masuk oleh pengguna lain. Data ini dikirim "
                    "setelah pemiliknya masuk lagi."
                ),
                status=401,
            )
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not isinstance(response, JsonResponse):
            json = galat_json(
                "metode", _("Cara pengiriman ini tidak diterima alamat ini."), status=405
            )
            json["Allow"] = response.get("Allow", "")
            return json
        return response

    wrapped.json_api = True
    return wrapped


def minta_json(request: HttpRequest) -> bool:
    """Whether this request is answered in JSON.

    On a `json_api` view's address, yes, unless the client prefers HTML: a page's
    plain form posting there (a browser asks for text/html first; fetch() asks for
    anything). Elsewhere, only when the client prefers JSON (`Accept:
    application/json`)."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # an error before the address was resolved (a middleware's)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    if match is not None and getattr(match.func, "json_api", False):
        return request.get_preferred_type([JENIS_JSON, JENIS_HTML]) != JENIS_HTML
    return request.get_preferred_type([JENIS_HTML, JENIS_JSON]) == JENIS_JSON


def sesi_berakhir() -> JsonResponse:
    """401 for a JSON request without a logged-in user (the session expired): the
    phone keeps what it has not sent and tells the officer to log in again."""
    return galat_json(
        "sesi",
        _(
            "Sesi Anda sudah berakhir. Masuk lagi ke portal; data yang belum terkirim "
            "tetap tersimpan di ponsel."
        ),
        status=401,
    )


def _halaman(template: str, status: int, request: HttpRequest | None = None, **context):
    # Rendered without the request for 400/413, as Django does: the request itself
    # may be what is broken.
    isi = loader.render_to_string(template, context, request=request)
    return HttpResponse(isi, status=status)


def galat_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        pesan = _("Kiriman terlalu besar. Kecilkan berkasnya, lalu kirim lagi.")
        if minta_json(request):
            return galat_json("terlalu_besar", pesan, status=413)
        return _halaman("413.html", 413, pesan=pesan)
    if minta_json(request):
        return galat_json(
            "permintaan_rusak",
            _("Permintaan tidak dapat dibaca. Muat ulang halaman, lalu coba lagi."),
            status=400,
        )
    return _halaman("400.html", 400)


def galat_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if minta_json(request):
        return galat_json("akses", _("Anda tidak berhak melakukan ini."), status=403)
    return _halaman("403.html", 403, request)


def galat_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if minta_json(request):
        return galat_json(
            "tidak_ditemukan",
            _("Data tidak ditemukan, atau tidak termasuk wilayah tugas Anda."),
            status=404,
        )
    return _halaman("404.html", 404, request)


@csp_update({"style-src": ["'unsafe-inline'"]})  # 500.html's style is inline: see _polos.html
def galat_500(request: HttpRequest) -> HttpResponse:
    """No database, no user, no context: whatever failed may fail again here."""
    if minta_json(request):
        return galat_json(
            "galat_server",
            _(
                "Terjadi gangguan di server; tidak ada yang disimpan dari kiriman ini. "
                "Coba kirim lagi beberapa saat lagi."
            ),
            status=500,
        )
    return defaults.server_error(request)  # 500.html, rendered with no context


def csrf_gagal(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: usually a form left open past its token (or a cleared cookie)."""
    pesan = _("Sesi formulir kedaluwarsa, muat ulang halaman.")
    if minta_json(request):
        return galat_json("csrf", pesan, status=403)
    return _halaman("403_csrf.html", 403, request, pesan=pesan)
