"""What the portal assumes about DTSEN (Data Tunggal Sosial Ekonomi Nasional) files, in
one place, each with its source.

DTSEN replaced DTKS as the national register (Inpres 4/2025, Permensos 3/2025). BPS has
not published the column names of DTSEN exports: the headings below are ASSUMED from
the public SIKS-NG/DTSEN templates and the Cek Bansos fields as regions pass them
around (upper case with underscores: NO_KK, NIK, NAMA, NMDESA, DESIL_NASIONAL). They
are matched as `lib.tabular.kunci_kolom` writes them (lower case, words split on
anything but letters and digits), so "NO_KK", "No. KK" and "no kk" are one heading.
Older DTKS exports (IDDTKS, NOKK, NIK, NAMA, ...) keep working: their headings are
in `pendataan.impor.NAMA_LAIN` and are kept.
"""

from django.utils.translation import gettext_lazy as _

# Headings of DTSEN exports for the columns the family and recipient imports read,
# added to the DTKS ones in pendataan.impor.NAMA_LAIN. (ASSUMED, see above.)
NAMA_KOLOM_DTSEN = {
    "nik": ["nik individu", "nik anggota", "nik art dtsen"],
    "nama": ["nama individu", "nama anggota keluarga"],
    "nomor_kk": ["no kk dtsen", "nomor kk dtsen", "kk"],
    "kelurahan": ["nmdesa", "nm desa", "nmkel", "nama kel", "nama desa kelurahan", "desa kel"],
    "rt": ["rt domisili"],
    "rw": ["rw domisili"],
    "alamat": ["alamat domisili"],
    "jenis_kelamin": ["jns kel", "jnskel"],
    "tanggal_lahir": ["tgl lhr individu", "tanggal lahir individu"],
    "hubungan": ["hub kep kel", "hubungan kepala keluarga", "hub krt"],
}

# The desil file: BPS's ranking of each family, re-made every quarter. A family is
# named by its KK number or by its head's NIK (ASSUMED headings, as above).
KOLOM_DESIL = "desil"
KOLOM_BERLAKU = "berlaku_mulai"
NAMA_KOLOM_DESIL = {
    "nomor_kk": ["no kk", "nokk", "nkk", "nomor kk", "no kartu keluarga", "nomor kartu keluarga"],
    "nik": [
        "nik kepala keluarga",
        "nik kepala rumah tangga",
        "nik krt",
        "nik kk",
        "no nik",
        "nomor nik",
    ],
    KOLOM_DESIL: ["desil nasional", "desil dtsen", "peringkat desil", "kelompok desil"],
    KOLOM_BERLAKU: [
        "berlaku mulai",
        "tanggal berlaku",
        "tgl berlaku",
        "tmt",
        "tmt desil",
        "tanggal pemeringkatan",
        "tgl pemeringkatan",
    ],
}

# Desil 1 is the poorest tenth of the country's families, 10 the richest (BPS).
DESIL_TERENDAH, DESIL_TERTINGGI = 1, 10
# A family in desil 1-2 that receives nothing is suggested for an usulan (issue 14,
# after Kepmensos 79/HUK/2025's priority for the lowest desil).
DESIL_USULAN = 2

# Program ceilings (Program.batas_desil) start as Kepmensos 79/HUK/2025 sets them:
# PKH 4; Sembako/BPNT and PBI-JK 5 (migration bansos 0009), configurable afterwards.

LABEL_DI_ATAS_DESIL = _("di atas desil program")

# Headings of the DTSEN variable columns a family file may carry (optional; a column
# named by its key, e.g. "lantai" or "ASET_MOBIL", always works). ASSUMED, as above.
NAMA_KOLOM_VARIABEL = {
    "status_bangunan": [
        "status kepemilikan bangunan",
        "sta bangunan",
        "status bangunan tempat tinggal",
    ],
    "lantai": ["jenis lantai", "lantai terluas", "jenis lantai terluas"],
    "dinding": ["jenis dinding", "dinding terluas", "jenis dinding terluas"],
    "atap": ["jenis atap", "atap terluas", "jenis atap terluas"],
    "air_minum": ["sumber air minum", "sumber air minum utama"],
    "penerangan": ["sumber penerangan", "sumber penerangan utama"],
    "daya_listrik": ["daya terpasang", "daya listrik terpasang", "daya"],
    "id_pelanggan_pln": ["idpel", "id pelanggan", "id pel pln", "nomor pelanggan pln"],
    "bahan_bakar": ["bahan bakar memasak", "bahan bakar utama memasak"],
    "fasilitas_bab": ["fasilitas bab", "fasilitas buang air besar"],
    "jenis_kloset": ["kloset", "jenis kloset"],
    "pembuangan_tinja": ["pembuangan akhir tinja", "tempat pembuangan akhir tinja"],
    "jumlah_keluarga_di_rumah": ["jumlah keluarga", "jml keluarga", "jumlah kk dalam bangunan"],
    "status_perkawinan": ["status kawin", "sta kawin", "status perkawinan"],
    "pendidikan_tertinggi": ["pendidikan", "ijazah tertinggi", "jenjang pendidikan tertinggi"],
    "status_pekerjaan": ["status pekerjaan", "kedudukan pekerjaan", "status dalam pekerjaan"],
    "lapangan_usaha": ["lapangan usaha", "sektor pekerjaan"],
}
