"""Importing families and their members from Dinsos's files shaped like DTKS/DTSEN exports.

One row per person; the rows with the same nomor_kk are one family (one KK),
whose address, RT, RW and kelurahan must agree. The file is checked row by
row and refused whole, with every problem and its Excel row number, or
written in one transaction: new KK and NIK are created, known ones updated,
identical rows left alone (importing the same file twice changes nothing). A
NIK already in another family is reported, never moved.

NIKs are personal data: a message shows a whole number only where its digits
are the problem (an invalid NIK); elsewhere numbers are masked, and the log
holds counts and the user's id only.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akun.models import User
from dasbor.tandai import ringkasan_tandai
from lib.bulk import bulk_upsert
from lib.tabular import ImportRefused, RowError, kunci_kolom, read_table
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
from pendataan.nik import Nik, bersihkan, samarkan, validate_kk, validate_nik
from petugas.impor import JENIS_KELAMIN as JENIS_KELAMIN_TEKS
from petugas.models import JenisKelamin
from wilayah.models import RW, Kelurahan
from wilayah.nama import kunci_nama
from wilayah.selectors import kelurahan_cari

logger = logging.getLogger(__name__)

MAKS_BARIS = 50_000
MAKS_UKURAN = 20 * 1024 * 1024
BATCH = 500
TAHUN_LAHIR_PALING_AWAL = 1900

KOLOM_WAJIB = ["nik", "nama", "nomor_kk", "alamat", "rt", "rw", "kelurahan"]
KOLOM_TAMBAHAN = ["jenis_kelamin", "tanggal_lahir", "hubungan"]
# Other headings of the same column in DTKS/DTSEN exports and hand-made lists, written as
# `kunci_kolom` gives them. No code columns ("kode desa"): an export that has both the
# code and the name of the kelurahan would have two "kelurahan" columns.
NAMA_LAIN = {
    "nik": ["no nik", "nomor nik", "nik art", "nomor induk kependudukan"],
    "nama": ["nama lengkap", "nama art", "nama anggota"],
    "nomor_kk": ["no kk", "nokk", "nkk", "nomor kk", "no kartu keluarga", "nomor kartu keluarga"],
    "alamat": ["alamat lengkap", "alamat rumah"],
    "rt": ["no rt", "nomor rt"],
    "rw": ["no rw", "nomor rw"],
    "kelurahan": ["desa", "desa kelurahan", "kelurahan desa", "nama kelurahan", "nama desa"],
    "jenis_kelamin": ["jk", "jenis kelamin", "kelamin", "l p"],
    "tanggal_lahir": ["tgl lahir", "tanggal lahir", "tgl lhr"],
    "hubungan": [
        "hubungan keluarga",
        "hub kel",
        "hub keluarga",
        "hubungan dalam keluarga",
        "hubungan dengan kepala keluarga",
        "status hubungan dalam keluarga",
        "shdk",
    ],
}
ALIASES = {
    kunci_kolom(nama): kolom
    for kolom in KOLOM_WAJIB + KOLOM_TAMBAHAN
    for nama in [kolom, *NAMA_LAIN.get(kolom, [])]
}

# Dukcapil and DTKS write 1 for laki-laki and 2 for perempuan.
JENIS_KELAMIN = {
    **JENIS_KELAMIN_TEKS,
    "1": JenisKelamin.LAKI_LAKI,
    "2": JenisKelamin.PEREMPUAN,
}
# The words of the KK's "status hubungan dalam keluarga" and of DTKS's "hubungan dengan
# kepala rumah tangga", matched by `kunci_nama` (case, spaces and slashes do not count).
HUBUNGAN_TEKS = {
    Hubungan.KEPALA: ["kepala keluarga", "kepala", "kepala rumah tangga", "krt", "kk"],
    Hubungan.PASANGAN: ["istri", "isteri", "suami", "suami/istri", "istri/suami", "pasangan"],
    Hubungan.ANAK: ["anak", "anak kandung", "anak angkat", "anak tiri"],
    Hubungan.MENANTU: ["menantu"],
    Hubungan.CUCU: ["cucu"],
    # DTKS has one answer for both; the parents of the head are the usual case.
    Hubungan.ORANG_TUA: ["orang tua", "ayah", "ibu", "orang tua/mertua"],
    Hubungan.MERTUA: ["mertua"],
    Hubungan.FAMILI: ["famili lain", "famili", "famili lainnya", "saudara", "keluarga lain"],
    Hubungan.LAINNYA: ["lainnya", "lain-lain", "pembantu", "pembantu rumah tangga"],
}
HUBUNGAN = {
    kunci_nama(t): hubungan
    for hubungan, teks in HUBUNGAN_TEKS.items()
    for t in [hubungan.value, *teks]
}
_NOMOR_RT = re.compile(r"^(?:rt[\s.:\-]*)?0*(\d{1,3})$", re.IGNORECASE)
_NOMOR_RW = re.compile(r"^(?:rw[\s.:\-]*)?0*(\d{1,3})$", re.IGNORECASE)
_KODE_KELURAHAN_TANPA_TITIK = re.compile(r"^\d{10}$")
_HH_BB_TTTT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TTTT_BB_HH = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_SERIAL_EXCEL = re.compile(r"^\d{1,5}$")
EXCEL_HARI_NOL = datetime.date(1899, 12, 30)
# The parts of a family's address its rows must agree on (translated only for a message).
KOLOM_ALAMAT = (
    gettext_lazy("kelurahan"),
    gettext_lazy("RW"),
    gettext_lazy("RT"),
    gettext_lazy("alamat"),
)


@dataclass
class HasilImporKeluarga:
    keluarga_baru: int = 0
    keluarga_diperbarui: int = 0
    keluarga_tetap: int = 0
    anggota_baru: int = 0
    anggota_diperbarui: int = 0
    anggota_tetap: int = 0

    @property
    def diperbarui(self) -> int:
        return self.keluarga_diperbarui + self.anggota_diperbarui

    @property
    def tetap(self) -> int:
        return self.keluarga_tetap + self.anggota_tetap


@dataclass
class Rujukan:
    """What the rows are checked against, loaded once per file (not once per row)."""

    rw: dict[tuple[int, int], RW]  # (kelurahan pk, RW number) -> RW
    hari_ini: datetime.date
    kelurahan: dict[str, Kelurahan | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Rujukan:
        return cls(
            rw={(rw.kelurahan_id, rw.nomor): rw for rw in RW.objects.all()},
            hari_ini=timezone.localdate(),
        )

    def cari_kelurahan(self, teks: str) -> Kelurahan | None:
        if _KODE_KELURAHAN_TANPA_TITIK.match(teks):  # DTKS writes 1471081001
            teks = f"{teks[0:2]}.{teks[2:4]}.{teks[4:6]}.{teks[6:]}"
        if teks not in self.kelurahan:
            self.kelurahan[teks] = kelurahan_cari(teks=teks)
        return self.kelurahan[teks]

    def nomor_rw(self, kelurahan: Kelurahan) -> list[int]:
        return sorted(nomor for kel, nomor in self.rw if kel == kelurahan.pk)


@dataclass
class _Baris:
    """One row's sound values; a value left out is kept as stored (or derived for a new one)."""

    number: int
    nik: str
    nomor_kk: str
    nilai: dict  # AnggotaKeluarga fields: nama, jenis_kelamin, and hubungan/tanggal_lahir if given
    tanggal_lahir_nik: datetime.date


def keluarga_import(*, data: bytes, filename: str, oleh: User) -> HasilImporKeluarga:
    """Create or update families and members from an XLSX/CSV file; refuse it whole on any fault."""
    if len(data) > MAKS_UKURAN:
        raise ImportRefused(
            [RowError(0, _("Berkas lebih dari 20 MB; bagi menjadi beberapa berkas."))]
        )
    try:
        rows, errors = read_table(
            data, filename=filename, required=KOLOM_WAJIB, aliases=ALIASES, max_rows=MAKS_BARIS
        )
        rujukan = Rujukan.load()
        baris_sah: list[_Baris] = []
        keluarga: dict[str, dict] = {}  # nomor KK -> Keluarga fields, from its rows
        acuan: dict[str, dict] = {}  # nomor KK -> field -> (value as compared, as shown, row)
        baris_nik: dict[str, int] = {}
        nik_kk: list[tuple[int, str, str]] = []  # (row, NIK, KK) to check against the database
        for number, row in rows:
            problems, nilai = _periksa_baris(row, rujukan)
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
                    _periksa_keluarga(acuan.setdefault(nomor_kk, {}), nomor_kk, number, nilai)
                )
                if nik:
                    nik_kk.append((number, nik.nik, nomor_kk))
            if problems:
                errors.extend(RowError(number, p) for p in problems)
                continue
            _gabung_keluarga(keluarga.setdefault(nomor_kk, {}), nilai)
            baris_sah.append(
                _Baris(
                    number=number,
                    nik=nik.nik,
                    nomor_kk=nomor_kk,
                    nilai=nilai["anggota"],
                    tanggal_lahir_nik=nik.tanggal_lahir,
                )
            )
        semua_nik = [nik for _, nik, _ in nik_kk]
        if errors:  # refused already: report the moves too, without taking the write lock
            errors.extend(_periksa_pindah_kk(nik_kk, _anggota_ada(semua_nik, kunci=False)))
            raise ImportRefused(errors)
        with transaction.atomic():
            ada_keluarga = _keluarga_ada(list(keluarga))
            ada_anggota = _anggota_ada(semua_nik, kunci=True)
            errors.extend(_periksa_pindah_kk(nik_kk, ada_anggota))
            if errors:
                raise ImportRefused(errors)
            hasil = _simpan(keluarga, baris_sah, ada_keluarga, ada_anggota)
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


def _gabung_keluarga(keluarga: dict, nilai: dict) -> None:
    """The family's fields from its (agreeing) rows: the first address written wins."""
    keluarga.setdefault("rw_id", nilai["rw"].pk)
    keluarga.setdefault("rt", nilai["rt"])
    if nilai["alamat"]:
        keluarga.setdefault("alamat", nilai["alamat"])


def _periksa_keluarga(acuan: dict, nomor_kk: str, number: int, nilai: dict) -> list[str]:
    """Compare a row's address with the first row of its KK that had each part sound."""
    bagian = []
    if kelurahan := nilai.get("kelurahan"):
        bagian.append((KOLOM_ALAMAT[0], kelurahan.pk, kelurahan.nama))
    if rw := nilai.get("rw_nomor"):
        bagian.append((KOLOM_ALAMAT[1], rw, f"{rw:02d}"))
    if rt := nilai.get("rt"):
        bagian.append((KOLOM_ALAMAT[2], rt, f"{rt:02d}"))
    if alamat := nilai.get("alamat"):
        bagian.append((KOLOM_ALAMAT[3], alamat.casefold(), f'"{alamat}"'))
    problems = []
    for kolom, pembanding, teks in bagian:
        if kolom not in acuan:
            acuan[kolom] = (pembanding, teks, number)
            continue
        pembanding_lain, teks_lain, row = acuan[kolom]
        if pembanding != pembanding_lain:
            problems.append(
                _(
                    "KK %(kk)s juga ada di baris %(row)d dengan %(kolom)s lain: %(ini)s di sini, "
                    "%(itu)s di baris %(row)d. Satu KK harus satu alamat."
                )
                % {
                    "kk": samarkan(nomor_kk),
                    "row": row,
                    "kolom": kolom,
                    "ini": teks,
                    "itu": teks_lain,
                }
            )
    return problems


def _keluarga_ada(semua_kk: list[str]) -> dict[str, Keluarga]:
    ada: dict[str, Keluarga] = {}
    for i in range(0, len(semua_kk), BATCH):
        chunk = semua_kk[i : i + BATCH]
        ada.update(
            (k.nomor_kk, k) for k in Keluarga.objects.select_for_update().filter(nomor_kk__in=chunk)
        )
    return ada


def _anggota_ada(semua_nik: list[str], *, kunci: bool) -> dict[str, AnggotaKeluarga]:
    """Members by NIK, each with `nomor_kk_tersimpan`: the KK they are in now.

    `kunci` locks them until the end of the caller's transaction (to be written).
    """
    anggota = AnggotaKeluarga.objects.annotate(nomor_kk_tersimpan=F("keluarga__nomor_kk"))
    if kunci:
        anggota = anggota.select_for_update(of=("self",))
    ada: dict[str, AnggotaKeluarga] = {}
    for i in range(0, len(semua_nik), BATCH):
        ada.update((a.nik, a) for a in anggota.filter(nik__in=semua_nik[i : i + BATCH]))
    return ada


def _periksa_pindah_kk(
    nik_kk: list[tuple[int, str, str]], ada: dict[str, AnggotaKeluarga]
) -> list[RowError]:
    errors = []
    for number, nik, nomor_kk in nik_kk:
        anggota = ada.get(nik)
        if anggota is not None and anggota.nomor_kk_tersimpan != nomor_kk:
            errors.append(
                RowError(
                    number,
                    _(
                        "NIK %(nik)s sudah terdaftar di KK lain (%(kk)s). Impor tidak "
                        "memindahkan anggota ke KK lain: periksa nomor KK di baris ini."
                    )
                    % {"nik": samarkan(nik), "kk": samarkan(anggota.nomor_kk_tersimpan)},
                )
            )
    return errors


def _simpan(
    keluarga: dict[str, dict],
    baris: list[_Baris],
    ada_keluarga: dict[str, Keluarga],
    ada_anggota: dict[str, AnggotaKeluarga],
) -> HasilImporKeluarga:
    """Write in bulk, inside the caller's transaction (the rows found were locked there)."""
    hasil = HasilImporKeluarga()
    now = timezone.now()

    # the RWs the families are in now, and those a moved family leaves
    ringkasan_tandai(
        rw_ids=[*(k["rw_id"] for k in keluarga.values()), *(k.rw_id for k in ada_keluarga.values())]
    )
    tulis = bulk_upsert(Keluarga, key="nomor_kk", rows=keluarga, existing=ada_keluarga)
    baru = tulis.created
    hasil.keluarga_baru, hasil.keluarga_diperbarui = len(baru), len(tulis.updated)
    hasil.keluarga_tetap = tulis.unchanged
    pk_keluarga = {k.nomor_kk: k.pk for k in [*ada_keluarga.values(), *baru]}
    if None in pk_keluarga.values():  # a database that does not return the new ids
        pk_keluarga.update(
            Keluarga.objects.filter(nomor_kk__in=[k.nomor_kk for k in baru]).values_list(
                "nomor_kk", "pk"
            )
        )

    anggota_baru: list[AnggotaKeluarga] = []
    anggota_berubah: list[AnggotaKeluarga] = []
    kolom_berubah = set()
    for b in baris:
        a = ada_anggota.get(b.nik)
        if a is None:
            nilai = {
                "hubungan": Hubungan.LAINNYA,
                "tanggal_lahir": b.tanggal_lahir_nik,
                **b.nilai,
            }
            anggota_baru.append(
                AnggotaKeluarga(nik=b.nik, keluarga_id=pk_keluarga[b.nomor_kk], **nilai)
            )
            continue
        nilai = dict(b.nilai)
        if a.tanggal_lahir is None:
            nilai.setdefault("tanggal_lahir", b.tanggal_lahir_nik)
        beda = [f for f, v in nilai.items() if getattr(a, f) != v]
        if not beda:
            hasil.anggota_tetap += 1
            continue
        for f in beda:
            setattr(a, f, nilai[f])
        a.updated_at = now
        anggota_berubah.append(a)
        kolom_berubah.update(beda)
    AnggotaKeluarga.objects.bulk_create(anggota_baru, batch_size=BATCH)
    if anggota_berubah:
        AnggotaKeluarga.objects.bulk_update(
            anggota_berubah, fields=sorted(kolom_berubah | {"updated_at"}), batch_size=BATCH
        )
    hasil.anggota_baru, hasil.anggota_diperbarui = len(anggota_baru), len(anggota_berubah)
    return hasil


def _periksa_baris(row: dict[str, str], rujukan: Rujukan) -> tuple[list[str], dict]:
    """The row's problems, and its values where they are sound.

    `nilai` holds "nik_kunci" (the NIK's 16 digits, to find duplicates even of
    an invalid one), "nik" (a Nik) and "nomor_kk" when valid, "kelurahan",
    "rw_nomor", "rw", "rt", "alamat" for the family, and "anggota" (the
    member's fields) when the row is sound.
    """
    problems: list[str] = []
    kunci = bersihkan(row["nik"])
    nilai: dict = {
        "nik_kunci": kunci if len(kunci) == 16 and kunci.isascii() and kunci.isdigit() else ""
    }
    anggota: dict = {}

    nama = " ".join(row["nama"].split())
    if not nama:
        problems.append(_("nama kosong."))
    elif len(nama) > AnggotaKeluarga._meta.get_field("nama").max_length:
        problems.append(_("nama terlalu panjang (maks. 150 huruf)."))
    anggota["nama"] = nama

    teks_jk = row.get("jenis_kelamin", "")
    jenis_kelamin = JENIS_KELAMIN.get(kunci_nama(teks_jk)) if teks_jk else None
    if teks_jk and jenis_kelamin is None:
        problems.append(
            _('jenis kelamin "%(jk)s" tidak dikenal: tulis L atau P.') % {"jk": teks_jk}
        )
    nik = None
    try:
        nik = validate_nik(row["nik"], jenis_kelamin=jenis_kelamin, hari_ini=rujukan.hari_ini)
    except ValueError as exc:
        problems.append(str(exc))
    else:
        nilai["nik"] = nik
        anggota["jenis_kelamin"] = nik.jenis_kelamin

    problems.extend(_periksa_tanggal_lahir(row.get("tanggal_lahir", ""), nik, rujukan, anggota))

    if teks_hubungan := row.get("hubungan", ""):
        hubungan = _hubungan(teks_hubungan)
        if hubungan is None:
            problems.append(
                _(
                    'hubungan "%(h)s" tidak dikenal: tulis mis. KEPALA KELUARGA, ISTRI, SUAMI, '
                    "ANAK, MENANTU, CUCU, ORANG TUA, MERTUA, FAMILI LAIN atau LAINNYA."
                )
                % {"h": teks_hubungan}
            )
        else:
            anggota["hubungan"] = hubungan

    try:
        nilai["nomor_kk"] = validate_kk(row["nomor_kk"], hari_ini=rujukan.hari_ini)
    except ValueError as exc:
        problems.append(str(exc))

    alamat = " ".join(row["alamat"].split())
    if len(alamat) > Keluarga._meta.get_field("alamat").max_length:
        problems.append(_("alamat terlalu panjang (maks. 255 huruf)."))
    nilai["alamat"] = alamat

    teks_kelurahan = row["kelurahan"]
    kelurahan = rujukan.cari_kelurahan(teks_kelurahan) if teks_kelurahan else None
    if not teks_kelurahan:
        problems.append(_("kelurahan kosong."))
    elif kelurahan is None:
        problems.append(
            _(
                'kelurahan "%(kel)s" tidak dikenal di Kota Pekanbaru: tulis nama atau kode '
                "Kemendagri (mis. Simpang Baru atau 14.71.08.1001)."
            )
            % {"kel": teks_kelurahan}
        )
    else:
        nilai["kelurahan"] = kelurahan
    problems.extend(periksa_rw_rt(row["rw"], row["rt"], kelurahan, rujukan, nilai))
    if not problems:
        nilai["anggota"] = anggota
    return problems, nilai


def _periksa_tanggal_lahir(
    teks: str, nik: Nik | None, rujukan: Rujukan, anggota: dict
) -> list[str]:
    if not teks:
        return []
    tanggal = baca_tanggal(teks)
    if tanggal is None:
        return [
            _(
                'tanggal lahir "%(t)s" tidak sah: tulis HH-BB-TTTT, HH/BB/TTTT atau TTTT-BB-HH, '
                "mis. 15-03-1990."
            )
            % {"t": teks}
        ]
    if tanggal.year < TAHUN_LAHIR_PALING_AWAL or tanggal > rujukan.hari_ini:
        return [
            _("tanggal lahir %(t)s tidak mungkin (belum lewat atau sebelum tahun 1900).")
            % {"t": f"{tanggal:%d-%m-%Y}"}
        ]
    if nik is not None:
        menurut_nik = nik.tanggal_lahir
        if (tanggal.day, tanggal.month, tanggal.year % 100) != (
            menurut_nik.day,
            menurut_nik.month,
            menurut_nik.year % 100,
        ):
            return [
                _(
                    "tanggal lahir %(t)s tidak cocok dengan NIK: digit 7-12 (%(d)s) menunjukkan "
                    "%(nik)s (HH-BB-TT)."
                )
                % {
                    "t": f"{tanggal:%d-%m-%Y}",
                    "d": nik.nik[6:12],
                    "nik": f"{menurut_nik:%d-%m-%y}",
                }
            ]
    # The given date settles the century the NIK's two digits leave open.
    anggota["tanggal_lahir"] = tanggal
    return []


def periksa_rw_rt(
    teks_rw: str, teks_rt: str, kelurahan: Kelurahan | None, rujukan: Rujukan, nilai: dict
) -> list[str]:
    problems = []
    rt = None
    cocok_rt = _NOMOR_RT.match(teks_rt)
    if not teks_rt:
        problems.append(_("RT kosong."))
    elif not cocok_rt or int(cocok_rt.group(1)) == 0:
        problems.append(
            _('RT "%(rt)s" tidak sah: tulis nomornya, mis. 3 atau RT 003.') % {"rt": teks_rt}
        )
    else:
        rt = nilai["rt"] = int(cocok_rt.group(1))

    cocok_rw = _NOMOR_RW.match(teks_rw)
    if not teks_rw:
        return [*problems, _("RW kosong.")]
    if not cocok_rw or int(cocok_rw.group(1)) == 0:
        return [
            *problems,
            _('RW "%(rw)s" tidak sah: tulis nomornya, mis. 3 atau RW 003.') % {"rw": teks_rw},
        ]
    nomor = nilai["rw_nomor"] = int(cocok_rw.group(1))
    if kelurahan is None:
        return problems
    rw = rujukan.rw.get((kelurahan.pk, nomor))
    if rw is None:
        terdaftar = rujukan.nomor_rw(kelurahan)
        if terdaftar:
            return [
                *problems,
                _("RW %(rw)d tidak ada di kelurahan %(kel)s (RW yang terdaftar: %(daftar)s).")
                % {
                    "rw": nomor,
                    "kel": kelurahan.nama,
                    "daftar": ", ".join(str(n) for n in terdaftar),
                },
            ]
        return [
            *problems,
            _("RW %(rw)d tidak ada di kelurahan %(kel)s (belum ada RW terdaftar di kelurahan ini).")
            % {"rw": nomor, "kel": kelurahan.nama},
        ]
    nilai["rw"] = rw
    if rt is not None and rw.jumlah_rt is not None and rt > rw.jumlah_rt:
        problems.append(
            _("RT %(rt)d tidak ada di RW %(rw)02d (RT 1–%(n)d).")
            % {"rt": rt, "rw": nomor, "n": rw.jumlah_rt}
        )
    return problems


def _hubungan(teks: str) -> str | None:
    kunci = kunci_nama(teks)
    if kunci in HUBUNGAN:
        return HUBUNGAN[kunci]
    if kunci.startswith("anak"):  # anak kandung, anak ke-2, anak angkat ...
        return Hubungan.ANAK
    if kunci.startswith("kepala"):
        return Hubungan.KEPALA
    return None


def baca_tanggal(teks: str) -> datetime.date | None:
    """A date written DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD, or as an Excel day number."""
    teks = teks.strip()
    try:
        if cocok := _HH_BB_TTTT.match(teks):
            hari, bulan, tahun = (int(g) for g in cocok.groups())
            return datetime.date(tahun, bulan, hari)
        if cocok := _TTTT_BB_HH.match(teks):
            tahun, bulan, hari = (int(g) for g in cocok.groups())
            return datetime.date(tahun, bulan, hari)
        if _SERIAL_EXCEL.match(teks):
            # A date cell formatted as a number, or saved to CSV so: days since 1899-12-30.
            return EXCEL_HARI_NOL + datetime.timedelta(days=int(teks))
    except (ValueError, OverflowError):
        return None
    return None


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
