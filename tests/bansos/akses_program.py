"""Rows of tests/test_access.py's table for the programs and periods page."""

from akun.models import Peran

TABEL: dict = {"bansos:program_daftar": (lambda k: [], {Peran.DINSOS, Peran.SUPERADMIN})}
