"""A real POST body for tests/test_access.py's write runner, kept next to each feature's rows.

`badan(kota, args)` builds the body (it may first put the object in the state the write
needs, such as a returned visit); `keadaan(kota, args)` reads what the write changes, before
and after. The allowed roles must change it; every other role must leave it as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile


@dataclass(frozen=True)
class Tulis:
    badan: Callable[[Any, list], dict]
    keadaan: Callable[[Any, list], Any]
    json: bool = False  # the phone's endpoints take JSON
    # roles let in by TABEL that may not make this write (answered with a message, nothing
    # written): e.g. the superadmin, who opens everything but is nobody's officer
    tanpa_tulis: frozenset = frozenset()


def berkas_csv(kolom: str, *baris: str, nama: str = "uji.csv") -> SimpleUploadedFile:
    data = (kolom + "\n" + "".join(b + "\n" for b in baris)).encode()
    return SimpleUploadedFile(nama, data, content_type="text/csv")
