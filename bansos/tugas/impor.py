"""A list of usul and sanggah from Dinsos (CSV or XLSX), imported at once.

Every row is checked first; one broken row refuses the file whole, with every problem
by row (lib.tabular). Only then, in one transaction, the tasks are written: a row
whose NIK or KK is in no family is kept on the unplaced list (reported by row), a row
already imported (the same source and reference) is left as it is, so the same file
sent twice changes nothing. Lists of complaints are hundreds of rows, not the
register's hundreds of thousands: read in the request, no worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from akun.models import User
from audit.services import dibuat_catat
from bansos.models import TugasLapangan
from bansos.tugas.buat import tempatkan, tugas_baru
from bansos.tugas.periksa import DataTugas, daftar_program, periksa_tugas
from dasbor.tandai import ringkasan_tandai
from lib.tabular import ImportRefused, RowError, kunci_kolom, read_table
from pendataan.impor import baca_tanggal

MAKS_BARIS = 5000
MAKS_UKURAN = 5 * 1024 * 1024
KOLOM_WAJIB = ["jenis", "sumber", "tanggal", "referensi", "program", "keluhan"]
NAMA_KOLOM = {
    "jenis": ["jenis tugas", "jenis aduan", "kategori"],
    "sumber": ["sumber aduan", "kanal", "asal"],
    "tanggal": ["tgl", "tanggal aduan", "tgl aduan", "tanggal usulan"],
    "referensi": ["ref", "no referensi", "nomor referensi", "id aduan", "no tiket", "nomor surat"],
    "nik": ["no nik", "nomor nik", "nik individu"],
    "nomor_kk": ["no kk", "nokk", "nkk", "nomor kk", "no kartu keluarga"],
    "program": ["program bansos", "jenis bansos", "bansos"],
    "keluhan": ["isi keluhan", "isi aduan", "aduan", "keterangan", "isi"],
}
ALIASES = {kunci_kolom(n): kolom for kolom, lain in NAMA_KOLOM.items() for n in [kolom, *lain]}


@dataclass
class HasilImporTugas:
    baru: int = 0
    tidak_terpetakan: int = 0
    sudah_ada: int = 0
    catatan: list[RowError] = field(default_factory=list)  # rows left out or unplaced

    @property
    def ringkasan(self) -> str:
        return _(
            "%(baru)d tugas baru (%(tt)d di antaranya tidak terpetakan), %(ada)d sudah "
            "tercatat sebelumnya dan tidak diubah."
        ) % {"baru": self.baru, "tt": self.tidak_terpetakan, "ada": self.sudah_ada}


def tugas_impor(*, data: bytes, filename: str, oleh: User) -> HasilImporTugas:
    """Import a list of tasks; raises ImportRefused (nothing written) for a broken file."""
    rows, errors = read_table(
        data, filename=filename, required=KOLOM_WAJIB, aliases=ALIASES, max_rows=MAKS_BARIS
    )
    program = daftar_program()
    baris: list[tuple[int, DataTugas]] = []
    dilihat: dict[tuple[str, str], int] = {}
    for number, nilai in rows:
        d, masalah = periksa_tugas(
            jenis=nilai.get("jenis", ""),
            sumber=nilai.get("sumber", ""),
            tanggal=baca_tanggal(nilai.get("tanggal", "")),
            referensi=nilai.get("referensi", ""),
            nik=nilai.get("nik", ""),
            nomor_kk=nilai.get("nomor_kk", ""),
            program=nilai.get("program", ""),
            keluhan=nilai.get("keluhan", ""),
            semua_program=program,
        )
        if d is not None and not d.referensi:
            masalah.append(_("referensi wajib diisi di berkas (nomor dari sumbernya)."))
        if masalah:
            errors.extend(RowError(number, m) for m in masalah)
            continue
        kunci = (d.sumber, d.referensi)
        if kunci in dilihat:
            errors.append(
                RowError(
                    number,
                    _("referensi %(ref)s dari %(sumber)s sudah ada di baris %(baris)d.")
                    % {"ref": d.referensi, "sumber": d.sumber, "baris": dilihat[kunci]},
                )
            )
            continue
        dilihat[kunci] = number
        baris.append((number, d))
    if errors:
        raise ImportRefused(errors)
    try:
        return _tulis(baris, oleh)
    except IntegrityError:
        # the same file sent twice at one moment: the other request wrote it first, and
        # this one now finds its rows already there
        return _tulis(baris, oleh)


def _tulis(baris: list[tuple[int, DataTugas]], oleh: User) -> HasilImporTugas:
    hasil = HasilImporTugas()
    with transaction.atomic():
        ada = set(
            TugasLapangan.objects.filter(referensi__in={d.referensi for _n, d in baris})
            .select_for_update()
            .values_list("sumber", "referensi")
        )
        baru_baris = []
        for number, d in baris:
            if (d.sumber, d.referensi) in ada:
                hasil.sudah_ada += 1
                hasil.catatan.append(
                    RowError(
                        number,
                        _("referensi %(ref)s dari %(sumber)s sudah tercatat: baris ini dilewati.")
                        % {"ref": d.referensi, "sumber": d.sumber},
                    )
                )
            else:
                baru_baris.append((number, d))
        tempat = tempatkan([d for _n, d in baru_baris])
        baru = []
        for (number, d), (keluarga, pesan) in zip(baru_baris, tempat, strict=True):
            if keluarga is None:
                hasil.tidak_terpetakan += 1
                hasil.catatan.append(RowError(number, pesan))
            baru.append(tugas_baru(d, keluarga, oleh))
        TugasLapangan.objects.bulk_create(baru)
        dibuat_catat(baru, oleh=oleh)
        ringkasan_tandai(rw_ids=[t.keluarga.rw_id for t in baru if t.keluarga is not None])
        hasil.baru = len(baru)
    hasil.catatan.sort(key=lambda e: e.row)
    return hasil
