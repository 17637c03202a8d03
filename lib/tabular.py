"""Reading tables people send (XLSX, or CSV exported from Excel) and refusing them whole.

Every import in the portal works the same way: read all rows, collect every
problem with its row number, and write nothing unless there is none. Row
numbers are the ones a person sees in Excel: the header is row 1.
"""

from __future__ import annotations

import base64
import csv
import datetime
import io
import json
import re
import secrets
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import openpyxl
from django.contrib.sessions.backends.base import SessionBase
from django.http import Http404, HttpResponse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lib.teks import tanpa_kendali

Row = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class RowError:
    row: int  # 0 = the file as a whole
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        return _("Baris %(row)d: %(message)s") % {"row": self.row, "message": self.message}


class ImportRefused(Exception):
    """The file was refused whole; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: e.row)
        super().__init__("; ".join(str(e) for e in self.errors[:5]))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text[:4096]:  # UTF-16, or not text at all
            break
        return tanpa_kendali(text)  # a stray NUL or control character further on is dropped
    raise ImportRefused(
        [
            RowError(
                0,
                _(
                    "Berkas tidak bisa dibaca sebagai teks CSV (UTF-8). Simpan ulang dari "
                    'Excel sebagai "CSV UTF-8 (Comma delimited)".'
                ),
            )
        ]
    )


def kunci_kolom(judul: str) -> str:
    """'NI PPPK', 'ni_pppk' and 'No. HP' give 'ni pppk', 'ni pppk' and 'no hp'."""
    return " ".join(re.findall(r"[a-z0-9]+", judul.lower()))


def judul_kolom(cells: Iterable[str], *, required: list[str], aliases: dict[str, str] | None):
    """Column names from the header row (lower case, aliases resolved); refuse a bad header."""
    header = [c.strip().lower() for c in cells]
    if aliases:
        header = [aliases.get(kunci_kolom(h), h) for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportRefused(
            [RowError(1, _("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})]
        )
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        raise ImportRefused(
            [RowError(1, _("Kolom ganda: %(cols)s.") % {"cols": ", ".join(duplicated)})]
        )
    return header


def read_csv(
    data: bytes, *, required: list[str], aliases: dict[str, str] | None = None
) -> tuple[list[Row], list[RowError]]:
    """Return the rows (number, values stripped) and the rows that do not fit.

    Problems with the file as a whole (not text, empty, a required column
    missing) refuse it at once. The delimiter (comma, or semicolon as
    Indonesian Excel writes) is sniffed from the header; column names are
    matched case-insensitively. `aliases` maps other names of a column, in
    the form `kunci_kolom` gives ("no hp"), to the name the caller uses.
    """
    text = _decode(data)
    if not text.strip():
        raise ImportRefused([RowError(0, _("Berkas kosong."))])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = judul_kolom(next(reader), required=required, aliases=aliases)
        rows: list[Row] = []
        errors: list[RowError] = []
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                errors.append(
                    RowError(number, _("Baris punya lebih banyak kolom daripada judul kolom."))
                )
                continue
            values = values + [""] * (len(header) - len(values))
            rows.append((number, {h: v.strip() for h, v in zip(header, values, strict=True)}))
    except csv.Error as exc:
        raise ImportRefused(
            [RowError(reader.line_num, _("Format CSV rusak: %(err)s") % {"err": exc})]
        ) from exc
    if not rows and not errors:
        raise ImportRefused([RowError(0, _("Berkas tidak berisi baris data."))])
    return rows, errors


XLSX_MAGIC = b"PK\x03\x04"
# What people upload by mistake: PDF, images, old Excel (.xls) and Word files.
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"RIFF")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
# A few MB of zipped XML can unpack to gigabytes; no sheet of officers comes near this.
XLSX_MAX_UNPACKED = 100 * 1024 * 1024
# Excel keeps 15 significant digits: a longer number typed into a cell has lost its tail.
ANGKA_PRESISI_EXCEL = 10**15


def _format_tidak_dikenal(hint: str = "") -> ImportRefused:
    message = _("Format berkas tidak dikenal: unggah .xlsx atau .csv.")
    return ImportRefused([RowError(0, f"{message} {hint}".strip())])


def angka_excel(value: float) -> str:
    """A long number as Excel shows it (1.99003152025011E+17), never as digits it lost."""
    mantissa, exponent = f"{value:.14E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E{int(exponent):+d}"


def cell_text(value: object) -> str:
    """One cell as the text a person sees: 123 for 123.0, ISO dates, long numbers as 1.2E+17.

    A number of 16 or more digits cannot be trusted (Excel rounded it when it
    was typed), so it comes back in scientific notation: a value no digit
    check accepts, whose caller can tell the person to type it as text.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if abs(value) >= ANGKA_PRESISI_EXCEL:
            return angka_excel(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return f"{value:.15g}" if isinstance(value, float) else str(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return tanpa_kendali(str(value)).strip()  # openpyxl turns "_x0000_" into a NUL


def _too_many_rows(max_rows: int) -> ImportRefused:
    return ImportRefused(
        [
            RowError(
                0,
                _("Berkas berisi lebih dari %(max)s baris data; bagi menjadi beberapa berkas.")
                % {"max": number_format(max_rows, force_grouping=True)},
            )
        ]
    )


def read_xlsx(
    data: bytes,
    *,
    required: list[str],
    aliases: dict[str, str] | None = None,
    max_rows: int | None = None,
) -> tuple[list[Row], list[RowError]]:
    """Rows of the first sheet of an .xlsx workbook, like `read_csv` (header in row 1)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > XLSX_MAX_UNPACKED:
            raise _format_tidak_dikenal(_("Isi berkas .xlsx terlalu besar setelah dibuka."))
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportRefused:
        raise
    except Exception as exc:  # a damaged zip or workbook fails anywhere in zipfile/openpyxl/XML
        raise _format_tidak_dikenal(
            _("Berkas ini bukan lembar kerja .xlsx yang utuh (rusak, atau berkas ZIP lain).")
        ) from exc
    try:
        # read-only openpyxl parses the sheet while it is iterated: damage shows up here
        return _xlsx_rows(workbook, required=required, aliases=aliases, max_rows=max_rows)
    except ImportRefused:
        raise
    except Exception as exc:
        raise _format_tidak_dikenal(
            _("Berkas ini bukan lembar kerja .xlsx yang utuh (rusak, atau berkas ZIP lain).")
        ) from exc
    finally:
        workbook.close()


def _xlsx_rows(workbook, *, required, aliases, max_rows) -> tuple[list[Row], list[RowError]]:
    if not workbook.worksheets:
        raise ImportRefused([RowError(0, _("Lembar kerja kosong."))])
    sheet = workbook.worksheets[0]
    # The stored size of the sheet is often wrong in files not written by Excel.
    sheet.reset_dimensions()
    header: list[str] | None = None
    rows: list[Row] = []
    errors: list[RowError] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = [cell_text(c) for c in cells]
        if header is None:
            if number == 1 and any(values):
                header = judul_kolom(values, required=required, aliases=aliases)
                continue
            if any(values):
                raise ImportRefused(
                    [RowError(1, _("kosong; baris pertama harus berisi judul kolom."))]
                )
            continue
        if not any(values):
            continue
        if any(values[len(header) :]):
            errors.append(
                RowError(number, _("Baris punya isi di luar kolom yang berjudul di baris 1."))
            )
            continue
        if max_rows is not None and len(rows) + len(errors) >= max_rows:
            raise _too_many_rows(max_rows)
        values = values[: len(header)] + [""] * (len(header) - len(values))
        rows.append((number, {h: v for h, v in zip(header, values, strict=True)}))
    if header is None:
        raise ImportRefused([RowError(0, _("Lembar kerja kosong."))])
    if not rows and not errors:
        raise ImportRefused([RowError(0, _("Berkas tidak berisi baris data."))])
    return rows, errors


def read_table(
    data: bytes,
    *,
    filename: str,
    required: list[str],
    aliases: dict[str, str] | None = None,
    max_rows: int | None = None,
) -> tuple[list[Row], list[RowError]]:
    """Rows of an .xlsx workbook (first sheet) or a CSV file, told apart by content and name.

    A PDF, an image, an old .xls or a damaged workbook is refused with a
    message saying which formats are accepted. Cell values come back as the
    stripped text a person sees (see `cell_text`); row numbers are Excel's.
    """
    name = filename.lower()
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data, required=required, aliases=aliases, max_rows=max_rows)
    if data.startswith(OLE2_MAGIC) or name.endswith(".xls"):
        raise _format_tidak_dikenal(
            _(
                "Berkas .xls (Excel lama): buka di Excel lalu simpan sebagai "
                '"Excel Workbook (.xlsx)".'
            )
        )
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise _format_tidak_dikenal()
    if not name.endswith((".csv", ".txt")):
        raise _format_tidak_dikenal()
    rows, errors = read_csv(data, required=required, aliases=aliases)
    if max_rows is not None and len(rows) + len(errors) > max_rows:
        raise _too_many_rows(max_rows)
    return rows, errors


# The report of a refused file: kept in the uploader's session under a random key (so only
# the person who uploaded it can download it), the latest few only, as the session is read
# on every request.
LAPORAN_DISIMPAN = 3


def laporan_simpan(
    session: SessionBase, *, nama_sesi: str, berkas: str, errors: list[RowError]
) -> str:
    """Keep the report of a refused file in the session; returns its key for `laporan_csv`."""
    kunci = secrets.token_urlsafe(16)
    laporan = session.get(nama_sesi, {})
    laporan[kunci] = {"berkas": berkas, "isi": _kemas([[e.row, e.message] for e in errors])}
    while len(laporan) > LAPORAN_DISIMPAN:
        laporan.pop(next(iter(laporan)))
    session[nama_sesi] = laporan
    return kunci


def laporan_csv(session: SessionBase, *, nama_sesi: str, kunci: str) -> HttpResponse:
    """The report kept under `kunci` as a CSV download for Excel; Http404 if there is none."""
    laporan = session.get(nama_sesi, {}).get(kunci)
    if laporan is None:
        raise Http404
    nama = slugify(laporan["berkas"].rsplit(".", 1)[0]) or "berkas"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="laporan-impor-{nama}.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response, delimiter=";")  # the list separator of Indonesian Excel
    writer.writerow([_("baris"), _("masalah")])
    for row, message in _buka(laporan["isi"]):
        writer.writerow([row or "", _aman_untuk_excel(message)])
    return response


def _kemas(baris: list) -> str:
    # A refused file of thousands of rows can carry tens of thousands of repetitive messages.
    return base64.b64encode(zlib.compress(json.dumps(baris).encode())).decode()


def _buka(isi: str) -> list:
    return json.loads(zlib.decompress(base64.b64decode(isi)))


def _aman_untuk_excel(teks: str) -> str:
    """A message quotes the uploaded cells; Excel must not run one as a formula."""
    return "'" + teks if teks[:1] in ("=", "+", "-", "@") else teks
