"""What the web layer writes to the log about refused and unknown addresses.

Django logs a 403 with the whole traceback of its PermissionDenied, and a 404
with the path alone, without saying who asked. A probe of thousands of refused
requests then fills the log with tracebacks and still does not tell whom to ask.
Here every 4xx of `django.request` becomes one line: status, path (never the
query string: searches carry NIKs) and the user's id. A 16-digit number in a
path (a NIK or KK typed into an address) is masked too.
"""

import logging
import re

ANGKA_16 = re.compile(r"\d{16}")


def samarkan_nik(teks: str) -> str:
    """Every run of 16 digits (a NIK or a KK number) becomes its last four, masked."""
    return ANGKA_16.sub(lambda m: "************" + m.group()[-4:], teks)


class SatuBarisGalatKlien(logging.Filter):
    """On `django.request`: a 4xx is `<status> <path> pengguna=<id>`, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if status is None or not 400 <= status < 500 or request is None:
            return True
        user = getattr(request, "user", None)
        pengguna = user.pk if user is not None and user.is_authenticated else "-"
        record.msg = "%s %s pengguna=%s"
        record.args = (status, samarkan_nik(request.path), pengguna)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
