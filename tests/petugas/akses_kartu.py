"""Rows of tests/test_access.py's table for this feature's URLs.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed
or "publik"). The function runs inside the test, so it may create objects.
"""

from akun.models import Peran  # noqa: F401

TABEL: dict = {}
