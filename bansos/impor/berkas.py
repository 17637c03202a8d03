"""The uploaded file: stored privately at upload, then read as rows by the worker.

Rows come as lists of cell texts, looked up by column position (`Tabel.kolom`):
a million rows read twice make a dict per row a cost worth avoiding.
"""

from __future__ import annotations

import csv
import io
import logging
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

import openpyxl
from celery import Task
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError

from akun.models import User
from bansos.models import ImporPenerima, Penerima, Periode
from bansos.tasks import proses_impor_penerima
from lib.tabular import (
    BINARY_MAGIC,
    OLE2_MAGIC,
    XLSX_MAGIC,
    ImportRefused,
    RowError,
    cell_text,
    judul_kolom,
    kunci_kolom,
)
from lib.teks import ada_kendali, tanpa_kendali
from pendataan.impor import ALIASES, KOLOM_WAJIB

logger = logging.getLogger(__name__)

MAKS_UKURAN = 200 * 1024 * 1024
# A guard, not a target: the city has about 1.2 million residents.
MAKS_BARIS = 2_000_000
# Read-only openpyxl streams the sheet, so its unpacked size costs time, not memory;
# past this it is a zip bomb rather than a list.
MAKS_ISI_XLSX = 4 * 1024 * 1024 * 1024
PANJANG_KARTU = Penerima._meta.get_field("nomor_kartu").max_length

KOLOM_KARTU = "nomor_kartu"
ALIASES_PENERIMA = {
    **ALIASES,
    **{
        kunci_kolom(nama): KOLOM_KARTU
        for nama in [KOLOM_KARTU, "no kartu", "nomor kartu", "no kks", "nomor kks", "kartu"]
    },
}
ANTREAN_GAGAL = (KombuError, OSError)  # what a failed enqueue raises (see pendataan.foto)

_CSV = "csv"
_XLSX = "xlsx"

# A row: its Excel row number and its cells, or None when it has more cells than the header.
Baris = tuple[int, list[str] | None]


# ----------------------------------------------------------------- upload


def jenis_berkas(awal: bytes) -> str:
    """CSV or XLSX, told by the first bytes; anything else is refused with a ValidationError."""
    if awal.startswith(XLSX_MAGIC):
        return _XLSX
    if awal.startswith(OLE2_MAGIC):
        raise ValidationError(
            _(
                "Berkas .xls (Excel lama): buka di Excel lalu simpan sebagai "
                '"Excel Workbook (.xlsx)".'
            ),
            code="format",
        )
    teks = awal.startswith(b"\xef\xbb\xbf") or not awal.startswith(BINARY_MAGIC)
    if teks and awal.strip() and b"\x00" not in awal:
        return _CSV
    raise ValidationError(_("Format berkas tidak dikenal: unggah .xlsx atau .csv."), code="format")


def impor_penerima_mulai(*, periode: Periode, berkas: UploadedFile, oleh: User) -> ImporPenerima:
    """Store an uploaded list privately and hand it to the worker; a wrong file is refused."""
    impor = ImporPenerima(periode=periode, nama_berkas=berkas.name[-255:], dibuat_oleh=oleh)
    simpan_dan_antrekan(impor, berkas, tugas=proses_impor_penerima)
    logger.info("impor_penerima %s dimulai oleh user %s", impor.pk, oleh.pk)
    return impor


def simpan_dan_antrekan(impor: Model, berkas: UploadedFile, *, tugas: Task) -> None:
    """Any import's upload: a wrong file is refused (ValidationError), a sound one stored
    privately with the unsaved `impor` and handed to `tugas` once it is committed."""
    if berkas.size is not None and berkas.size > MAKS_UKURAN:
        raise ValidationError(
            _("Berkas lebih dari %(mb)d MB; bagi menjadi beberapa berkas.")
            % {"mb": MAKS_UKURAN // 2**20},
            code="besar",
        )
    berkas.seek(0)
    jenis = jenis_berkas(berkas.read(4096))
    berkas.seek(0)
    nama = ""
    try:
        with transaction.atomic():
            # a random private name: the uploader's file name is kept only in nama_berkas
            impor.berkas.save(f"{uuid.uuid4().hex}.{jenis}", berkas, save=False)
            nama = impor.berkas.name
            impor.save()
            impor_id = impor.pk
            transaction.on_commit(lambda: antrekan(impor_id, tugas=tugas))
    except Exception:
        if nama:
            impor.berkas.storage.delete(nama)
        raise


def antrekan(impor_id: int, *, tugas: Task = proses_impor_penerima) -> bool:
    """A broker that is down must not fail the upload: the import stays MENUNGGU."""
    try:
        tugas.delay(impor_id)
    except ANTREAN_GAGAL as exc:
        logger.warning(
            "%s %s belum masuk antrean (%s)", tugas.name, impor_id, exc.__class__.__name__
        )
        return False
    return True


def tidak_terbaca() -> ImportRefused:
    """A CSV in none of the encodings tried."""
    return ImportRefused(
        [
            RowError(
                0,
                _(
                    "Berkas tidak bisa dibaca sebagai teks CSV (UTF-8). Simpan ulang "
                    'dari Excel sebagai "CSV UTF-8 (Comma delimited)".'
                ),
            )
        ]
    )


# ---------------------------------------------------------------- reading


@dataclass
class Tabel:
    kolom: dict[str, int]  # column name (aliases resolved) -> position in a row's cells
    baris: Iterator[Baris]


def kolom_wajib(periode: Periode) -> list[str]:
    return KOLOM_WAJIB + ([KOLOM_KARTU] if periode.program.punya_nomor_kartu else [])


def encodings(impor: Model) -> Iterator[str]:
    """The encodings to try, as tabular reads CSV: UTF-8, else what Windows Excel writes."""
    yield "utf-8-sig"
    if PurePath(impor.berkas.name).suffix != f".{_XLSX}":
        yield "cp1252"


@contextmanager
def buka(impor: ImporPenerima, *, encoding: str) -> Iterator[Tabel]:
    """The stored file as a header and a stream of rows; a bad header refuses it whole."""
    with baca_tabel(
        impor.berkas,
        encoding=encoding,
        required=kolom_wajib(impor.periode),
        aliases=ALIASES_PENERIMA,
    ) as tabel:
        yield tabel


@contextmanager
def baca_tabel(
    berkas: FieldFile, *, encoding: str, required: list[str], aliases: dict[str, str]
) -> Iterator[Tabel]:
    """A stored upload (any import's) as a header and a stream of rows."""
    judul = {"required": required, "aliases": aliases}
    with berkas.storage.open(berkas.name, "rb") as fh:
        xlsx = fh.read(4).startswith(XLSX_MAGIC)
        fh.seek(0)
        if xlsx:
            workbook = _buka_xlsx(fh)
            try:
                yield _tabel_xlsx(workbook, judul=judul)
            finally:
                workbook.close()
        else:
            # The storage's own file object when it has one: Django's File wrapper would
            # be asked whether it is closed on every line read.
            yield _tabel_csv(getattr(fh, "file", fh), encoding=encoding, judul=judul)


def _kolom(header: list[str]) -> dict[str, int]:
    # judul_kolom refused duplicated names; blank headings are never looked up
    return {nama: i for i, nama in enumerate(header) if nama}


def _tabel_csv(fh, *, encoding: str, judul: dict) -> Tabel:
    teks = io.TextIOWrapper(fh, encoding=encoding, newline="")
    pertama = teks.readline()
    delimiter = ";" if pertama.count(";") > pertama.count(",") else ","
    header = judul_kolom(next(csv.reader([pertama], delimiter=delimiter), []), **judul)
    return Tabel(kolom=_kolom(header), baris=_baris_csv(teks, delimiter, len(header)))


def _baris_csv(teks, delimiter: str, lebar: int) -> Iterator[Baris]:
    reader = csv.reader(teks, delimiter=delimiter)
    kosong = [""] * lebar
    try:
        for number, values in enumerate(reader, start=2):
            n = len(values)
            if n != lebar:
                if n > lebar:
                    if "".join(values).strip():
                        yield number, None
                    continue
                values += kosong[n:]
            gabung = "".join(values)
            if not gabung or gabung.isspace():
                continue
            if ada_kendali(gabung):  # NUL bytes from a broken export: PostgreSQL refuses them
                values = [tanpa_kendali(v) for v in values]
            yield number, values
    except csv.Error as exc:
        raise ImportRefused(
            [RowError(reader.line_num + 1, _("Format CSV rusak: %(err)s") % {"err": exc})]
        ) from exc


def _rusak() -> ImportRefused:
    return ImportRefused([RowError(0, _("Berkas ini bukan lembar kerja .xlsx yang utuh (rusak)."))])


def _buka_xlsx(fh):
    try:
        with zipfile.ZipFile(fh) as arsip:
            if sum(i.file_size for i in arsip.infolist()) > MAKS_ISI_XLSX:
                raise _rusak()
        fh.seek(0)
        return openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except ImportRefused:
        raise
    except Exception as exc:  # a damaged zip or workbook fails anywhere in zipfile/openpyxl
        raise _rusak() from exc


def _tabel_xlsx(workbook, *, judul: dict) -> Tabel:
    if not workbook.worksheets:
        raise ImportRefused([RowError(0, _("Lembar kerja kosong."))])
    sheet = workbook.worksheets[0]
    rows = enumerate(_sel_xlsx(sheet), start=1)
    first = next(rows, None)
    if first is None:
        raise ImportRefused([RowError(0, _("Berkas tidak berisi baris data."))])
    header = judul_kolom(first[1], **judul)
    return Tabel(kolom=_kolom(header), baris=_baris_xlsx(rows, len(header)))


def _sel_xlsx(sheet) -> Iterator[list[str]]:
    try:
        sheet.reset_dimensions()  # the stored size is often wrong in files not made by Excel
        for cells in sheet.iter_rows(values_only=True):
            yield [cell_text(c) for c in cells]
    except Exception as exc:  # read-only openpyxl parses while iterating: damage shows here
        raise _rusak() from exc


def _baris_xlsx(rows: Iterator[tuple[int, list[str]]], lebar: int) -> Iterator[Baris]:
    for number, values in rows:
        if not any(values):
            continue
        if any(values[lebar:]):
            yield number, None
            continue
        yield number, values[:lebar] + [""] * (lebar - len(values))
