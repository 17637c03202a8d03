"""The family import from file to database: read, check every row, write in one
transaction or refuse the file whole."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from akun.models import User
from audit.services import massal_catat, sha256_berkas, tanpa_audit_per_baris
from lib.tabular import ImportRefused, RowError, read_table
from pendataan.impor.kolom import ALIASES, KOLOM_WAJIB, MAKS_BARIS, MAKS_UKURAN
from pendataan.impor.periksa import Baris, Rujukan, baris_periksa, keluarga_gabung, keluarga_periksa
from pendataan.impor.tulis import (
    HasilImporKeluarga,
    anggota_ada,
    keluarga_ada,
    pindah_kk_periksa,
    simpan,
)
from pendataan.impor.variabel import (
    ALIASES_VARIABEL,
    variabel_baris,
    variabel_keluarga_gabung,
)
from pendataan.models import Keluarga
from pendataan.nik import Nik, samarkan

logger = logging.getLogger("pendataan.impor")


def keluarga_import(*, data: bytes, filename: str, oleh: User) -> HasilImporKeluarga:
    """Create or update families and members from an XLSX/CSV file; refuse it whole on any fault."""
    if len(data) > MAKS_UKURAN:
        raise ImportRefused(
            [RowError(0, _("Berkas lebih dari 20 MB; bagi menjadi beberapa berkas."))]
        )
    try:
        rows, errors = read_table(
            data,
            filename=filename,
            required=KOLOM_WAJIB,
            aliases={**ALIASES_VARIABEL, **ALIASES},
            max_rows=MAKS_BARIS,
        )
        rujukan = Rujukan.load()
        baris_sah: list[Baris] = []
        keluarga: dict[str, dict] = {}  # nomor KK -> Keluarga fields, from its rows
        acuan: dict[str, dict] = {}  # nomor KK -> field -> (value as compared, as shown, row)
        variabel: dict[str, dict] = {}  # nomor KK -> DTSEN variable -> (value, row)
        baris_nik: dict[str, int] = {}
        nik_kk: list[tuple[int, str, str]] = []  # (row, NIK, KK) to check against the database
        for number, row in rows:
            problems, nilai = baris_periksa(row, rujukan)
            variabel_kk, variabel_anggota, salah = variabel_baris(row)
            problems.extend(salah)
            kunci = nilai.pop("nik_kunci")
            if kunci in baris_nik:
                problems.append(
                    _("NIK %(nik)s ganda: ada di baris %(a)d dan baris %(b)d.")
                    % {"nik": samarkan(kunci), "a": baris_nik[kunci], "b": number}
                )
            elif kunci:
                baris_nik[kunci] = number
            nik: Nik | None = nilai.pop("nik", None)
            nomor_kk = nilai.pop("nomor_kk", None)
            if nomor_kk:
                problems.extend(
                    keluarga_periksa(acuan.setdefault(nomor_kk, {}), nomor_kk, number, nilai)
                )
                problems.extend(
                    variabel_keluarga_gabung(
                        variabel.setdefault(nomor_kk, {}), nomor_kk, number, variabel_kk
                    )
                )
                if nik:
                    nik_kk.append((number, nik.nik, nomor_kk))
            if problems:
                errors.extend(RowError(number, p) for p in problems)
                continue
            keluarga_gabung(keluarga.setdefault(nomor_kk, {}), nilai)
            baris_sah.append(
                Baris(
                    number=number,
                    nik=nik.nik,
                    nomor_kk=nomor_kk,
                    nilai=nilai["anggota"],
                    tanggal_lahir_nik=nik.tanggal_lahir,
                    variabel=variabel_anggota,
                )
            )
        semua_nik = [nik for _, nik, _ in nik_kk]
        if errors:  # refused already: report the moves too, without taking the write lock
            errors.extend(pindah_kk_periksa(nik_kk, anggota_ada(semua_nik, kunci=False)))
            raise ImportRefused(errors)
        with transaction.atomic(), tanpa_audit_per_baris():
            ada_keluarga = keluarga_ada(list(keluarga))
            ada_anggota = anggota_ada(semua_nik, kunci=True)
            errors.extend(pindah_kk_periksa(nik_kk, ada_anggota))
            if errors:
                raise ImportRefused(errors)
            variabel_kk = {kk: {k: v for k, (v, _r) in n.items()} for kk, n in variabel.items()}
            hasil = simpan(keluarga, baris_sah, ada_keluarga, ada_anggota, variabel_kk)
            massal_catat(
                oleh=oleh,
                model=Keluarga,
                nama=filename,
                sha256=sha256_berkas(data),
                jumlah=asdict(hasil),
            )
    except ImportRefused as refused:
        logger.info("keluarga_import by user %s refused: %d problems", oleh.pk, len(refused.errors))
        raise
    except IntegrityError as exc:
        # Another import added the same KK or NIK at the same moment.
        raise ImportRefused(
            [RowError(0, _("Data keluarga berubah selama impor; unggah ulang berkasnya."))]
        ) from exc
    logger.info(
        "keluarga_import by user %s: keluarga %d baru, %d diperbarui, %d tetap; "
        "anggota %d baru, %d diperbarui, %d tetap",
        oleh.pk,
        hasil.keluarga_baru,
        hasil.keluarga_diperbarui,
        hasil.keluarga_tetap,
        hasil.anggota_baru,
        hasil.anggota_diperbarui,
        hasil.anggota_tetap,
    )
    return hasil


def ringkasan(hasil: HasilImporKeluarga) -> str:
    """The counts of a successful import, for the page that says it worked."""
    return _(
        "Keluarga: %(kb)s baru, %(kd)s diperbarui, %(kt)s tidak berubah. "
        "Anggota: %(ab)s baru, %(ad)s diperbarui, %(at)s tidak berubah."
    ) % {
        "kb": number_format(hasil.keluarga_baru, force_grouping=True),
        "kd": number_format(hasil.keluarga_diperbarui, force_grouping=True),
        "kt": number_format(hasil.keluarga_tetap, force_grouping=True),
        "ab": number_format(hasil.anggota_baru, force_grouping=True),
        "ad": number_format(hasil.anggota_diperbarui, force_grouping=True),
        "at": number_format(hasil.anggota_tetap, force_grouping=True),
    }
