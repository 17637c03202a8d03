"""Dinsos's recipient lists: one file per program period, checked and written by a worker.

The file (CSV or XLSX shaped like a DTKS/DTSEN export, one person per row) is
stored privately and processed by Celery in two streaming passes, so a list of
a million rows needs no more memory than a few sets of numbers:

1. every row is checked (NIK, KK, kelurahan, RW, RT, card number, duplicates,
   a NIK the database has in another KK); any problem refuses the file whole;
2. only then, in one transaction, families and members not yet known are
   created and the period's list is replaced by the file's rows (the other
   periods keep theirs: that is the history of who received what when).

The column rules are the family import's (pendataan.impor). NIKs are personal
data: messages mask every number that is not itself the problem, and the log
holds ids and counts only.
"""

from __future__ import annotations

import csv
import io
import logging
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.models import ImporPenerima, Penerima, Periode, Sasaran, StatusImpor
from bansos.tasks import proses_impor_penerima
from pendataan.impor import ALIASES, KOLOM_WAJIB, Rujukan, periksa_rw_rt
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
from pendataan.nik import bersihkan, samarkan, validate_kk, validate_nik
from tabular import (
    BINARY_MAGIC,
    OLE2_MAGIC,
    XLSX_MAGIC,
    ImportRefused,
    RowError,
    cell_text,
    judul_kolom,
    kunci_kolom,
)
from wilayah.models import RW

logger = logging.getLogger(__name__)

MAKS_UKURAN = 200 * 1024 * 1024
# A guard, not a target: the city has about 1.2 million residents.
MAKS_BARIS = 2_000_000
# Read-only openpyxl streams the sheet, so its unpacked size costs time, not memory;
# past this it is a zip bomb rather than a list.
MAKS_ISI_XLSX = 4 * 1024 * 1024 * 1024
MASALAH_DISIMPAN = 1000
PROGRES_SETIAP = 5000
BATCH = 1000
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


# ------------------------------------------------------------------ reads


def impor_penerima_for(user: User) -> QuerySet[ImporPenerima]:
    """The imports a user may see: Dinsos (and superadmin) all of them, nobody else any."""
    if peran_efektif(user) in (Peran.DINSOS, Peran.SUPERADMIN):
        return ImporPenerima.objects.select_related("periode__program", "dibuat_oleh")
    return ImporPenerima.objects.none()


# ----------------------------------------------------------------- upload


def _jenis_berkas(awal: bytes) -> str:
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
    if berkas.size is not None and berkas.size > MAKS_UKURAN:
        raise ValidationError(
            _("Berkas lebih dari %(mb)d MB; bagi menjadi beberapa berkas.")
            % {"mb": MAKS_UKURAN // 2**20},
            code="besar",
        )
    berkas.seek(0)
    jenis = _jenis_berkas(berkas.read(4096))
    berkas.seek(0)
    impor = ImporPenerima(periode=periode, nama_berkas=berkas.name[-255:], dibuat_oleh=oleh)
    nama = ""
    try:
        with transaction.atomic():
            # a random private name: the uploader's file name is kept only in nama_berkas
            impor.berkas.save(f"{uuid.uuid4().hex}.{jenis}", berkas, save=False)
            nama = impor.berkas.name
            impor.save()
            impor_id = impor.pk
            transaction.on_commit(lambda: _antrekan(impor_id))
    except Exception:
        if nama:
            impor.berkas.storage.delete(nama)
        raise
    logger.info("impor_penerima %s dimulai oleh user %s", impor.pk, oleh.pk)
    return impor


def _antrekan(impor_id: int) -> bool:
    """A broker that is down must not fail the upload: the import stays MENUNGGU."""
    try:
        proses_impor_penerima.delay(impor_id)
    except ANTREAN_GAGAL as exc:
        logger.warning(
            "impor_penerima %s belum masuk antrean (%s)", impor_id, exc.__class__.__name__
        )
        return False
    return True


# ---------------------------------------------------------------- reading


def _kolom_wajib(periode: Periode) -> list[str]:
    return KOLOM_WAJIB + ([KOLOM_KARTU] if periode.program.punya_nomor_kartu else [])


def _baris_csv(fh, *, encoding: str, required: list[str]) -> Iterator[tuple[int, dict | None]]:
    teks = io.TextIOWrapper(fh, encoding=encoding, newline="")
    pertama = teks.readline()
    delimiter = ";" if pertama.count(";") > pertama.count(",") else ","
    header = judul_kolom(next(csv.reader([pertama], delimiter=delimiter), []), **_judul(required))
    reader = csv.reader(teks, delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                yield number, None
                continue
            values = values + [""] * (len(header) - len(values))
            yield number, {h: v.strip() for h, v in zip(header, values, strict=True)}
    except csv.Error as exc:
        raise ImportRefused(
            [RowError(reader.line_num + 1, _("Format CSV rusak: %(err)s") % {"err": exc})]
        ) from exc


def _baris_xlsx(fh, *, required: list[str]) -> Iterator[tuple[int, dict | None]]:
    rusak = ImportRefused(
        [RowError(0, _("Berkas ini bukan lembar kerja .xlsx yang utuh (rusak)."))]
    )
    try:
        with zipfile.ZipFile(fh) as arsip:
            if sum(i.file_size for i in arsip.infolist()) > MAKS_ISI_XLSX:
                raise rusak
        fh.seek(0)
        workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except ImportRefused:
        raise
    except Exception as exc:  # a damaged zip or workbook fails anywhere in zipfile/openpyxl
        raise rusak from exc
    try:
        if not workbook.worksheets:
            raise ImportRefused([RowError(0, _("Lembar kerja kosong."))])
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the stored size is often wrong in files not made by Excel
        header = None
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [cell_text(c) for c in cells]
            if header is None:
                if number == 1:
                    header = judul_kolom(values, **_judul(required))
                continue
            if not any(values):
                continue
            if any(values[len(header) :]):
                yield number, None
                continue
            values = values[: len(header)] + [""] * (len(header) - len(values))
            yield number, dict(zip(header, values, strict=True))
    except ImportRefused:
        raise
    except Exception as exc:  # read-only openpyxl parses while iterating: damage shows here
        raise rusak from exc
    finally:
        workbook.close()


def _judul(required: list[str]) -> dict:
    return {"required": required, "aliases": ALIASES_PENERIMA}


def _baris(impor: ImporPenerima, *, encoding: str) -> Iterator[tuple[int, dict | None]]:
    """The file's rows, one at a time: (Excel row number, values; None if it does not fit)."""
    required = _kolom_wajib(impor.periode)
    with impor.berkas.storage.open(impor.berkas.name, "rb") as fh:
        if fh.read(4).startswith(XLSX_MAGIC):
            fh.seek(0)
            yield from _baris_xlsx(fh, required=required)
        else:
            fh.seek(0)
            yield from _baris_csv(fh, encoding=encoding, required=required)


# ------------------------------------------------------------- pass 1: check


@dataclass
class _Pemeriksaan:
    program_keluarga: bool
    kartu_wajib: bool
    rujukan: Rujukan
    jumlah_masalah: int = 0
    masalah: list = field(default_factory=list)
    baris: int = 0
    # Kept for the whole file, as ints (about 60 bytes a NIK in a set against about
    # 110 as text): some 60 MB for a million rows, the price of finding a duplicate
    # anywhere in the file without a second store.
    nik_terlihat: set[int] = field(default_factory=set)
    # KK -> (RW pk, RT) of its first row: a family's rows must agree on where it lives
    # (and for a family program a second row of the KK is a duplicate).
    kk_terlihat: dict[int, tuple[int, int]] = field(default_factory=dict)
    # (row, NIK, KK) waiting to be checked against the database, BATCH at a time.
    tertunda: list[tuple[int, str, str]] = field(default_factory=list)

    def catat(self, row: int, pesan: str) -> None:
        self.jumlah_masalah += 1
        if len(self.masalah) < MASALAH_DISIMPAN:
            self.masalah.append([row, pesan])


def _periksa(impor: ImporPenerima, *, encoding: str) -> _Pemeriksaan:
    program = impor.periode.program
    p = _Pemeriksaan(
        program_keluarga=program.sasaran == Sasaran.KELUARGA,
        kartu_wajib=program.punya_nomor_kartu,
        rujukan=Rujukan.load(),
    )
    for number, row in _baris(impor, encoding=encoding):
        p.baris += 1
        if p.baris > MAKS_BARIS:
            raise ImportRefused(
                [RowError(0, _("Berkas berisi lebih dari %(n)d baris data.") % {"n": MAKS_BARIS})]
            )
        if row is None:
            p.catat(number, _("Baris punya lebih banyak kolom daripada judul kolom."))
        else:
            _periksa_baris(p, number, row)
        if len(p.tertunda) >= BATCH:
            _periksa_kk_tersimpan(p)
        if p.baris % PROGRES_SETIAP == 0:
            ImporPenerima.objects.filter(pk=impor.pk).update(baris_diproses=p.baris)
    _periksa_kk_tersimpan(p)
    if p.baris == 0:
        raise ImportRefused([RowError(0, _("Berkas tidak berisi baris data."))])
    return p


def _periksa_baris(p: _Pemeriksaan, number: int, row: dict[str, str]) -> None:
    masalah: list[str] = []
    nik = kk = None
    try:
        nik = validate_nik(row["nik"], hari_ini=p.rujukan.hari_ini).nik
    except ValueError as exc:
        masalah.append(str(exc))
    try:
        kk = validate_kk(row["nomor_kk"], hari_ini=p.rujukan.hari_ini)
    except ValueError as exc:
        masalah.append(str(exc))
    nama = " ".join(row["nama"].split())
    if not nama:
        masalah.append(_("nama kosong."))
    elif len(nama) > AnggotaKeluarga._meta.get_field("nama").max_length:
        masalah.append(_("nama terlalu panjang (maks. 150 huruf)."))
    if len(" ".join(row["alamat"].split())) > Keluarga._meta.get_field("alamat").max_length:
        masalah.append(_("alamat terlalu panjang (maks. 255 huruf)."))
    kartu = row.get(KOLOM_KARTU, "").strip()
    if p.kartu_wajib and not kartu:
        masalah.append(_("nomor kartu kosong."))
    elif len(kartu) > PANJANG_KARTU:
        masalah.append(_("nomor kartu terlalu panjang (maks. %(n)d huruf).") % {"n": PANJANG_KARTU})

    teks_kelurahan = row["kelurahan"]
    kelurahan = p.rujukan.cari_kelurahan(teks_kelurahan) if teks_kelurahan else None
    if not teks_kelurahan:
        masalah.append(_("kelurahan kosong."))
    elif kelurahan is None:
        masalah.append(
            _(
                'kelurahan "%(kel)s" tidak dikenal di Kota Pekanbaru: tulis nama atau kode '
                "Kemendagri (mis. Simpang Baru atau 14.71.08.1001)."
            )
            % {"kel": teks_kelurahan}
        )
    tempat: dict = {}
    masalah.extend(periksa_rw_rt(row["rw"], row["rt"], kelurahan, p.rujukan, tempat))

    if nik is not None:
        if int(nik) in p.nik_terlihat:
            masalah.append(_("NIK %(nik)s ganda dalam berkas.") % {"nik": samarkan(nik)})
        p.nik_terlihat.add(int(nik))
    if kk is not None:
        masalah.extend(_periksa_kk_berkas(p, kk, tempat))
        if nik is not None:
            p.tertunda.append((number, nik, kk))
    for pesan in masalah:
        p.catat(number, pesan)


def _periksa_kk_berkas(p: _Pemeriksaan, kk: str, tempat: dict) -> list[str]:
    sebelumnya = p.kk_terlihat.get(int(kk))
    if sebelumnya is not None and p.program_keluarga:
        return [
            _("KK %(kk)s ganda dalam berkas: program ini satu baris per keluarga.")
            % {"kk": samarkan(kk)}
        ]
    if "rw" not in tempat or "rt" not in tempat:
        return []
    sekarang = (tempat["rw"].pk, tempat["rt"])
    if sebelumnya is None:
        p.kk_terlihat[int(kk)] = sekarang
    elif sebelumnya != sekarang:
        return [
            _("KK %(kk)s ada di baris lain dengan RW/RT lain. Satu KK harus satu alamat.")
            % {"kk": samarkan(kk)}
        ]
    return []


def _periksa_kk_tersimpan(p: _Pemeriksaan) -> None:
    """A NIK the database has in another family than the file says is not moved: refused."""
    if not p.tertunda:
        return
    tersimpan = dict(
        AnggotaKeluarga.objects.filter(nik__in=[nik for _, nik, _ in p.tertunda]).values_list(
            "nik", "keluarga__nomor_kk"
        )
    )
    for number, nik, kk in p.tertunda:
        kk_lain = tersimpan.get(nik)
        if kk_lain is not None and kk_lain != kk:
            p.catat(number, _pesan_keluarga_lain(nik, kk_lain))
    p.tertunda.clear()


def _pesan_keluarga_lain(nik: str, kk_lain: str) -> str:
    return _(
        "NIK milik keluarga lain: NIK %(nik)s terdaftar di KK %(kk)s. Impor tidak "
        "memindahkan anggota ke KK lain: periksa nomor KK di baris ini."
    ) % {"nik": samarkan(nik), "kk": samarkan(kk_lain)}


# ------------------------------------------------------------- pass 2: write


@dataclass(frozen=True)
class _BarisSah:
    number: int
    nik: str
    kk: str
    nama: str
    alamat: str
    kartu: str
    rw: RW
    rt: int


class _BerubahSelamaImpor(Exception):
    def __init__(self, row: int, pesan: str):
        super().__init__(pesan)
        self.row, self.pesan = row, pesan


def _tulis(impor: ImporPenerima, *, encoding: str, rujukan: Rujukan) -> dict:
    periode = impor.periode
    program_keluarga = periode.program.sasaran == Sasaran.KELUARGA
    hasil = {"penerima": 0, "keluarga_baru": 0, "anggota_baru": 0, "penerima_sebelumnya": 0}
    with transaction.atomic():
        hasil["penerima_sebelumnya"] = Penerima.objects.filter(periode=periode).delete()[0]
        batch: list[tuple[int, dict]] = []
        for number, row in _baris(impor, encoding=encoding):
            batch.append((number, row))
            if len(batch) >= BATCH:
                _tulis_batch(batch, impor, program_keluarga, rujukan, hasil)
                batch = []
        _tulis_batch(batch, impor, program_keluarga, rujukan, hasil)
    return hasil


def _tulis_batch(
    batch: list[tuple[int, dict]],
    impor: ImporPenerima,
    program_keluarga: bool,
    rujukan: Rujukan,
    hasil: dict,
) -> None:
    if not batch:
        return
    baris = []  # pass 1 found every row sound
    for number, row in batch:
        tempat: dict = {}
        kelurahan = rujukan.cari_kelurahan(row["kelurahan"])
        periksa_rw_rt(row["rw"], row["rt"], kelurahan, rujukan, tempat)
        baris.append(
            _BarisSah(
                number=number,
                nik=bersihkan(row["nik"]),
                kk=bersihkan(row["nomor_kk"]),
                nama=" ".join(row["nama"].split()),
                alamat=" ".join(row["alamat"].split()),
                kartu=row.get(KOLOM_KARTU, "").strip(),
                rw=tempat["rw"],
                rt=tempat["rt"],
            )
        )

    keluarga = dict(
        Keluarga.objects.filter(nomor_kk__in={b.kk for b in baris}).values_list("nomor_kk", "pk")
    )
    baru: dict[str, Keluarga] = {}
    for b in baris:
        if b.kk not in keluarga and b.kk not in baru:
            baru[b.kk] = Keluarga(nomor_kk=b.kk, rw=b.rw, rt=b.rt, alamat=b.alamat)
    if baru:
        Keluarga.objects.bulk_create(baru.values(), batch_size=BATCH)
        keluarga.update(Keluarga.objects.filter(nomor_kk__in=baru).values_list("nomor_kk", "pk"))
        hasil["keluarga_baru"] += len(baru)

    anggota = _anggota_tersimpan([b.nik for b in baris])
    anggota_baru = []
    for b in baris:
        if b.nik in anggota:
            kk_tersimpan = anggota[b.nik][1]
            if kk_tersimpan != b.kk:  # moved by someone else since pass 1
                raise _BerubahSelamaImpor(b.number, _pesan_keluarga_lain(b.nik, kk_tersimpan))
            continue
        data_nik = validate_nik(b.nik)
        anggota_baru.append(
            AnggotaKeluarga(
                keluarga_id=keluarga[b.kk],
                nik=b.nik,
                nama=b.nama,
                hubungan=Hubungan.LAINNYA,
                jenis_kelamin=data_nik.jenis_kelamin,
                tanggal_lahir=data_nik.tanggal_lahir,
            )
        )
    if anggota_baru:
        AnggotaKeluarga.objects.bulk_create(anggota_baru, batch_size=BATCH)
        anggota.update(_anggota_tersimpan([a.nik for a in anggota_baru]))
        hasil["anggota_baru"] += len(anggota_baru)

    penerima = [
        Penerima(
            periode_id=impor.periode_id,
            keluarga_id=keluarga[b.kk],
            anggota_id=None if program_keluarga else anggota[b.nik][0],
            terdaftar_id=anggota[b.nik][0],
            nomor_kartu=b.kartu,
            impor=impor,
        )
        for b in baris
    ]
    Penerima.objects.bulk_create(penerima, batch_size=BATCH, ignore_conflicts=False)
    hasil["penerima"] += len(penerima)


def _anggota_tersimpan(semua_nik: list[str]) -> dict[str, tuple[int, str]]:
    """NIK -> (member pk, the KK it is in now)."""
    return {
        nik: (pk, kk)
        for nik, pk, kk in AnggotaKeluarga.objects.filter(nik__in=semua_nik).values_list(
            "nik", "pk", "keluarga__nomor_kk"
        )
    }


# ---------------------------------------------------------------- the job


def _tolak(impor: ImporPenerima, *, jumlah: int, masalah: list) -> None:
    ImporPenerima.objects.filter(pk=impor.pk).update(
        status=StatusImpor.DITOLAK,
        jumlah_masalah=jumlah,
        masalah=masalah[:MASALAH_DISIMPAN],
        selesai_at=timezone.now(),
    )


def _encoding(impor: ImporPenerima) -> Iterator[str]:
    """The encodings to try, as tabular reads CSV: UTF-8, else what Windows Excel writes."""
    yield "utf-8-sig"
    if PurePath(impor.berkas.name).suffix != f".{_XLSX}":
        yield "cp1252"


def impor_penerima_proses(*, impor: ImporPenerima) -> None:
    """Check the stored file, then (only if every row is sound) write the period's list."""
    diambil = ImporPenerima.objects.filter(pk=impor.pk, status=StatusImpor.MENUNGGU).update(
        status=StatusImpor.MEMERIKSA, baris_diproses=0
    )
    if not diambil:  # another worker has it (a redelivered task), or it is finished
        return
    impor.refresh_from_db()
    try:
        pemeriksaan = encoding = None
        for encoding in _encoding(impor):
            try:
                pemeriksaan = _periksa(impor, encoding=encoding)
                break
            except UnicodeDecodeError:
                continue
        if pemeriksaan is None:
            raise ImportRefused(
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
        if pemeriksaan.jumlah_masalah:
            _tolak(impor, jumlah=pemeriksaan.jumlah_masalah, masalah=pemeriksaan.masalah)
            logger.info(
                "impor_penerima %s ditolak: %d masalah", impor.pk, pemeriksaan.jumlah_masalah
            )
            return
        ImporPenerima.objects.filter(pk=impor.pk).update(
            status=StatusImpor.MENULIS, baris_total=pemeriksaan.baris, baris_diproses=0
        )
        hasil = _tulis(impor, encoding=encoding, rujukan=pemeriksaan.rujukan)
    except ImportRefused as refused:
        masalah = [[e.row, e.message] for e in refused.errors]
        _tolak(impor, jumlah=len(masalah), masalah=masalah)
        logger.info("impor_penerima %s ditolak: berkas tidak terbaca", impor.pk)
        return
    except _BerubahSelamaImpor as exc:
        _tolak(impor, jumlah=1, masalah=[[exc.row, exc.pesan]])
        logger.info("impor_penerima %s ditolak: data berubah selama impor", impor.pk)
        return
    except Exception as exc:
        # The message of a database error can quote the rows: only its class is logged.
        logger.error("impor_penerima %s gagal: %s", impor.pk, exc.__class__.__name__)
        pesan = _("Impor gagal karena kesalahan sistem; tidak ada data yang disimpan. Coba lagi.")
        _tolak(impor, jumlah=1, masalah=[[0, pesan]])
        return
    ImporPenerima.objects.filter(pk=impor.pk).update(
        status=StatusImpor.SELESAI,
        baris_diproses=pemeriksaan.baris,
        ringkasan=hasil,
        selesai_at=timezone.now(),
    )
    logger.info("impor_penerima %s selesai: %s", impor.pk, hasil)
