"""Reading tables people send (CSV exported from Excel) and refusing them whole.

Every import in the portal works the same way: read all rows, collect every
problem with its row number, and write nothing unless there is none. Row
numbers are the ones a person sees in Excel: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

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
        if "\x00" in text:
            break
        return text
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


def read_csv(data: bytes, *, required: list[str]) -> tuple[list[Row], list[RowError]]:
    """Return the rows (number, values stripped) and the rows that do not fit.

    Problems with the file as a whole (not text, empty, a required column
    missing) refuse it at once. The delimiter (comma, or semicolon as
    Indonesian Excel writes) is sniffed from the header; column names are
    matched case-insensitively.
    """
    text = _decode(data)
    if not text.strip():
        raise ImportRefused([RowError(0, _("Berkas kosong."))])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
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
