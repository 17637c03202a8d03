"""Writes to bansos: programs and their periods."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bansos.models import Periode, Program
from dasbor.tandai import ringkasan_tandai_periode
from dasbor.tembolok import versi_naikkan_saat_commit
from pendataan.dtsen import DESIL_TERENDAH, DESIL_TERTINGGI


@transaction.atomic
def periode_buat(
    *, program: Program, nama: str, mulai: datetime.date, selesai: datetime.date
) -> Periode:
    """A new period of a program; refused when it overlaps another period of that program."""
    nama = (nama or "").strip()
    if not nama:
        raise ValidationError(_("Nama periode wajib diisi."))
    if selesai < mulai:
        raise ValidationError(_("Tanggal selesai periode sebelum tanggal mulai."))
    # lock the program so two staff cannot add overlapping periods at the same moment
    program = Program.objects.select_for_update().get(pk=program.pk)
    tumpang = program.periode_set.filter(mulai__lte=selesai, selesai__gte=mulai).first()
    if tumpang is not None:
        raise ValidationError(
            _("Periode ini bertumpang tindih dengan periode %(nama)s (%(mulai)s s.d. %(selesai)s).")
            % {"nama": tumpang.nama, "mulai": tumpang.mulai, "selesai": tumpang.selesai}
        )
    if program.periode_set.filter(nama=nama).exists():
        raise ValidationError(
            _("Program ini sudah punya periode bernama %(nama)s.") % {"nama": nama}
        )
    terbaru = program.periode_set.order_by("-mulai").first()
    periode = Periode.objects.create(program=program, nama=nama, mulai=mulai, selesai=selesai)
    if terbaru is not None and mulai > terbaru.mulai:
        # the list being verified now changes: the families of the old one leave the
        # worklists' "to verify" (and their risk order)
        ringkasan_tandai_periode(periode_id=terbaru.pk)
    # the worklists and dashboards list the periods being verified (dasbor/tembolok.py)
    versi_naikkan_saat_commit(umum=True)
    return periode


@transaction.atomic
def program_batas_desil_ubah(*, program: Program, batas_desil: int | None) -> Program:
    """Set a program's desil ceiling (None: the program has none)."""
    if batas_desil is not None and not DESIL_TERENDAH <= batas_desil <= DESIL_TERTINGGI:
        raise ValidationError(_("Batas desil harus angka 1 sampai 10, atau kosong."))
    Program.objects.filter(pk=program.pk).update(batas_desil=batas_desil)
    program.batas_desil = batas_desil
    # who is above the ceiling changes: the flags and the worklists' risk order of every
    # RW with a recipient of the program
    for periode_id in program.periode_set.values_list("pk", flat=True):
        ringkasan_tandai_periode(periode_id=periode_id)
    versi_naikkan_saat_commit(umum=True)  # the flags "di atas desil program" on every page
    return program
