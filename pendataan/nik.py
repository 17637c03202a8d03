"""The NIK (nomor induk kependudukan) and the KK number: 16 digits that say something.

NIK    14 71 08 550390 0001
       |  |  |  |      `-- serial number, 0001-9999
       |  |  |  `--------- birth date DDMMYY; women have DD + 40 (550390: 15 March '90)
       |  |  `------------ kecamatan   \
       |  `--------------- kab/kota     } where the NIK was first issued: it stays the
       `------------------ province    /  same after a move, so it may lie outside Pekanbaru
KK     the same region code, then the issue date DDMMYY (no + 40), then a serial.

The year has two digits: 20YY unless that date is still to come, else 19YY.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petugas.models import JenisKelamin

# The 38 provinces by their Kemendagri code (Kepmendagri 100.1.1-6117 Tahun 2022), with
# the four provinces split off Papua in 2022: 93 Papua Selatan, 94 Papua Tengah,
# 95 Papua Pegunungan, 96 Papua Barat Daya. Provinces made before NIKs were issued
# (Banten, Gorontalo, ...) and Kalimantan Utara (65, from 64) are here; a NIK issued
# before a split keeps the old code, which is in the list too.
KODE_PROVINSI = frozenset(
    {
        "11",  # Aceh
        "12",  # Sumatera Utara
        "13",  # Sumatera Barat
        "14",  # Riau
        "15",  # Jambi
        "16",  # Sumatera Selatan
        "17",  # Bengkulu
        "18",  # Lampung
        "19",  # Kepulauan Bangka Belitung
        "21",  # Kepulauan Riau
        "31",  # DKI Jakarta
        "32",  # Jawa Barat
        "33",  # Jawa Tengah
        "34",  # DI Yogyakarta
        "35",  # Jawa Timur
        "36",  # Banten
        "51",  # Bali
        "52",  # Nusa Tenggara Barat
        "53",  # Nusa Tenggara Timur
        "61",  # Kalimantan Barat
        "62",  # Kalimantan Tengah
        "63",  # Kalimantan Selatan
        "64",  # Kalimantan Timur
        "65",  # Kalimantan Utara
        "71",  # Sulawesi Utara
        "72",  # Sulawesi Tengah
        "73",  # Sulawesi Selatan
        "74",  # Sulawesi Tenggara
        "75",  # Gorontalo
        "76",  # Sulawesi Barat
        "81",  # Maluku
        "82",  # Maluku Utara
        "91",  # Papua
        "92",  # Papua Barat
        "93",  # Papua Selatan
        "94",  # Papua Tengah
        "95",  # Papua Pegunungan
        "96",  # Papua Barat Daya
    }
)
TAMBAHAN_PEREMPUAN = 40
NAMA_NIK = gettext_lazy("NIK")
NAMA_KK = gettext_lazy("nomor KK")

# What people type between the groups: spaces (also Excel's non-breaking one) and dots.
_PEMISAH = re.compile(r"[\s.]+")
# "1.47108550390001E+15" or "1,47108E+15": the number was typed as a number and rounded.
_NOTASI_ILMIAH = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class Nik:
    nik: str  # the 16 digits, without separators
    kode_wilayah: str  # kecamatan where it was first issued, as Kemendagri writes it: 14.71.08
    tanggal_lahir: datetime.date
    jenis_kelamin: str  # JenisKelamin: "L" or "P"


def bersihkan(value: str) -> str:
    """The value without separators, as the digits to store or compare (not checked)."""
    teks = value.strip()
    # A CSV written by hand or by an export keeps a number as text with a leading quote.
    return _PEMISAH.sub("", teks[1:] if teks.startswith("'") else teks)


def samarkan(nomor: str) -> str:
    """A NIK or KK number as lists and reports show it: the birth or issue date hidden."""
    if len(nomor) != 16:
        return "••••"
    return f"{nomor[:4]}••••••••{nomor[-4:]}"


def validate_nik(
    value: str, *, jenis_kelamin: str | None = None, hari_ini: datetime.date | None = None
) -> Nik:
    """Parse a NIK, or raise ValueError saying in Indonesian what is wrong with it.

    `jenis_kelamin` ("L" or "P"), when given, must agree with the birth day
    (a woman's is above 40).
    """
    hari_ini = hari_ini or timezone.localdate()
    if jenis_kelamin not in (None, JenisKelamin.LAKI_LAKI, JenisKelamin.PEREMPUAN):
        raise ValueError(
            _('jenis kelamin "%(jk)s" tidak dikenal: tulis L atau P.') % {"jk": jenis_kelamin}
        )
    digits = _digits(value, NAMA_NIK)
    masalah = _masalah_wilayah(digits)
    hari = int(digits[6:8])
    perempuan = hari > TAMBAHAN_PEREMPUAN
    tanggal = _tanggal(digits[6:12], hari - TAMBAHAN_PEREMPUAN if perempuan else hari, hari_ini)
    if tanggal is None:
        masalah.append(
            _(
                "digit 7-12 (%(d)s) bukan tanggal lahir yang sah (HHBBTT; perempuan: tanggal "
                "lahir + 40)"
            )
            % {"d": digits[6:12]}
        )
    if digits[12:] == "0000":
        masalah.append(_("nomor urut (digit 13-16) tidak boleh 0000"))
    if masalah:
        raise ValueError(
            _("NIK %(nilai)s tidak sah: %(masalah)s.")
            % {"nilai": digits, "masalah": "; ".join(masalah)}
        )
    menurut_nik = JenisKelamin.PEREMPUAN if perempuan else JenisKelamin.LAKI_LAKI
    if jenis_kelamin is not None and jenis_kelamin != menurut_nik:
        raise ValueError(
            _(
                "jenis kelamin %(jk)s tidak cocok dengan NIK %(nik)s: digit 7-8 (%(hh)s) "
                "menunjukkan %(menurut_nik)s (perempuan: tanggal lahir + 40)."
            )
            % {
                "jk": JenisKelamin(jenis_kelamin).label,
                "nik": digits,
                "hh": digits[6:8],
                "menurut_nik": JenisKelamin(menurut_nik).label.lower(),
            }
        )
    return Nik(
        nik=digits,
        kode_wilayah=f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}",
        tanggal_lahir=tanggal,
        jenis_kelamin=menurut_nik,
    )


def validate_kk(value: str, *, hari_ini: datetime.date | None = None) -> str:
    """The KK number's 16 digits, or ValueError saying in Indonesian what is wrong with it."""
    hari_ini = hari_ini or timezone.localdate()
    digits = _digits(value, NAMA_KK)
    masalah = _masalah_wilayah(digits)
    if _tanggal(digits[6:12], int(digits[6:8]), hari_ini) is None:
        masalah.append(
            _("digit 7-12 (%(d)s) bukan tanggal terbit yang sah (HHBBTT)") % {"d": digits[6:12]}
        )
    if digits[12:] == "0000":
        masalah.append(_("nomor urut (digit 13-16) tidak boleh 0000"))
    if masalah:
        raise ValueError(
            _("nomor KK %(nilai)s tidak sah: %(masalah)s.")
            % {"nilai": digits, "masalah": "; ".join(masalah)}
        )
    return digits


def _digits(value: str, nama: str | Promise) -> str:
    """The 16 digits of a NIK or KK number written with separators, or ValueError."""
    teks = value.strip()
    if not teks:
        raise ValueError(_("%(nama)s kosong.") % {"nama": nama})
    if _NOTASI_ILMIAH.match(teks):
        raise ValueError(
            _(
                "%(nama)s %(nilai)s diketik sebagai angka, dan Excel membulatkannya (Excel hanya "
                "menyimpan 15 digit). Ketik %(nama)s sebagai teks di Excel: format kolomnya "
                "sebagai Teks (Text), lalu ketik ulang nomornya."
            )
            % {"nama": nama, "nilai": teks}
        )
    digits = bersihkan(teks)
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(
            _('%(nama)s "%(nilai)s" harus berisi angka saja.') % {"nama": nama, "nilai": teks}
        )
    if len(digits) != 16:
        raise ValueError(
            _("%(nama)s harus 16 digit, yang tertulis %(n)d digit.")
            % {"nama": nama, "n": len(digits)}
        )
    return digits


def _masalah_wilayah(digits: str) -> list[str]:
    masalah = []
    if digits[0:2] not in KODE_PROVINSI:
        masalah.append(_("digit 1-2 (%(d)s) bukan kode provinsi") % {"d": digits[0:2]})
    if digits[2:4] == "00":
        masalah.append(_("digit 3-4 (00) bukan kode kabupaten/kota"))
    if digits[4:6] == "00":
        masalah.append(_("digit 5-6 (00) bukan kode kecamatan"))
    return masalah


def _tanggal(ddmmyy: str, hari: int, hari_ini: datetime.date) -> datetime.date | None:
    """The date DDMMYY stands for (with the day already read), 20YY unless still to come."""
    bulan, tahun = int(ddmmyy[2:4]), int(ddmmyy[4:6])
    for abad in (2000, 1900):
        try:
            tanggal = datetime.date(abad + tahun, bulan, hari)
        except ValueError:
            # 29-02 of a year that is a leap year in one century only (00: 2000, not 1900).
            continue
        if tanggal <= hari_ini:
            return tanggal
    return None
