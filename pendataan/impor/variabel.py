"""The optional DTSEN variable columns of a family file (issue 14): one column per
variable, named by its key ("lantai", "aset_mobil") or a heading in
`pendataan.dtsen.NAMA_KOLOM_VARIABEL`. A family's variables may be on any of its rows
(usually the head's); two rows of one KK that disagree are reported. An empty cell
leaves the value as recorded. What an import changes is kept in RiwayatVariabel with
no visit."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lib.tabular import kunci_kolom
from pendataan.dtsen import NAMA_KOLOM_VARIABEL
from pendataan.nik import samarkan
from pendataan.variabel import NilaiSalah, nilai_bersihkan
from pendataan.variabel.kode import VARIABEL_ANGGOTA, VARIABEL_KELUARGA

ALIASES_VARIABEL = {
    kunci_kolom(nama): kunci
    for kunci in [*VARIABEL_KELUARGA, *VARIABEL_ANGGOTA]
    for nama in [kunci, *NAMA_KOLOM_VARIABEL.get(kunci, [])]
}


def _bersihkan(row: dict[str, str], daftar: dict, problems: list[str]) -> dict:
    hasil = {}
    for kunci, v in daftar.items():
        teks = row.get(kunci, "")
        if not teks:
            continue
        try:
            hasil[kunci] = nilai_bersihkan(v, teks)
        except NilaiSalah as exc:
            problems.append(str(exc))
    return hasil


def variabel_baris(row: dict[str, str]) -> tuple[dict, dict, list[str]]:
    """The row's family variables, its member's variables, and the problems."""
    problems: list[str] = []
    keluarga = _bersihkan(row, VARIABEL_KELUARGA, problems)
    anggota = _bersihkan(row, VARIABEL_ANGGOTA, problems)
    return keluarga, anggota, problems


def variabel_keluarga_gabung(acuan: dict, nomor_kk: str, number: int, nilai: dict) -> list[str]:
    """Add a row's family variables to its KK's (`acuan`: kunci -> (value, row))."""
    problems = []
    for kunci, isi in nilai.items():
        if kunci not in acuan:
            acuan[kunci] = (isi, number)
        elif acuan[kunci][0] != isi:
            v = VARIABEL_KELUARGA[kunci]
            problems.append(
                _("KK %(kk)s: %(v)s %(ini)s di sini, %(itu)s di baris %(row)d. Satu KK satu nilai.")
                % {
                    "kk": samarkan(nomor_kk),
                    "v": v.label,
                    "ini": v.teks(isi),
                    "itu": v.teks(acuan[kunci][0]),
                    "row": acuan[kunci][1],
                }
            )
    return problems
