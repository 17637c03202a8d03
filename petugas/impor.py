"""Importing officer candidates from the XLSX/CSV files the OPDs send to BKPSDM.

A candidate is a `Petugas` without an active penugasan. The file is checked
row by row and refused whole, with every problem and its Excel row number,
or written in one transaction: new NI PPPK are created, known ones updated,
identical rows left alone (importing the same file twice changes nothing).
User accounts are not made here; placement does that.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import openpyxl
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from akun.models import User
from audit.services import massal_catat, sha256_berkas, tanpa_audit_per_baris
from lib.bulk import bulk_upsert
from lib.tabular import ImportRefused, RowError, kunci_kolom, read_table
from petugas.models import OPD, JenisKelamin, Penugasan, Petugas
from petugas.ni_pppk import validate_ni_pppk
from wilayah import geo
from wilayah.models import RW, Kelurahan
from wilayah.nama import kunci_nama
from wilayah.selectors import kelurahan_cari
from wilayah.services import HasilImpor

logger = logging.getLogger(__name__)

MAKS_BARIS = 10_000
MAKS_UKURAN = 5 * 1024 * 1024
JARAK_MAKS_M = 5_000
# The template's example row starts with this; an import refuses it if it was left in.
CONTOH = "Contoh:"
BATCH = 500

KOLOM_WAJIB = ["nama", "ni_pppk", "opd", "jenis_kelamin", "kelurahan", "rw"]
KOLOM_TAMBAHAN = ["telepon", "alamat_domisili", "latitude", "longitude"]
# Other headings the OPDs use for the same column, written as `kunci_kolom` gives them.
NAMA_LAIN = {
    "nama": ["nama lengkap", "nama kandidat"],
    "ni_pppk": ["nip", "ni pppk", "nipppk", "nip pppk", "nomor induk pppk"],
    "opd": ["nama opd", "asal opd", "perangkat daerah"],
    "jenis_kelamin": ["jk", "jenis kelamin", "l p", "kelamin"],
    "kelurahan": ["kelurahan domisili", "kode kelurahan", "nama kelurahan"],
    "rw": ["rw domisili", "no rw", "nomor rw"],
    "telepon": [
        "hp",
        "no hp",
        "nomor hp",
        "telp",
        "no telp",
        "no telepon",
        "nomor telepon",
        "no wa",
        "whatsapp",
    ],
    "alamat_domisili": ["alamat", "alamat domisili"],
    "latitude": ["lat", "lintang"],
    "longitude": ["lng", "lon", "long", "bujur"],
}
ALIASES = {
    kunci_kolom(nama): kolom
    for kolom in KOLOM_WAJIB + KOLOM_TAMBAHAN
    for nama in [kolom, *NAMA_LAIN.get(kolom, [])]
}

JENIS_KELAMIN = {
    "l": JenisKelamin.LAKI_LAKI,
    "lk": JenisKelamin.LAKI_LAKI,
    "lakilaki": JenisKelamin.LAKI_LAKI,
    "pria": JenisKelamin.LAKI_LAKI,
    "p": JenisKelamin.PEREMPUAN,
    "pr": JenisKelamin.PEREMPUAN,
    "perempuan": JenisKelamin.PEREMPUAN,
    "wanita": JenisKelamin.PEREMPUAN,
}
_NOMOR_RW = re.compile(r"^(?:rw[\s.:\-]*)?0*(\d{1,3})$", re.IGNORECASE)
_PEMISAH_TELEPON = re.compile(r"[\s.\-()/]")
ENAM_DESIMAL = Decimal("0.000001")


@dataclass
class _Rujukan:
    """What the rows are checked against, loaded once per file (not once per row)."""

    opd: dict[str, OPD | None]  # loose name or abbreviation -> OPD (None: two OPDs share it)
    rw: dict[int, set[int]]  # kelurahan pk -> its RW numbers
    kelurahan: dict[str, Kelurahan | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Rujukan:
        opd: dict[str, OPD | None] = {}
        for o in OPD.objects.all():
            for kunci in {kunci_nama(o.nama), kunci_nama(o.singkatan)} - {""}:
                opd[kunci] = o if opd.get(kunci, o) == o else None
        rw: dict[int, set[int]] = {}
        for kelurahan_id, nomor in RW.objects.values_list("kelurahan_id", "nomor"):
            rw.setdefault(kelurahan_id, set()).add(nomor)
        return cls(opd=opd, rw=rw)

    def cari_kelurahan(self, teks: str) -> Kelurahan | None:
        if teks not in self.kelurahan:
            self.kelurahan[teks] = kelurahan_cari(teks=teks)
        return self.kelurahan[teks]


def kandidat_import(*, data: bytes, filename: str, oleh: User) -> HasilImpor:
    """Create or update candidates from an XLSX/CSV file; refuse it whole on any fault."""
    if len(data) > MAKS_UKURAN:
        raise ImportRefused(
            [RowError(0, _("Berkas lebih dari 5 MB; bagi menjadi beberapa berkas."))]
        )
    rows, errors = read_table(
        data, filename=filename, required=KOLOM_WAJIB, aliases=ALIASES, max_rows=MAKS_BARIS
    )
    rujukan = _Rujukan.load()
    kandidat: dict[str, dict] = {}
    baris_ni: dict[str, int] = {}
    for number, row in rows:
        problems, nilai = _periksa_baris(row, rujukan)
        ni = nilai.get("ni_pppk")
        if ni and ni in baris_ni:
            problems.append(
                _("NI PPPK %(ni)s ganda: ada di baris %(a)d dan baris %(b)d.")
                % {"ni": ni, "a": baris_ni[ni], "b": number}
            )
        elif ni:
            baris_ni[ni] = number
        if problems:
            errors.extend(RowError(number, p) for p in problems)
            continue
        kandidat[nilai.pop("ni_pppk")] = nilai
    errors.extend(_pindah_opd_saat_bertugas(kandidat, baris_ni))
    if errors:
        raise ImportRefused(errors)
    try:
        hasil = _simpan(kandidat, oleh=oleh, filename=filename, data=data)
    except IntegrityError as exc:
        # Another import added the same NI PPPK at the same moment.
        raise ImportRefused(
            [RowError(0, _("Data kandidat berubah selama impor; unggah ulang berkasnya."))]
        ) from exc
    logger.info(
        "kandidat_import %r by user %s: %d baru, %d diperbarui, %d tetap",
        filename,
        oleh.pk,
        hasil.dibuat,
        hasil.diperbarui,
        hasil.tetap,
    )
    return hasil


def _pindah_opd_saat_bertugas(kandidat: dict[str, dict], baris_ni: dict[str, int]) -> list:
    """A placed officer's OPD cannot change by import: it would bypass the OPD quotas."""
    aktif = Penugasan.objects.filter(petugas=OuterRef("pk"), selesai__isnull=True)
    bertugas = (
        Petugas.objects.filter(ni_pppk__in=list(kandidat))
        .filter(Exists(aktif))
        .values_list("ni_pppk", "opd_id", "opd__nama")
    )
    return [
        RowError(
            baris_ni[ni],
            _(
                "petugas %(ni)s sedang bertugas untuk %(opd)s; OPD-nya tidak bisa diubah lewat "
                "impor. Akhiri penempatannya dulu."
            )
            % {"ni": ni, "opd": nama_opd},
        )
        for ni, opd_id, nama_opd in bertugas
        if kandidat[ni].get("opd_id", opd_id) != opd_id
    ]


def _simpan(kandidat: dict[str, dict], *, oleh: User, filename: str, data: bytes) -> HasilImpor:
    hasil = HasilImpor()
    with transaction.atomic(), tanpa_audit_per_baris():
        semua_ni = list(kandidat)
        ada: dict[str, Petugas] = {}
        for i in range(0, len(semua_ni), BATCH):
            chunk = semua_ni[i : i + BATCH]
            ada.update(
                (p.ni_pppk, p)
                for p in Petugas.objects.select_for_update().filter(ni_pppk__in=chunk)
            )
        hasil_tulis = bulk_upsert(Petugas, key="ni_pppk", rows=kandidat, existing=ada)
        hasil.dibuat, hasil.diperbarui = len(hasil_tulis.created), len(hasil_tulis.updated)
        hasil.tetap = hasil_tulis.unchanged
        massal_catat(
            oleh=oleh,
            model=Petugas,
            nama=filename,
            sha256=sha256_berkas(data),
            jumlah={"baru": hasil.dibuat, "diperbarui": hasil.diperbarui, "tetap": hasil.tetap},
        )
    return hasil


def _periksa_baris(row: dict[str, str], rujukan: _Rujukan) -> tuple[list[str], dict]:
    """The row's problems, and its values as Petugas fields (attnames) where they are sound.

    An optional column left empty keeps what is stored: an OPD's later file
    without phone numbers does not erase them.
    """
    problems: list[str] = []
    nilai: dict = {}

    nama = row["nama"]
    if not nama:
        problems.append(_("nama kosong."))
    elif nama.lower().startswith(CONTOH.lower()):
        problems.append(_("ini baris contoh dari templat: hapus baris ini."))
    elif len(nama) > Petugas._meta.get_field("nama").max_length:
        problems.append(_("nama terlalu panjang (maks. 150 huruf)."))
    nilai["nama"] = nama

    ni = None
    try:
        ni = validate_ni_pppk(row["ni_pppk"])
    except ValueError as exc:
        problems.append(str(exc))
    else:
        nilai["ni_pppk"] = ni.nomor_induk

    teks_jk = row["jenis_kelamin"]
    jenis_kelamin = JENIS_KELAMIN.get(kunci_nama(teks_jk))
    if not teks_jk:
        problems.append(_("jenis kelamin kosong: tulis L atau P."))
    elif jenis_kelamin is None:
        problems.append(
            _('jenis kelamin "%(jk)s" tidak dikenal: tulis L atau P.') % {"jk": teks_jk}
        )
    elif ni is not None and ni.jenis_kelamin != jenis_kelamin:
        problems.append(
            _(
                "jenis kelamin %(jk)s tidak cocok dengan NI PPPK %(ni)s (digit ke-15 "
                "menunjukkan %(menurut_ni)s)."
            )
            % {
                "jk": JenisKelamin(jenis_kelamin).label,
                "ni": ni.nomor_induk,
                "menurut_ni": JenisKelamin(ni.jenis_kelamin).label.lower(),
            }
        )
    nilai["jenis_kelamin"] = jenis_kelamin

    teks_opd = row["opd"]
    opd = rujukan.opd.get(kunci_nama(teks_opd))
    if not teks_opd:
        problems.append(_("OPD kosong."))
    elif opd is None:
        problems.append(
            _(
                'OPD "%(opd)s" tidak dikenal. Tulis nama atau singkatan OPD seperti di lembar '
                '"Referensi" templat; OPD baru ditambahkan BKPSDM di halaman OPD.'
            )
            % {"opd": teks_opd}
        )
    else:
        nilai["opd_id"] = opd.pk

    teks_kelurahan = row["kelurahan"]
    kelurahan = rujukan.cari_kelurahan(teks_kelurahan) if teks_kelurahan else None
    if not teks_kelurahan:
        problems.append(_("kelurahan kosong."))
    elif kelurahan is None:
        problems.append(
            _(
                'kelurahan "%(kel)s" tidak dikenal: tulis nama atau kode Kemendagri '
                '(mis. 14.71.08.1001) seperti di lembar "Referensi" templat.'
            )
            % {"kel": teks_kelurahan}
        )
    else:
        nilai["kelurahan_domisili_id"] = kelurahan.pk

    problems.extend(_periksa_rw(row["rw"], kelurahan, rujukan, nilai))
    problems.extend(_periksa_tambahan(row, kelurahan, nilai))
    return problems, nilai


def _periksa_rw(teks: str, kelurahan: Kelurahan | None, rujukan: _Rujukan, nilai: dict):
    cocok = _NOMOR_RW.match(teks)
    if not teks:
        return [_("RW kosong.")]
    if not cocok or int(cocok.group(1)) == 0:
        return [_('RW "%(rw)s" tidak sah: tulis nomornya, mis. 3 atau RW 003.') % {"rw": teks}]
    nomor = int(cocok.group(1))
    nilai["rw_domisili"] = nomor
    if kelurahan is None:
        return []
    terdaftar = rujukan.rw.get(kelurahan.pk, set())
    if nomor in terdaftar:
        return []
    if terdaftar:
        daftar = ", ".join(str(n) for n in sorted(terdaftar))
        return [
            _("RW %(rw)d tidak ada di kelurahan %(kel)s (RW yang terdaftar: %(daftar)s).")
            % {"rw": nomor, "kel": kelurahan.nama, "daftar": daftar}
        ]
    return [
        _("RW %(rw)d tidak ada di kelurahan %(kel)s (belum ada RW terdaftar di kelurahan ini).")
        % {"rw": nomor, "kel": kelurahan.nama}
    ]


def _periksa_tambahan(row: dict[str, str], kelurahan: Kelurahan | None, nilai: dict):
    problems = []
    if teks := row.get("telepon", ""):
        telepon = normalize_telepon(teks)
        if telepon is None:
            problems.append(
                _(
                    'nomor telepon "%(hp)s" tidak sah: tulis 8-15 digit diawali 0 atau +62, '
                    "mis. 081234567890."
                )
                % {"hp": teks}
            )
        else:
            nilai["telepon"] = telepon

    if alamat := row.get("alamat_domisili", ""):
        if len(alamat) > Petugas._meta.get_field("alamat_domisili").max_length:
            problems.append(_("alamat domisili terlalu panjang (maks. 255 huruf)."))
        nilai["alamat_domisili"] = alamat
    return problems + _periksa_koordinat(row, kelurahan, nilai)


def _periksa_koordinat(row: dict[str, str], kelurahan: Kelurahan | None, nilai: dict):
    teks_lat, teks_lng = row.get("latitude", ""), row.get("longitude", "")
    if not teks_lat and not teks_lng:
        return []
    if not teks_lat or not teks_lng:
        return [_("isi latitude dan longitude keduanya, atau kosongkan keduanya.")]
    lat, lng = _koordinat(teks_lat), _koordinat(teks_lng)
    if lat is not None and lng is not None and abs(lat) > 90 and abs(lng) <= 90:
        return [
            _("latitude %(lat)s di luar -90..90: latitude dan longitude tertukar?")
            % {"lat": teks_lat}
        ]
    problems = []
    if lat is None or abs(lat) > 90:
        problems.append(
            _('latitude "%(v)s" tidak sah (mis. 0,4712 atau 0.4712).') % {"v": teks_lat}
        )
    if lng is None or abs(lng) > 180:
        problems.append(
            _('longitude "%(v)s" tidak sah (mis. 101,4478 atau 101.4478).') % {"v": teks_lng}
        )
    if problems:
        return problems
    if kelurahan is not None and kelurahan.batas:
        jarak = geo.jarak_ke_batas_m(kelurahan.batas, float(lat), float(lng))
        if jarak > JARAK_MAKS_M:
            return [
                _(
                    "titik %(lat)s, %(lng)s berjarak %(km)s km dari batas kelurahan %(kel)s "
                    "(paling jauh 5 km)."
                )
                % {
                    "lat": teks_lat,
                    "lng": teks_lng,
                    "km": f"{jarak / 1000:.1f}",
                    "kel": kelurahan.nama,
                }
            ]
    nilai["latitude"], nilai["longitude"] = lat, lng
    return []


def normalize_telepon(teks: str) -> str | None:
    """An Indonesian phone number as digits starting with 0 (0812..., 0761...), or None."""
    nomor = _PEMISAH_TELEPON.sub("", teks)
    if nomor.startswith("+62"):
        nasional = nomor[3:]
    elif nomor.startswith("62"):
        nasional = nomor[2:]
    elif nomor.startswith("0"):
        nasional = nomor[1:]
    elif nomor.startswith("8"):
        nasional = nomor  # a number cell in Excel drops the leading 0 of 0812...
    else:
        return None
    if not (nasional.isascii() and nasional.isdigit()) or nasional.startswith("0"):
        return None
    nomor = "0" + nasional
    return nomor if 8 <= len(nomor) <= 15 else None


def _koordinat(teks: str) -> Decimal | None:
    teks = teks.replace(" ", "")
    if teks.count(",") == 1 and "." not in teks:
        teks = teks.replace(",", ".")  # Indonesian Excel writes 0,4712
    try:
        nilai = Decimal(teks)
    except InvalidOperation:
        return None
    if not nilai.is_finite() or abs(nilai) > 180:
        return None
    return nilai.quantize(ENAM_DESIMAL, rounding=ROUND_HALF_UP)


def kandidat_templat_xlsx() -> bytes:
    """The workbook OPDs fill in: the columns, one example row, and the names to copy.

    NI PPPK and telepon are text columns ("@"): typed as numbers, Excel would
    round an 18-digit NI PPPK and drop a phone number's leading 0.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kandidat"
    kolom = KOLOM_WAJIB + KOLOM_TAMBAHAN
    sheet.append(kolom)
    opd = OPD.objects.order_by("nama").first()
    sheet.append(
        [
            CONTOH + " Siti Aminah (hapus baris ini)",
            "199203152025012001",
            opd.nama if opd else "Dinas Lingkungan Hidup dan Kebersihan",
            "P",
            "Simpangbaru",
            "1",
            "081234567890",
            "Jl. Contoh No. 1, RT 002",
            "",
            "",
        ]
    )
    tebal, miring = Font(bold=True), Font(italic=True, color="5F6368")
    for index, nama in enumerate(kolom, start=1):
        huruf = get_column_letter(index)
        sheet[f"{huruf}1"].font = tebal
        sheet[f"{huruf}2"].font = miring
        sheet.column_dimensions[huruf].width = max(14, len(nama) + 4)
        if nama in ("ni_pppk", "telepon"):
            sheet.column_dimensions[huruf].number_format = "@"
            sheet[f"{huruf}2"].number_format = "@"
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["C"].width = 36
    sheet.freeze_panes = "A2"
    huruf_jk = get_column_letter(kolom.index("jenis_kelamin") + 1)
    pilihan_jk = DataValidation(type="list", formula1='"L,P"', allow_blank=True)
    pilihan_jk.add(f"{huruf_jk}2:{huruf_jk}{MAKS_BARIS + 1}")
    sheet.add_data_validation(pilihan_jk)

    referensi = workbook.create_sheet("Referensi")
    referensi.append(
        [
            _("OPD"),
            _("singkatan"),
            "",
            _("kode kelurahan"),
            _("kelurahan"),
            _("kecamatan"),
            _("RW terdaftar"),
        ]
    )
    for cell in referensi[1]:
        cell.font = tebal
    rw: dict[int, list[int]] = {}
    for kelurahan_id, nomor in RW.objects.order_by("nomor").values_list("kelurahan_id", "nomor"):
        rw.setdefault(kelurahan_id, []).append(nomor)
    daftar_opd = list(OPD.objects.order_by("nama").values_list("nama", "singkatan"))
    daftar_kelurahan = list(Kelurahan.objects.select_related("kecamatan").order_by("kode"))
    for baris in range(max(len(daftar_opd), len(daftar_kelurahan))):
        nilai = ["", "", ""]
        if baris < len(daftar_opd):
            nilai[0:2] = daftar_opd[baris]
        if baris < len(daftar_kelurahan):
            k = daftar_kelurahan[baris]
            nilai += [k.kode, k.nama, k.kecamatan.nama, ", ".join(map(str, rw.get(k.pk, [])))]
        referensi.append(nilai)
    for huruf, lebar in zip("ABCDEFG", (44, 14, 3, 16, 22, 18, 30), strict=True):
        referensi.column_dimensions[huruf].width = lebar
    referensi.freeze_panes = "A2"

    keluaran = io.BytesIO()
    workbook.save(keluaran)
    return keluaran.getvalue()
