"""Text from outside (a form, a phone's JSON, an imported file) without control characters.

PostgreSQL refuses NUL in text and in jsonb: psycopg raises DataError, which was a
500 page, which the phone read as "no signal" and resent for ever. The other C0
control characters are never typed by a person either; they come from a broken
keyboard app, a copy from a PDF, or a probe. So they are dropped where text
enters the portal, once, and nothing further in has to think of them. Tab, line
feed and carriage return stay: people write lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

# C0 controls but tab, LF and CR; DEL; and lone UTF-16 surrogates, which JSON's "\ud800"
# escape can carry and no database encoding can store.
_KENDALI = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def ada_kendali(teks: str) -> bool:
    """Whether `teks` has a character `tanpa_kendali` drops (cheap: for a million rows)."""
    return _KENDALI.search(teks) is not None


def tanpa_kendali(teks: str) -> str:
    """`teks` without C0 control characters, DEL and lone surrogates (tab and line breaks stay)."""
    return _KENDALI.sub("", teks) if _KENDALI.search(teks) else teks


def tanpa_kendali_json(nilai: object) -> object:
    """Parsed JSON with every string, key or value, at any depth, without control characters."""
    if isinstance(nilai, str):
        return tanpa_kendali(nilai)
    if isinstance(nilai, list):
        return [tanpa_kendali_json(n) for n in nilai]
    if isinstance(nilai, dict):
        return {tanpa_kendali(k): tanpa_kendali_json(v) for k, v in nilai.items()}
    return nilai


def _querydict_bersih(data: QueryDict) -> QueryDict:
    if not any(_KENDALI.search(k) or any(_KENDALI.search(v) for v in vs) for k, vs in data.lists()):
        return data
    bersih = QueryDict(mutable=True, encoding=data.encoding)
    for kunci, nilai in data.lists():
        bersih.setlist(tanpa_kendali(kunci), [tanpa_kendali(v) for v in nilai])
    bersih._mutable = False
    return bersih


class KendaliMiddleware:
    """Every form field and query parameter, and every uploaded file's name, arrive without
    control characters, whatever form or view reads them (the officer's fix, a review
    comment, a password, an OPD, a card's revocation, a search...)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _querydict_bersih(request.GET)
        if request.method == "POST" and request.content_type in (
            "multipart/form-data",
            "application/x-www-form-urlencoded",
        ):
            request.POST = _querydict_bersih(request.POST)
            for _kunci, daftar in request.FILES.lists():
                for berkas in daftar:
                    berkas.name = tanpa_kendali(berkas.name or "")
        return self.get_response(request)
