"""Rows of tests/test_access.py's table for this feature's URLs.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed
or "publik"). The function runs inside the test, so it may create objects.
"""

from akun.models import Peran

BKPSDM = {Peran.BKPSDM, Peran.SUPERADMIN}

TABEL: dict = {
    "petugas:kandidat_impor": (lambda k: [], BKPSDM),
    "petugas:kandidat_templat": (lambda k: [], BKPSDM),
    # A report lives in the uploader's session under a random key, which no
    # lambda here can create: a made-up key answers 404 to everyone (BKPSDM
    # included), the other roles 403. Downloading a real report is tested in
    # tests/petugas/test_impor_views.py.
    "petugas:kandidat_impor_laporan": (lambda k: ["kunci-yang-tidak-ada"], set()),
}
