"""The client's address behind the reverse proxies we trust.

Each proxy appends the address it received the request from to X-Forwarded-For,
so with N trusted proxies the client is the N-th address from the right; anything
further left was written by the client and may be forged. `PROKSI_TEPERCAYA`
(settings, from the environment) is N; 0 means no proxy: REMOTE_ADDR itself.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def _sah(teks: str) -> str | None:
    try:
        return str(ip_address(teks.strip()))
    except ValueError:
        return None


def ip_klien(request: HttpRequest) -> str | None:
    langsung = _sah(request.META.get("REMOTE_ADDR", ""))
    proksi = settings.PROKSI_TEPERCAYA
    if proksi <= 0:
        return langsung
    diteruskan = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(diteruskan) < proksi:  # not through every trusted proxy: what reached us is all
        return _sah(diteruskan[0]) if diteruskan else langsung
    return _sah(diteruskan[-proksi]) or langsung
