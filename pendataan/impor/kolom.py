"""The columns of a family file and the words its cells may hold."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext_lazy

from lib.tabular import kunci_kolom
from pendataan.dtsen import NAMA_KOLOM_DTSEN
from pendataan.models import Hubungan
from petugas.impor import JENIS_KELAMIN as JENIS_KELAMIN_TEKS
from petugas.models import JenisKelamin
from wilayah.nama import kunci_nama

MAKS_BARIS = 50_000
MAKS_UKURAN = 20 * 1024 * 1024
BATCH = 500
TAHUN_LAHIR_PALING_AWAL = 1900

KOLOM_WAJIB = ["nik", "nama", "nomor_kk", "alamat", "rt", "rw", "kelurahan"]
KOLOM_TAMBAHAN = ["jenis_kelamin", "tanggal_lahir", "hubungan"]
# Other headings of the same column in DTKS exports and hand-made lists (DTSEN's are in
# pendataan.dtsen), written as
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
    for nama in [kolom, *NAMA_LAIN.get(kolom, []), *NAMA_KOLOM_DTSEN.get(kolom, [])]
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
