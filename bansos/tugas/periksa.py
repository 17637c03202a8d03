"""One ground-check task as Dinsos gives it (a form, or a row of a file), checked."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from bansos.models import JenisTugas, Program
from pendataan.nik import validate_kk, validate_nik

MAKS_KELUHAN = 2000
MAKS_REFERENSI = 60
MAKS_SUMBER = 60
SUMBER_BAKU = ("Cek Bansos", "Langsung", "Surat")

# how a file may write the kind of task
JENIS_TEKS = {
    "usul": JenisTugas.USUL,
    "usulan": JenisTugas.USUL,
    "sanggah": JenisTugas.SANGGAH,
    "sanggahan": JenisTugas.SANGGAH,
}


@dataclass(frozen=True)
class DataTugas:
    jenis: str
    sumber: str
    tanggal: datetime.date
    referensi: str
    nik: str
    nomor_kk: str
    program: Program | None
    keluhan: str


def program_cari(teks: str, program: dict[str, Program]) -> Program | None:
    """A program by its code or its name, as a person writes either."""
    kunci = " ".join(teks.split()).lower()
    return program.get(kunci)


def daftar_program() -> dict[str, Program]:
    """Every program by its lower-cased code and name (a handful)."""
    hasil: dict[str, Program] = {}
    for p in Program.objects.all():
        hasil[p.kode.lower()] = p
        hasil[" ".join(p.nama.split()).lower()] = p
    return hasil


def periksa_tugas(
    *,
    jenis: str,
    sumber: str,
    tanggal: datetime.date | None,
    referensi: str,
    nik: str,
    nomor_kk: str,
    program: str,
    keluhan: str,
    semua_program: dict[str, Program],
) -> tuple[DataTugas | None, list[str]]:
    """(the task, []) when every field is sound, else (None, what is wrong, in words)."""
    masalah: list[str] = []
    jenis_ok = JENIS_TEKS.get(jenis.strip().lower())
    if jenis_ok is None:
        masalah.append(_('jenis "%(j)s" tidak dikenal: tulis usul atau sanggah.') % {"j": jenis})
    sumber = " ".join(sumber.split())
    if not sumber:
        masalah.append(_("sumber wajib diisi (mis. Cek Bansos, Langsung, Surat)."))
    elif len(sumber) > MAKS_SUMBER:
        masalah.append(_("sumber terlalu panjang (maksimal 60 huruf)."))
    if tanggal is None:
        masalah.append(_("tanggal tidak terbaca: tulis HH-BB-TTTT."))
    elif tanggal > timezone.localdate():
        masalah.append(_("tanggal tidak boleh di masa depan."))
    referensi = referensi.strip()
    if len(referensi) > MAKS_REFERENSI:
        masalah.append(_("referensi terlalu panjang (maksimal 60 huruf)."))
    nik, nomor_kk = nik.strip(), nomor_kk.strip()
    if not nik and not nomor_kk:
        masalah.append(_("isi NIK atau nomor KK yang dimaksud."))
    if nik:
        try:
            nik = validate_nik(nik).nik
        except ValueError as exc:
            masalah.append(str(exc))
    if nomor_kk:
        try:
            nomor_kk = validate_kk(nomor_kk)
        except ValueError as exc:
            masalah.append(str(exc))
    program_ok = None
    if program.strip():
        program_ok = program_cari(program, semua_program)
        if program_ok is None:
            masalah.append(_('program "%(p)s" tidak dikenal.') % {"p": program.strip()})
    elif jenis_ok == JenisTugas.SANGGAH:
        masalah.append(_("sanggah wajib menyebut programnya (mis. PKH)."))
    keluhan = " ".join(keluhan.split())
    if not keluhan:
        masalah.append(_("isi keluhan wajib diisi."))
    elif len(keluhan) > MAKS_KELUHAN:
        masalah.append(_("isi keluhan terlalu panjang (maksimal 2.000 huruf)."))
    if masalah:
        return None, masalah
    return DataTugas(
        jenis=jenis_ok,
        sumber=sumber,
        tanggal=tanggal,
        referensi=referensi,
        nik=nik,
        nomor_kk=nomor_kk,
        program=program_ok,
        keluhan=keluhan,
    ), []
