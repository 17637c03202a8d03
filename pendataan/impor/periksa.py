"""Checking a family file's rows: each row's values, and the rows of one KK against each
other. Nothing here writes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from pendataan.impor.kolom import (
    _HH_BB_TTTT,
    _KODE_KELURAHAN_TANPA_TITIK,
    _NOMOR_RT,
    _NOMOR_RW,
    _SERIAL_EXCEL,
    _TTTT_BB_HH,
    EXCEL_HARI_NOL,
    HUBUNGAN,
    JENIS_KELAMIN,
    KOLOM_ALAMAT,
    TAHUN_LAHIR_PALING_AWAL,
)
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
from pendataan.nik import Nik, bersihkan, samarkan, validate_kk, validate_nik
from wilayah.models import RW, Kelurahan
from wilayah.nama import kunci_nama
from wilayah.selectors import kelurahan_cari


@dataclass
class Rujukan:
    """What the rows are checked against, loaded once per file (not once per row)."""

    rw: dict[tuple[int, int], RW]  # (kelurahan pk, RW number) -> RW
    hari_ini: datetime.date
    kelurahan: dict[str, Kelurahan | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Rujukan:
        return cls(
            rw={(rw.kelurahan_id, rw.nomor): rw for rw in RW.objects.all()},
            hari_ini=timezone.localdate(),
        )

    def cari_kelurahan(self, teks: str) -> Kelurahan | None:
        if _KODE_KELURAHAN_TANPA_TITIK.match(teks):  # DTKS writes 1471081001
            teks = f"{teks[0:2]}.{teks[2:4]}.{teks[4:6]}.{teks[6:]}"
        if teks not in self.kelurahan:
            self.kelurahan[teks] = kelurahan_cari(teks=teks)
        return self.kelurahan[teks]

    def nomor_rw(self, kelurahan: Kelurahan) -> list[int]:
        return sorted(nomor for kel, nomor in self.rw if kel == kelurahan.pk)


@dataclass
class Baris:
    """One row's sound values; a value left out is kept as stored (or derived for a new one)."""

    number: int
    nik: str
    nomor_kk: str
    nilai: dict  # AnggotaKeluarga fields: nama, jenis_kelamin, and hubungan/tanggal_lahir if given
    tanggal_lahir_nik: datetime.date
    variabel: dict = field(default_factory=dict)  # the member's DTSEN variables given


def keluarga_gabung(keluarga: dict, nilai: dict) -> None:
    """The family's fields from its (agreeing) rows: the first address written wins."""
    keluarga.setdefault("rw_id", nilai["rw"].pk)
    keluarga.setdefault("rt", nilai["rt"])
    if nilai["alamat"]:
        keluarga.setdefault("alamat", nilai["alamat"])


def keluarga_periksa(acuan: dict, nomor_kk: str, number: int, nilai: dict) -> list[str]:
    """Compare a row's address with the first row of its KK that had each part sound."""
    bagian = []
    if kelurahan := nilai.get("kelurahan"):
        bagian.append((KOLOM_ALAMAT[0], kelurahan.pk, kelurahan.nama))
    if rw := nilai.get("rw_nomor"):
        bagian.append((KOLOM_ALAMAT[1], rw, f"{rw:02d}"))
    if rt := nilai.get("rt"):
        bagian.append((KOLOM_ALAMAT[2], rt, f"{rt:02d}"))
    if alamat := nilai.get("alamat"):
        bagian.append((KOLOM_ALAMAT[3], alamat.casefold(), f'"{alamat}"'))
    problems = []
    for kolom, pembanding, teks in bagian:
        if kolom not in acuan:
            acuan[kolom] = (pembanding, teks, number)
            continue
        pembanding_lain, teks_lain, row = acuan[kolom]
        if pembanding != pembanding_lain:
            problems.append(
                _(
                    "KK %(kk)s juga ada di baris %(row)d dengan %(kolom)s lain: %(ini)s di sini, "
                    "%(itu)s di baris %(row)d. Satu KK harus satu alamat."
                )
                % {
                    "kk": samarkan(nomor_kk),
                    "row": row,
                    "kolom": kolom,
                    "ini": teks,
                    "itu": teks_lain,
                }
            )
    return problems


def baris_periksa(row: dict[str, str], rujukan: Rujukan) -> tuple[list[str], dict]:
    """The row's problems, and its values where they are sound.

    `nilai` holds "nik_kunci" (the NIK's 16 digits, to find duplicates even of
    an invalid one), "nik" (a Nik) and "nomor_kk" when valid, "kelurahan",
    "rw_nomor", "rw", "rt", "alamat" for the family, and "anggota" (the
    member's fields) when the row is sound.
    """
    problems: list[str] = []
    kunci = bersihkan(row["nik"])
    nilai: dict = {
        "nik_kunci": kunci if len(kunci) == 16 and kunci.isascii() and kunci.isdigit() else ""
    }
    anggota: dict = {}

    nama = " ".join(row["nama"].split())
    if not nama:
        problems.append(_("nama kosong."))
    elif len(nama) > AnggotaKeluarga._meta.get_field("nama").max_length:
        problems.append(_("nama terlalu panjang (maks. 150 huruf)."))
    anggota["nama"] = nama

    teks_jk = row.get("jenis_kelamin", "")
    jenis_kelamin = JENIS_KELAMIN.get(kunci_nama(teks_jk)) if teks_jk else None
    if teks_jk and jenis_kelamin is None:
        problems.append(
            _('jenis kelamin "%(jk)s" tidak dikenal: tulis L atau P.') % {"jk": teks_jk}
        )
    nik = None
    try:
        nik = validate_nik(row["nik"], jenis_kelamin=jenis_kelamin, hari_ini=rujukan.hari_ini)
    except ValueError as exc:
        problems.append(str(exc))
    else:
        nilai["nik"] = nik
        anggota["jenis_kelamin"] = nik.jenis_kelamin

    problems.extend(_periksa_tanggal_lahir(row.get("tanggal_lahir", ""), nik, rujukan, anggota))

    if teks_hubungan := row.get("hubungan", ""):
        hubungan = _hubungan(teks_hubungan)
        if hubungan is None:
            problems.append(
                _(
                    'hubungan "%(h)s" tidak dikenal: tulis mis. KEPALA KELUARGA, ISTRI, SUAMI, '
                    "ANAK, MENANTU, CUCU, ORANG TUA, MERTUA, FAMILI LAIN atau LAINNYA."
                )
                % {"h": teks_hubungan}
            )
        else:
            anggota["hubungan"] = hubungan

    try:
        nilai["nomor_kk"] = validate_kk(row["nomor_kk"], hari_ini=rujukan.hari_ini)
    except ValueError as exc:
        problems.append(str(exc))

    alamat = " ".join(row["alamat"].split())
    if len(alamat) > Keluarga._meta.get_field("alamat").max_length:
        problems.append(_("alamat terlalu panjang (maks. 255 huruf)."))
    nilai["alamat"] = alamat

    teks_kelurahan = row["kelurahan"]
    kelurahan = rujukan.cari_kelurahan(teks_kelurahan) if teks_kelurahan else None
    if not teks_kelurahan:
        problems.append(_("kelurahan kosong."))
    elif kelurahan is None:
        problems.append(
            _(
                'kelurahan "%(kel)s" tidak dikenal di Kota Pekanbaru: tulis nama atau kode '
                "Kemendagri (mis. Simpang Baru atau 14.71.08.1001)."
            )
            % {"kel": teks_kelurahan}
        )
    else:
        nilai["kelurahan"] = kelurahan
    problems.extend(periksa_rw_rt(row["rw"], row["rt"], kelurahan, rujukan, nilai))
    if not problems:
        nilai["anggota"] = anggota
    return problems, nilai


def _periksa_tanggal_lahir(
    teks: str, nik: Nik | None, rujukan: Rujukan, anggota: dict
) -> list[str]:
    if not teks:
        return []
    tanggal = baca_tanggal(teks)
    if tanggal is None:
        return [
            _(
                'tanggal lahir "%(t)s" tidak sah: tulis HH-BB-TTTT, HH/BB/TTTT atau TTTT-BB-HH, '
                "mis. 15-03-1990."
            )
            % {"t": teks}
        ]
    if tanggal.year < TAHUN_LAHIR_PALING_AWAL or tanggal > rujukan.hari_ini:
        return [
            _("tanggal lahir %(t)s tidak mungkin (belum lewat atau sebelum tahun 1900).")
            % {"t": f"{tanggal:%d-%m-%Y}"}
        ]
    if nik is not None:
        menurut_nik = nik.tanggal_lahir
        if (tanggal.day, tanggal.month, tanggal.year % 100) != (
            menurut_nik.day,
            menurut_nik.month,
            menurut_nik.year % 100,
        ):
            return [
                _(
                    "tanggal lahir %(t)s tidak cocok dengan NIK: digit 7-12 (%(d)s) menunjukkan "
                    "%(nik)s (HH-BB-TT)."
                )
                % {
                    "t": f"{tanggal:%d-%m-%Y}",
                    "d": nik.nik[6:12],
                    "nik": f"{menurut_nik:%d-%m-%y}",
                }
            ]
    # The given date settles the century the NIK's two digits leave open.
    anggota["tanggal_lahir"] = tanggal
    return []


def periksa_rw_rt(
    teks_rw: str, teks_rt: str, kelurahan: Kelurahan | None, rujukan: Rujukan, nilai: dict
) -> list[str]:
    problems = []
    rt = None
    cocok_rt = _NOMOR_RT.match(teks_rt)
    if not teks_rt:
        problems.append(_("RT kosong."))
    elif not cocok_rt or int(cocok_rt.group(1)) == 0:
        problems.append(
            _('RT "%(rt)s" tidak sah: tulis nomornya, mis. 3 atau RT 003.') % {"rt": teks_rt}
        )
    else:
        rt = nilai["rt"] = int(cocok_rt.group(1))

    cocok_rw = _NOMOR_RW.match(teks_rw)
    if not teks_rw:
        return [*problems, _("RW kosong.")]
    if not cocok_rw or int(cocok_rw.group(1)) == 0:
        return [
            *problems,
            _('RW "%(rw)s" tidak sah: tulis nomornya, mis. 3 atau RW 003.') % {"rw": teks_rw},
        ]
    nomor = nilai["rw_nomor"] = int(cocok_rw.group(1))
    if kelurahan is None:
        return problems
    rw = rujukan.rw.get((kelurahan.pk, nomor))
    if rw is None:
        terdaftar = rujukan.nomor_rw(kelurahan)
        if terdaftar:
            return [
                *problems,
                _("RW %(rw)d tidak ada di kelurahan %(kel)s (RW yang terdaftar: %(daftar)s).")
                % {
                    "rw": nomor,
                    "kel": kelurahan.nama,
                    "daftar": ", ".join(str(n) for n in terdaftar),
                },
            ]
        return [
            *problems,
            _("RW %(rw)d tidak ada di kelurahan %(kel)s (belum ada RW terdaftar di kelurahan ini).")
            % {"rw": nomor, "kel": kelurahan.nama},
        ]
    nilai["rw"] = rw
    if rt is not None and rw.jumlah_rt is not None and rt > rw.jumlah_rt:
        problems.append(
            _("RT %(rt)d tidak ada di RW %(rw)02d (RT 1–%(n)d).")
            % {"rt": rt, "rw": nomor, "n": rw.jumlah_rt}
        )
    return problems


def _hubungan(teks: str) -> str | None:
    kunci = kunci_nama(teks)
    if kunci in HUBUNGAN:
        return HUBUNGAN[kunci]
    if kunci.startswith("anak"):  # anak kandung, anak ke-2, anak angkat ...
        return Hubungan.ANAK
    if kunci.startswith("kepala"):
        return Hubungan.KEPALA
    return None


def baca_tanggal(teks: str) -> datetime.date | None:
    """A date written DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD, or as an Excel day number."""
    teks = teks.strip()
    try:
        if cocok := _HH_BB_TTTT.match(teks):
            hari, bulan, tahun = (int(g) for g in cocok.groups())
            return datetime.date(tahun, bulan, hari)
        if cocok := _TTTT_BB_HH.match(teks):
            tahun, bulan, hari = (int(g) for g in cocok.groups())
            return datetime.date(tahun, bulan, hari)
        if _SERIAL_EXCEL.match(teks):
            # A date cell formatted as a number, or saved to CSV so: days since 1899-12-30.
            return EXCEL_HARI_NOL + datetime.timedelta(days=int(teks))
    except (ValueError, OverflowError):
        return None
    return None
