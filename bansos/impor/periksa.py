"""Pass 1: every row is checked; a single problem refuses the file whole.

Lean on purpose, as a list may have a million rows: cells are read by column
position; a NIK or KK written as plain 16 digits is checked against memoised
dates instead of being parsed afresh; a kelurahan, and an RW/RT in it, are
looked up once per distinct text. Anything else goes through the family
import's own checks (pendataan.nik, pendataan.impor), so every message is
theirs. The rows with a sound NIK and KK go to a `Tampung` (tulis.py,
postgres.py), which checks them against the database a batch at a time and
may keep them for pass 2.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _

from bansos.impor import progres
from bansos.impor.berkas import KOLOM_KARTU, MAKS_BARIS, PANJANG_KARTU, buka
from bansos.models import ImporPenerima, Sasaran
from lib.tabular import ImportRefused, RowError
from pendataan.impor import Rujukan, periksa_rw_rt
from pendataan.models import AnggotaKeluarga, Keluarga
from pendataan.nik import KODE_PROVINSI, samarkan, validate_kk, validate_nik

MASALAH_DISIMPAN = 1000
PROGRES_SETIAP = 5000
PANJANG_NAMA = AnggotaKeluarga._meta.get_field("nama").max_length
PANJANG_ALAMAT = Keluarga._meta.get_field("alamat").max_length
# Distinct kelurahan/RW/RT spellings remembered; a file of nonsense must not grow it without end.
MAKS_INGAT_TEMPAT = 100_000


class Tampung(Protocol):
    """Where pass 1 hands the rows whose NIK and KK are sound."""

    def tambah(
        self,
        number: int,
        nik: str,
        kk: str,
        nama: str,
        alamat: str,
        kartu: str,
        lokasi: tuple[int, int, str] | None,  # (RW pk, RT, as COPY text)
        lahir: tuple[str, datetime.date, str],  # (jenis kelamin, tanggal lahir, as COPY text)
        pertama: bool,  # the first row of its KK
    ) -> None: ...

    def setor(self, p: Pemeriksaan, *, akhir: bool) -> None:
        """Called every few thousand rows and once at the end: check what was added
        against the database (and report through `p.catat_tersimpan`)."""

    def tutup(self) -> None:
        """Drop whatever it kept (after pass 2, or when the file is refused)."""


@dataclass
class Pemeriksaan:
    baris: int = 0
    jumlah_masalah: int = 0
    # The first problems found in the file, and (apart, as they are found later on
    # PostgreSQL) the first NIKs the database has in another family: both by row.
    masalah: list = field(default_factory=list)
    masalah_tersimpan: list = field(default_factory=list)

    def catat(self, row: int, pesan: str) -> None:
        self.jumlah_masalah += 1
        if len(self.masalah) < MASALAH_DISIMPAN:
            self.masalah.append([row, pesan])

    def catat_tersimpan(self, row: int, nik: str, kk_lain: str) -> None:
        self.jumlah_masalah += 1
        if len(self.masalah_tersimpan) < MASALAH_DISIMPAN:
            self.masalah_tersimpan.append([row, pesan_keluarga_lain(nik, kk_lain)])

    def laporan(self) -> list:
        """The first problems by row, a row's own before the database's."""
        semua = sorted(self.masalah + self.masalah_tersimpan, key=lambda m: m[0])
        return semua[:MASALAH_DISIMPAN]


def pesan_keluarga_lain(nik: str, kk_lain: str) -> str:
    return _(
        "NIK milik keluarga lain: NIK %(nik)s terdaftar di KK %(kk)s. Impor tidak "
        "memindahkan anggota ke KK lain: periksa nomor KK di baris ini."
    ) % {"nik": samarkan(nik), "kk": samarkan(kk_lain)}


# 16 ASCII digits with a known province, kabupaten/kota and kecamatan parts not 00 and a
# serial not 0000: all validate_nik and validate_kk check but the date.
_PROVINSI = "|".join(sorted(KODE_PROVINSI))
_POLOS = re.compile(
    rf"(?:{_PROVINSI})(?!00)\d\d(?!00)\d\d\d{{6}}(?!0000)\d{{4}}", re.ASCII
).fullmatch


class _Nomor:
    """NIK and KK checks memoised by their date digits (DDMMYY): a million people have
    a few thousand distinct birth dates. A number that is plainly 16 sound digits
    (_POLOS) with a date seen before is sound; anything else takes the full check,
    with its message. Only sound dates are remembered, so the memo is bounded."""

    def __init__(self, hari_ini: datetime.date):
        self.hari_ini = hari_ini
        # DDMMYY -> (jenis kelamin, tanggal lahir, both as COPY text)
        self.lahir: dict[str, tuple[str, datetime.date, str]] = {}
        self.terbit: set[str] = set()  # DDMMYY of sound KK issue dates

    def nik(self, teks: str) -> tuple[str, tuple[str, datetime.date, str]]:
        """(NIK, lahir), or ValueError saying what is wrong."""
        data = validate_nik(teks, hari_ini=self.hari_ini)
        jk, tanggal = data.jenis_kelamin, data.tanggal_lahir
        lahir = self.lahir[data.nik[6:12]] = (jk, tanggal, f"{jk}\t{tanggal.isoformat()}")
        return data.nik, lahir

    def kk(self, teks: str) -> str:
        kk = validate_kk(teks, hari_ini=self.hari_ini)
        self.terbit.add(kk[6:12])
        return kk


class Tempat:
    """Kelurahan, RW and RT of a row, looked up once per distinct spelling of the three."""

    def __init__(self, rujukan: Rujukan):
        self.rujukan = rujukan
        # (kelurahan, RW, RT as written) -> (RW pk, RT, both as COPY text), sound ones only
        self.ingat: dict[tuple[str, str, str], tuple[int, int, str]] = {}

    def periksa(
        self, teks_kelurahan: str, teks_rw: str, teks_rt: str
    ) -> tuple[tuple[int, int, str] | None, list[str]]:
        """(the place when its RW and RT were read, the problems): an RT past the RW's
        count is a problem with a place, which the KK's other rows are compared with."""
        kunci = (teks_kelurahan, teks_rw, teks_rt)
        teks_kelurahan, teks_rw, teks_rt = (t.strip() for t in kunci)
        masalah = []
        kelurahan = None
        if not teks_kelurahan:
            masalah.append(_("kelurahan kosong."))
        else:
            kelurahan = self.rujukan.cari_kelurahan(teks_kelurahan)
            if kelurahan is None:
                masalah.append(_kelurahan_tidak_dikenal(teks_kelurahan))
        nilai: dict = {}
        masalah += periksa_rw_rt(teks_rw, teks_rt, kelurahan, self.rujukan, nilai)
        if "rw" not in nilai or "rt" not in nilai:
            return None, masalah
        rw_id, rt = nilai["rw"].pk, nilai["rt"]
        tempat = (rw_id, rt, f"{rw_id}\t{rt}")
        if not masalah and len(self.ingat) < MAKS_INGAT_TEMPAT:
            self.ingat[kunci] = tempat
        return tempat, masalah

    def dari(self, teks_kelurahan: str, teks_rw: str, teks_rt: str) -> tuple[int, int, str]:
        """The place of a row pass 1 found sound."""
        tempat = self.ingat.get((teks_kelurahan, teks_rw, teks_rt))
        return tempat or self.periksa(teks_kelurahan, teks_rw, teks_rt)[0]


def periksa(impor: ImporPenerima, *, encoding: str, tampung: Tampung) -> Pemeriksaan:
    """Check every row of the stored file; the rows with a sound NIK and KK go to `tampung`.

    The loop is written for speed (names bound to locals, the common case first):
    it runs once per row of a list that may have a million.
    """
    program = impor.periode.program
    program_keluarga = program.sasaran == Sasaran.KELUARGA
    kartu_wajib = program.punya_nomor_kartu
    rujukan = Rujukan.load()
    p = Pemeriksaan()
    nomor = _Nomor(rujukan.hari_ini)
    tempat = Tempat(rujukan)
    catat, tambah, polos = p.catat, tampung.tambah, _POLOS
    lahir_dikenal, terbit_dikenal, tempat_dikenal = nomor.lahir, nomor.terbit, tempat.ingat.get
    # What grows with the file. Every NIK, as an int (about 70 bytes in a set, half
    # what the text would take): 70 MB for a million rows, the price of finding a
    # duplicate anywhere in the file without a second store.
    nik_terlihat: set[int] = set()
    # KK -> the place of its first row: a family's rows must agree on where it lives
    # (and for a family program a second row of the KK is a duplicate). The values are
    # the memo's own tuples, shared by every family of that RT: 20 MB for the 290,000
    # families of a million people, 80 MB for a family program's million rows.
    kk_terlihat: dict[int, tuple] = {}
    with buka(impor, encoding=encoding) as tabel:
        kolom = tabel.kolom
        i_nik, i_kk, i_nama = kolom["nik"], kolom["nomor_kk"], kolom["nama"]
        i_alamat, i_kel, i_rw, i_rt = kolom["alamat"], kolom["kelurahan"], kolom["rw"], kolom["rt"]
        i_kartu = kolom.get(KOLOM_KARTU)
        for number, values in tabel.baris:
            p.baris += 1
            if p.baris > MAKS_BARIS:
                raise ImportRefused([RowError(0, _terlalu_banyak())])
            if p.baris % PROGRES_SETIAP == 0:
                tampung.setor(p, akhir=False)
                progres.catat(impor.pk, p.baris)
            if values is None:
                catat(number, _("Baris punya lebih banyak kolom daripada judul kolom."))
                continue
            masalah = []

            nik = values[i_nik]
            lahir = polos(nik) and lahir_dikenal.get(nik[6:12])
            if not lahir:
                try:
                    nik, lahir = nomor.nik(nik)
                except ValueError as exc:
                    nik = None
                    masalah.append(str(exc))
            kk = values[i_kk]
            if not (polos(kk) and kk[6:12] in terbit_dikenal):
                try:
                    kk = nomor.kk(kk)
                except ValueError as exc:
                    kk = None
                    masalah.append(str(exc))
            nama = " ".join(values[i_nama].split())
            if not nama:
                masalah.append(_("nama kosong."))
            elif len(nama) > PANJANG_NAMA:
                masalah.append(_("nama terlalu panjang (maks. 150 huruf)."))
            alamat = " ".join(values[i_alamat].split())
            if len(alamat) > PANJANG_ALAMAT:
                masalah.append(_("alamat terlalu panjang (maks. 255 huruf)."))
            kartu = values[i_kartu].strip() if i_kartu is not None else ""
            if not kartu:
                if kartu_wajib:
                    masalah.append(_("nomor kartu kosong."))
            elif len(kartu) > PANJANG_KARTU:
                masalah.append(
                    _("nomor kartu terlalu panjang (maks. %(n)d huruf).") % {"n": PANJANG_KARTU}
                )
            lokasi = tempat_dikenal((values[i_kel], values[i_rw], values[i_rt]))
            if lokasi is None:
                lokasi, salah = tempat.periksa(values[i_kel], values[i_rw], values[i_rt])
                masalah += salah

            if nik is not None:
                angka = int(nik)
                if angka in nik_terlihat:
                    masalah.append(_("NIK %(nik)s ganda dalam berkas.") % {"nik": samarkan(nik)})
                else:
                    nik_terlihat.add(angka)
            if kk is not None:
                angka = int(kk)
                sebelumnya = kk_terlihat.get(angka)
                if sebelumnya is not None and program_keluarga:
                    masalah.append(
                        _("KK %(kk)s ganda dalam berkas: program ini satu baris per keluarga.")
                        % {"kk": samarkan(kk)}
                    )
                elif lokasi is not None:
                    if sebelumnya is None:
                        kk_terlihat[angka] = lokasi
                    elif sebelumnya != lokasi:
                        masalah.append(
                            _(
                                "KK %(kk)s ada di baris lain dengan RW/RT lain. Satu KK harus "
                                "satu alamat."
                            )
                            % {"kk": samarkan(kk)}
                        )
                if nik is not None:
                    tambah(number, nik, kk, nama, alamat, kartu, lokasi, lahir, sebelumnya is None)
            for pesan in masalah:
                catat(number, pesan)
    if p.baris == 0:
        raise ImportRefused([RowError(0, _("Berkas tidak berisi baris data."))])
    tampung.setor(p, akhir=True)
    return p


def _terlalu_banyak() -> str:
    return _("Berkas berisi lebih dari %(n)d baris data.") % {"n": MAKS_BARIS}


def _kelurahan_tidak_dikenal(teks: str) -> str:
    return _(
        'kelurahan "%(kel)s" tidak dikenal di Kota Pekanbaru: tulis nama atau kode '
        "Kemendagri (mis. Simpang Baru atau 14.71.08.1001)."
    ) % {"kel": teks}
