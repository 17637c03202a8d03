"""The NI PPPK (nomor induk PPPK): 18 digits that say who the officer is.

19900315 202501 1 001
|        |      | `-- serial number, 001-999
|        |      `---- gender: 1 laki-laki, 2 perempuan
|        `----------- appointment (TMT) year and month, YYYYMM
`-------------------- birth date, YYYYMMDD
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from petugas.models import JenisKelamin

# What people type between the groups: spaces (also Excel's non-breaking one) and dots.
_PEMISAH = re.compile(r"[\s.]+")
# "1.99003152025011E+17" or "1,99003E+17": the number was typed as a number and rounded.
_NOTASI_ILMIAH = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
USIA_MINIMUM = 17
TAHUN_LAHIR_PALING_AWAL = 1940
TAHUN_TMT_PALING_AWAL = 2000


@dataclass(frozen=True)
class NiPppk:
    nomor_induk: str  # the 18 digits, without separators
    tanggal_lahir: datetime.date
    tmt_tahun: int
    tmt_bulan: int
    jenis_kelamin: str  # JenisKelamin: "L" or "P"
    nomor: int


def validate_ni_pppk(value: str, *, hari_ini: datetime.date | None = None) -> NiPppk:
    """Parse an NI PPPK, or raise ValueError saying in Indonesian what is wrong with it."""
    hari_ini = hari_ini or timezone.localdate()
    teks = value.strip()
    if not teks:
        raise ValueError(_("NI PPPK kosong."))
    if _NOTASI_ILMIAH.match(teks):
        raise ValueError(
            _(
                "NI PPPK %(nilai)s diketik sebagai angka, dan Excel membulatkannya (Excel hanya "
                "menyimpan 15 digit). Ketik NI PPPK sebagai teks di Excel: format kolom NI PPPK "
                "sebagai Teks (Text), lalu ketik ulang NI PPPK-nya."
            )
            % {"nilai": teks}
        )
    digits = _PEMISAH.sub("", teks)
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(_('NI PPPK "%(nilai)s" harus berisi angka saja.') % {"nilai": teks})
    if len(digits) != 18:
        raise ValueError(
            _("NI PPPK harus 18 digit, yang tertulis %(n)d digit.") % {"n": len(digits)}
        )

    masalah = []
    tanggal_lahir = None
    tahun_lahir_akhir = hari_ini.year - USIA_MINIMUM
    try:
        tanggal_lahir = datetime.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        masalah.append(
            _("digit 1-8 (%(d)s) bukan tanggal lahir yang sah (TTTTBBHH)") % {"d": digits[0:8]}
        )
    else:
        if not TAHUN_LAHIR_PALING_AWAL <= tanggal_lahir.year <= tahun_lahir_akhir:
            masalah.append(
                _("tahun lahir %(y)d di luar %(a)d-%(b)d")
                % {"y": tanggal_lahir.year, "a": TAHUN_LAHIR_PALING_AWAL, "b": tahun_lahir_akhir}
            )
    tmt_tahun, tmt_bulan = int(digits[8:12]), int(digits[12:14])
    if not 1 <= tmt_bulan <= 12:
        masalah.append(
            _("digit 9-14 (%(d)s): bulan TMT %(m)02d tidak ada")
            % {"d": digits[8:14], "m": tmt_bulan}
        )
    if not TAHUN_TMT_PALING_AWAL <= tmt_tahun <= hari_ini.year + 1:
        masalah.append(
            _("digit 9-14 (%(d)s): tahun TMT %(y)d di luar %(a)d-%(b)d")
            % {
                "d": digits[8:14],
                "y": tmt_tahun,
                "a": TAHUN_TMT_PALING_AWAL,
                "b": hari_ini.year + 1,
            }
        )
    kode_kelamin = digits[14]
    if kode_kelamin not in ("1", "2"):
        masalah.append(
            _("digit ke-15 (%(d)s) harus 1 (laki-laki) atau 2 (perempuan)") % {"d": kode_kelamin}
        )
    nomor = int(digits[15:18])
    if nomor == 0:
        masalah.append(_("nomor urut (digit 16-18) tidak boleh 000"))
    if masalah:
        raise ValueError(
            _("NI PPPK %(nilai)s tidak sah: %(masalah)s.")
            % {"nilai": digits, "masalah": "; ".join(masalah)}
        )
    return NiPppk(
        nomor_induk=digits,
        tanggal_lahir=tanggal_lahir,
        tmt_tahun=tmt_tahun,
        tmt_bulan=tmt_bulan,
        jenis_kelamin=JenisKelamin.LAKI_LAKI if kode_kelamin == "1" else JenisKelamin.PEREMPUAN,
        nomor=nomor,
    )
