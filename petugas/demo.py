"""Demo officers: the city's OPDs with quotas adding up to 773 and a candidate file.

The people are invented (names drawn from common Indonesian names); their NI
PPPK numbers are well-formed but fictional. The file is shaped as an OPD sends
it, with kelurahan names spelled the everyday way ("Tuah Madani"), so
importing it exercises the real import.
"""

from __future__ import annotations

import csv
import io
import random

from wilayah.models import RW

# The program's 773 positions over the agencies that proposed candidates. The
# environment office (75) and transport (43) are the program's own figures; the
# rest is a demo spread.
OPD_DEMO: list[tuple[str, str, int]] = [
    ("Dinas Lingkungan Hidup dan Kebersihan", "DLHK", 75),
    ("Dinas Perhubungan", "Dishub", 43),
    ("Dinas Pendidikan", "Disdik", 55),
    ("Dinas Kesehatan", "Diskes", 45),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", 52),
    ("Satuan Polisi Pamong Praja", "Satpol PP", 48),
    ("Dinas Sosial", "Dinsos", 45),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", 40),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman", "Perkim", 36),
    ("Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", 34),
    ("Dinas Tenaga Kerja", "Disnaker", 30),
    ("Dinas Perdagangan dan Perindustrian", "Disperindag", 30),
    ("Dinas Koperasi dan UMKM", "Diskop UMKM", 28),
    ("Dinas Pertanian dan Perikanan", "Distanikan", 26),
    ("Dinas Pemuda dan Olahraga", "Dispora", 24),
    ("Dinas Kebudayaan", "Disbud", 22),
    ("Dinas Pariwisata", "Dispar", 22),
    ("Dinas Komunikasi, Informatika, Statistik dan Persandian", "Diskominfo", 20),
    ("Dinas Perpustakaan dan Kearsipan", "Dispusip", 18),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", 18),
    ("Badan Pendapatan Daerah", "Bapenda", 16),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", 12),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", 14),
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", 10),
    ("Sekretariat Daerah", "Setda", 10),
]
JUMLAH_KANDIDAT_DEMO = 2485

NAMA_DEPAN = [
    "Ahmad",
    "Muhammad",
    "Rahmat",
    "Dedi",
    "Agus",
    "Budi",
    "Eko",
    "Hendra",
    "Rizki",
    "Fajar",
    "Andi",
    "Yudi",
    "Irfan",
    "Arif",
    "Siti",
    "Nur",
    "Dewi",
    "Sri",
    "Rina",
    "Ayu",
    "Putri",
    "Fitri",
    "Wulan",
    "Indah",
    "Yuni",
    "Lestari",
    "Rahma",
    "Nadia",
    "Intan",
]
NAMA_BELAKANG = [
    "Saputra",
    "Hidayat",
    "Pratama",
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Syahputra",
    "Kurniawan",
    "Wijaya",
    "Rahmawati",
    "Sari",
    "Handayani",
    "Susanti",
    "Putri",
    "Lestari",
    "Hasibuan",
    "Tanjung",
    "Chaniago",
    "Piliang",
]
# Everyday spellings of Kemendagri names, as the OPD lists write them.
EJAAN_SEHARI_HARI = {
    "Tuahmadani": "Tuah Madani",
    "Simpangbaru": "Simpang Baru",
    "Tobekgodang": "Tobek Godang",
    "Sungaisibam": "Sungai Sibam",
    "Airputih": "Air Putih",
}


def kandidat_demo_csv(*, jumlah: int = JUMLAH_KANDIDAT_DEMO, seed: int = 2026) -> bytes:
    """A candidate file like an OPD's: most people live in an RW of the city."""
    rng = random.Random(seed)
    rws = list(RW.objects.select_related("kelurahan").order_by("kelurahan__kode", "nomor"))
    bobot = [kuota for _, _, kuota in OPD_DEMO]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "nama",
            "ni_pppk",
            "opd",
            "jenis_kelamin",
            "telepon",
            "alamat_domisili",
            "kelurahan",
            "rw",
            "latitude",
            "longitude",
        ]
    )
    for i in range(jumlah):
        rumah = rng.choice(rws)
        perempuan = rng.random() < 0.45
        depan = rng.choice(NAMA_DEPAN[14:] if perempuan else NAMA_DEPAN[:14])
        lahir = f"{rng.randint(1975, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        # appointment month 01..03 and the running number 001..999 keep every NI PPPK unique
        ni_pppk = f"{lahir}2025{i // 999 + 1:02d}{2 if perempuan else 1}{i % 999 + 1:03d}"
        opd = rng.choices(OPD_DEMO, weights=bobot)[0]
        kelurahan = EJAAN_SEHARI_HARI.get(rumah.kelurahan.nama, rumah.kelurahan.nama)
        dengan_titik = rng.random() < 0.6  # the others are placed by their RW's centre
        writer.writerow(
            [
                f"{depan} {rng.choice(NAMA_BELAKANG)}",
                ni_pppk,
                opd[1] if rng.random() < 0.5 else opd[0],
                "P" if perempuan else "L",
                f"08{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}",
                f"Jl. Demo No. {rng.randint(1, 200)}",
                kelurahan,
                f"{rumah.nomor:02d}",
                f"{float(rumah.latitude) + rng.uniform(-0.002, 0.002):.6f}" if dengan_titik else "",
                f"{float(rumah.longitude) + rng.uniform(-0.002, 0.002):.6f}"
                if dengan_titik
                else "",
            ]
        )
    return out.getvalue().encode("utf-8")
