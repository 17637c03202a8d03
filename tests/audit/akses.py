"""Rows of tests/test_access.py's table for the audit pages: superadmin and the
data-protection officer only; every other role 403."""

import datetime

from django.utils import timezone

from akun.models import Peran, User
from audit.models import JenisPermintaan, PermintaanSubjek
from tests.akses_tulis import Tulis

PERAN_AUDIT = {Peran.PDP, Peran.SUPERADMIN}


def _permintaan(kota) -> list[int]:
    diterima = timezone.now() - datetime.timedelta(hours=1)
    p = PermintaanSubjek.objects.create(
        nik="1471081503900001",
        jenis=JenisPermintaan.KOREKSI,
        diterima_at=diterima,
        tenggat=diterima + datetime.timedelta(hours=72),
        dicatat_oleh=User.objects.get(username="pdp"),
    )
    return [p.pk]


TABEL: dict = {
    "audit:log_perubahan": (lambda k: [], PERAN_AUDIT),
    "audit:log_baca": (lambda k: [], PERAN_AUDIT),
    "audit:laporan": (lambda k: [], PERAN_AUDIT),
    "audit:permintaan_daftar": (lambda k: [], PERAN_AUDIT),
    "audit:permintaan_tutup": (_permintaan, PERAN_AUDIT),
}


TULIS: dict = {
    "audit:permintaan_tutup": Tulis(
        lambda k, args: {"hasil": "Data dikoreksi sesuai KK"},
        lambda k, args: PermintaanSubjek.objects.get(pk=args[0]).ditutup_at,
    ),
    "audit:permintaan_daftar": Tulis(
        lambda k, args: {
            "nik": "1471081503900002",
            "jenis": JenisPermintaan.AKSES,
            "diterima_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "keterangan": "Lewat surat",
        },
        lambda k, args: PermintaanSubjek.objects.count(),
    ),
}
