"""The verified results going out: the counts of the results page, and the XLSX for Dinsos.

Only findings in force (`Verifikasi.berlaku`, set when the admin kecamatan
approves the visit) are results. The export is built by Celery: the rows are
streamed from the database as tuples (`values_list(...).iterator()`) into a
write-only openpyxl workbook, which keeps its rows in a temporary file and
writes strings inline, so a city of 300,000 findings needs no more memory than
a hundred. The file is kept privately and served only through `ekspor_for`.

NIKs are personal data: the log holds ids, counts and exception classes only.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.desil import di_atas_desil
from bansos.models import (
    AlasanTidakLayak,
    EksporHasil,
    JenisVerifikasi,
    Kelayakan,
    Periode,
    TugasLapangan,
    Verifikasi,
    alasan_teks,
)
from bansos.selectors import PERAN_HASIL_SEKOTA
from bansos.tasks import tulis_ekspor_hasil
from dasbor.tembolok import versi_naikkan_saat_commit
from lib.ekspor import ekspor_minta, ekspor_progres, ekspor_simpan
from lib.xlsx import teks_sel
from pendataan.models import AnggotaKeluarga, Hubungan
from pendataan.nik import samarkan
from pendataan.selectors import PERAN_NIK_UTUH
from wilayah.models import Kecamatan, Kelurahan

logger = logging.getLogger(__name__)

CHUNK = 2000
PROGRES_SETIAP = 5000


# ------------------------------------------------------------------ reads


def _orang(kolom: str) -> Coalesce:
    """A column of the person a finding is about, in SQL: the member the list names,
    else the listed member of a person program, else the member the visit named,
    else the family's kepala (or, with no kepala recorded, its first member)."""
    kepala = (
        AnggotaKeluarga.objects.filter(keluarga=OuterRef("keluarga"))
        .order_by(
            Case(When(hubungan=Hubungan.KEPALA, then=Value(0)), default=Value(1)),
            "pk",
        )
        .values(kolom)[:1]
    )
    return Coalesce(
        f"penerima__terdaftar__{kolom}",
        f"penerima__anggota__{kolom}",
        f"anggota__{kolom}",
        Subquery(kepala),
    )


def verifikasi_berlaku(
    *, periode: Periode, kecamatan: Kecamatan | None = None, kelurahan: Kelurahan | None = None
) -> QuerySet[Verifikasi]:
    """The period's findings in force: its results (of a kecamatan, or of a kelurahan)."""
    hasil = Verifikasi.objects.filter(periode=periode, berlaku=True)
    if kecamatan is not None:
        hasil = hasil.filter(keluarga__rw__kelurahan__kecamatan=kecamatan)
    if kelurahan is not None:
        hasil = hasil.filter(keluarga__rw__kelurahan=kelurahan)
    return hasil


def dengan_orang(hasil: QuerySet[Verifikasi]) -> QuerySet[Verifikasi]:
    """Findings with the `nik` and `nama` of the person each is about."""
    return hasil.annotate(nik=_orang("nik"), nama=_orang("nama"))


ALASAN = dict(AlasanTidakLayak.choices)


# ---------------------------------------------------------------- asking


def boleh_ekspor(user: User, kecamatan: Kecamatan | None) -> bool:
    """Dinsos exports any kecamatan or the whole city; an admin kecamatan only their own."""
    peran = peran_efektif(user)
    if peran in PERAN_HASIL_SEKOTA:
        return True
    return (
        peran == Peran.ADMIN_KECAMATAN
        and kecamatan is not None
        and kecamatan.pk == user.kecamatan_id
    )


@transaction.atomic
def ekspor_mulai(
    *, periode: Periode, kecamatan: Kecamatan | None, oleh: User, semua_program: bool = False
) -> tuple[EksporHasil, bool]:
    """Ask for the XLSX of a period's results (kecamatan None: the whole city); with
    `semua_program`, of every active program's period of the same name, in one file.

    Returns the export and whether it is new: while one for the same period and
    kecamatan is still being built, asking again returns that one.
    """
    if not boleh_ekspor(oleh, kecamatan):
        raise PermissionDenied
    # Two clicks at the same moment: the second waits here, then finds the first.
    Periode.objects.select_for_update().get(pk=periode.pk)
    nomor_utuh = peran_efektif(oleh) in PERAN_NIK_UTUH
    kunci = {
        "periode": periode,
        "kecamatan": kecamatan,
        "nomor_utuh": nomor_utuh,
        "semua_program": semua_program,
    }
    hasil = ekspor_minta(
        EksporHasil, kunci=kunci, oleh=oleh, tugas=tulis_ekspor_hasil, logger=logger
    )
    versi_naikkan_saat_commit(lain=["ekspor"])  # the results pages list the latest exports
    return hasil


# ---------------------------------------------------------------- writing


def judul_kolom() -> list[str]:
    return [
        _("NIK"),
        _("Nama"),
        _("Nomor KK"),
        _("Program"),
        _("Periode"),
        _("Jenis"),
        _("Hasil"),
        _("Alasan"),
        _("Tanggal kunjungan"),
        _("Petugas"),
        _("NI PPPK petugas"),
        _("Pemeriksa"),
        _("Tanggal disetujui"),
        _("Kecamatan"),
        _("Kelurahan"),
        _("RW"),
        _("RT"),
        _("Alamat"),
        _("Nomor kartu"),
        _("Desil DTSEN"),
        _("Di atas desil program"),
        _("Referensi tugas"),
    ]


LEBAR_KOLOM = [19, 28, 19, 22, 14, 14, 12, 30, 12, 26, 20, 22, 12, 16, 18, 5, 5, 36, 18, 8, 12, 22]

_KOLOM_SQL = (
    "periode__program__nama",
    "periode__nama",
    "nik",
    "nama",
    "keluarga__nomor_kk",
    "jenis",
    "hasil",
    "alasan",
    "alasan_lain",
    "tanggal_kunjungan",
    "kunjungan__petugas__nama",
    "kunjungan__petugas__ni_pppk",
    "kunjungan__diperiksa_oleh_id",
    "tanggal_disetujui",
    "keluarga__rw__kelurahan__kecamatan__nama",
    "keluarga__rw__kelurahan__nama",
    "keluarga__rw__nomor",
    "keluarga__rt",
    "keluarga__alamat",
    "penerima__nomor_kartu",
    "keluarga__desil",
    "periode__program__batas_desil",  # an export of every program: each row its own
    "pk",  # the ground-check tasks it answers (_referensi_tugas)
)


def _hasil_ekspor(ekspor: EksporHasil) -> QuerySet[Verifikasi]:
    """The findings an export holds: of its period, or of every active program's period
    of that name (one file for the round, a program column telling them apart)."""
    if not ekspor.semua_program:
        return verifikasi_berlaku(periode=ekspor.periode, kecamatan=ekspor.kecamatan)
    hasil = Verifikasi.objects.filter(
        periode__nama=ekspor.periode.nama, periode__program__aktif=True, berlaku=True
    )
    if ekspor.kecamatan is not None:
        hasil = hasil.filter(keluarga__rw__kelurahan__kecamatan=ekspor.kecamatan)
    return hasil


def _baris_ekspor(ekspor: EksporHasil) -> QuerySet:
    """The export's rows as tuples, by kelurahan, RW, RT and KK."""
    return (
        dengan_orang(_hasil_ekspor(ekspor))
        .annotate(
            tanggal_kunjungan=TruncDate("kunjungan__created_at"),
            tanggal_disetujui=TruncDate("kunjungan__diperiksa_at"),
        )
        .order_by(
            "keluarga__rw__kelurahan__kode",
            "periode__program__sumber_dana",
            "periode__program__nama",
            "keluarga__rw__nomor",
            "keluarga__rt",
            "keluarga__nomor_kk",
            "pk",
        )
        .values_list(*_KOLOM_SQL)
    )


def _pemeriksa(ekspor: EksporHasil) -> dict[int, str]:
    """The reviewers' names by id: a handful of admins, read once."""
    hasil = _hasil_ekspor(ekspor)
    return {
        u.pk: str(u)
        for u in User.objects.filter(pk__in=hasil.values("kunjungan__diperiksa_oleh_id"))
    }


def _referensi_tugas(ekspor: EksporHasil) -> dict[int, str]:
    """The references of the usul and sanggah each finding answers, by finding: tasks
    are a few hundred in a city, read once."""
    referensi: dict[int, list[str]] = {}
    tugas = TugasLapangan.objects.filter(verifikasi__in=_hasil_ekspor(ekspor).values("pk"))
    for verifikasi_id, ref in tugas.order_by("pk").values_list("verifikasi_id", "referensi"):
        referensi.setdefault(verifikasi_id, []).append(ref)
    return {pk: ", ".join(refs) for pk, refs in referensi.items()}


def _tulis_xlsx(ekspor: EksporHasil, path: Path) -> int:
    jenis = {
        JenisVerifikasi.VERIFIKASI.value: _("Verifikasi"),
        JenisVerifikasi.USULAN.value: _("Usulan baru"),
    }
    hasil = {k.value: str(k.label) for k in Kelayakan}
    pemeriksa = _pemeriksa(ekspor)
    referensi = _referensi_tugas(ekspor)
    di_atas = _("Ya")
    # Whole numbers go to Dinsos, who update DTSEN with them; an admin kecamatan
    # sees them masked, as on every page of theirs.
    nomor = str if ekspor.nomor_utuh else samarkan

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=_("Hasil verifikasi"))
    for i, lebar in enumerate(LEBAR_KOLOM):
        ws.column_dimensions[chr(ord("A") + i)].width = lebar
    ws.freeze_panes = "A2"
    tebal = Font(bold=True)
    judul = []
    for teks in judul_kolom():
        sel = WriteOnlyCell(ws, value=teks)
        sel.font = tebal
        judul.append(sel)
    ws.append(judul)

    ditulis = 0
    try:
        for (
            program,
            nama_periode,
            nik,
            nama,
            kk,
            jenis_,
            hasil_,
            alasan,
            alasan_lain,
            tanggal_kunjungan,
            petugas,
            ni_pppk,
            pemeriksa_id,
            tanggal_disetujui,
            kecamatan,
            kelurahan,
            rw,
            rt,
            alamat,
            kartu,
            desil,
            batas,
            pk,
        ) in _baris_ekspor(ekspor).iterator(chunk_size=CHUNK):
            ws.append(
                [
                    nomor(nik or ""),  # strings: Excel keeps all 16 digits, no 1.47E+15
                    teks_sel(nama, ws),
                    nomor(kk),
                    program,
                    nama_periode,
                    jenis.get(jenis_, jenis_),
                    hasil.get(hasil_, hasil_),
                    teks_sel(alasan_teks(alasan, alasan_lain), ws),
                    tanggal_kunjungan,
                    teks_sel(petugas, ws),
                    ni_pppk,
                    pemeriksa.get(pemeriksa_id, ""),
                    tanggal_disetujui,
                    kecamatan,
                    kelurahan,
                    rw,
                    rt,
                    teks_sel(alamat, ws),
                    teks_sel(kartu, ws),
                    desil,
                    di_atas if di_atas_desil(desil, batas) else "",
                    teks_sel(referensi.get(pk), ws),
                ]
            )
            ditulis += 1
            if ditulis % PROGRES_SETIAP == 0:
                ekspor_progres(ekspor, ditulis)
    finally:
        # Saving also ends the sheet's stream and removes openpyxl's own temporary file;
        # after a failure the half-written workbook goes with the caller's folder.
        workbook.save(path)
    return ditulis


def ekspor_tulis(*, ekspor: EksporHasil) -> None:
    """The worker's job: write the XLSX of the export's findings and keep it privately."""
    versi_naikkan_saat_commit(lain=["ekspor"])  # taken by a worker: its status changed
    ekspor_simpan(
        ekspor,
        hitung=lambda: _baris_ekspor(ekspor).count(),
        tulis=lambda path: _tulis_xlsx(ekspor, path),
        logger=logger,
    )
    versi_naikkan_saat_commit(lain=["ekspor"])  # done or failed, on the results pages
