"""Demo families: a file shaped like a DTKS export, for Dinsos to import, and their desil.

The people are invented (common Indonesian names, dates and numbers drawn at
random); their NIK and KK numbers are well-formed but fictional. Most NIKs
were issued in the family's kecamatan in Pekanbaru, some elsewhere (people
who moved to the city keep the NIK of where they first got it). Importing the
file exercises the real import (pendataan.impor.keluarga_import).
"""

from __future__ import annotations

import csv
import datetime
import io
import random

from django.utils import timezone

from pendataan.models import Keluarga
from petugas.demo import EJAAN_SEHARI_HARI
from wilayah.models import RW

NAMA_LAKI = [
    "Ahmad", "Muhammad", "Rahmat", "Dedi", "Agus", "Budi", "Eko", "Hendra", "Rizki", "Fajar",
    "Andi", "Yudi", "Irfan", "Arif", "Syafrizal", "Zulkifli", "Joko", "Bambang", "Hasan",
    "Ridwan", "Taufik", "Yusuf", "Fauzi", "Darmawan", "Erwin", "Wahyu", "Hadi", "Roni",
    "Afrizal", "Syahrul", "Dimas", "Reza", "Alif", "Rafi", "Farhan", "Ilham",
]  # fmt: skip
NAMA_PEREMPUAN = [
    "Siti", "Nur", "Dewi", "Sri", "Rina", "Ayu", "Putri", "Fitri", "Wulan", "Indah", "Yuni",
    "Lestari", "Rahma", "Nadia", "Intan", "Nurhayati", "Yusnidar", "Erni", "Rosmawati",
    "Suryani", "Aisyah", "Fatimah", "Zahra", "Salsabila", "Nabila", "Annisa", "Khairunnisa",
]  # fmt: skip
NAMA_KEDUA_PEREMPUAN = [
    "Aminah", "Rahmawati", "Handayani", "Susanti", "Lestari", "Sari", "Wahyuni", "Marlina",
    "Yulianti", "Hasanah", "Purnamasari", "Novita", "Anggraini",
]  # fmt: skip
NAMA_BELAKANG = [
    "Saputra", "Hidayat", "Pratama", "Syahputra", "Kurniawan", "Wijaya", "Putra", "Ramadhan",
    "Firmansyah", "Setiawan", "Hakim",
]  # fmt: skip
# Clan names, passed on to the children.
MARGA = ["Siregar", "Nasution", "Harahap", "Lubis", "Hasibuan", "Tanjung", "Sinaga", "Simanjuntak"]
JALAN = [
    "Garuda Sakti", "HR. Soebrantas", "Kaharuddin Nasution", "Tuanku Tambusai", "Arifin Ahmad",
    "Delima", "Manyar Sakti", "Bangau Sakti", "Suka Karya", "Paus", "Durian", "Rambutan",
    "Kutilang", "Pepaya", "Cipta Karya", "Melati", "Kenanga", "Cempaka", "Taskurun",
    "Swakarya", "Pemuda", "Kartama", "Srikandi", "Nangka", "Sembilang",
]  # fmt: skip
# Where people who moved to Pekanbaru got their NIK: Kampar and Agam (Riau, Sumatera
# Barat), Padang, Medan, Palembang, Jambi, Batam, Banda Aceh, Jakarta Selatan, Bogor,
# Semarang; kecamatan 01-09 of each.
WILAYAH_LUAR = [
    "1401",
    "1306",
    "1371",
    "1271",
    "1671",
    "1571",
    "2171",
    "1171",
    "3174",
    "3201",
    "3374",
]
PERSEN_NIK_LUAR = 0.2
# Drawn dates end here, so the file is the same whatever day it is made.
TANGGAL_AKHIR = datetime.date(2024, 12, 31)
TANGGAL_KK_AWAL = datetime.date(2008, 1, 1)


class _Nomor:
    """NIK and KK numbers that are valid and never repeat within one file."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.dipakai: set[str] = set()

    def _unik(self, awalan: str) -> str:
        while True:
            nomor = f"{awalan}{self.rng.randint(1, 9999):04d}"
            if nomor not in self.dipakai:
                self.dipakai.add(nomor)
                return nomor

    def nik(self, wilayah: str, lahir: datetime.date, perempuan: bool) -> str:
        hari = lahir.day + (40 if perempuan else 0)
        return self._unik(f"{wilayah}{hari:02d}{lahir:%m%y}")

    def kk(self, wilayah: str, terbit: datetime.date) -> str:
        return self._unik(f"{wilayah}{terbit:%d%m%y}")


def _tanggal(rng: random.Random, tahun_awal: int, tahun_akhir: int) -> datetime.date:
    awal = datetime.date(tahun_awal, 1, 1)
    akhir = min(datetime.date(tahun_akhir, 12, 31), TANGGAL_AKHIR)
    return awal + datetime.timedelta(days=rng.randint(0, (akhir - awal).days))


def keluarga_demo_csv(*, rws: list[RW], per_rw: int = 60, seed: int = 2026) -> bytes:
    """`per_rw` invented families of 3-5 people in each RW, one row per person."""
    rng = random.Random(seed)
    nomor = _Nomor(rng)
    out = io.StringIO()
    writer = csv.writer(out)
    # the DTSEN variables, drawn apart so the people stay those of earlier demo files
    rng_variabel = random.Random(seed + 1)
    writer.writerow(
        ["NO_KK", "NIK", "NAMA", "JENIS_KELAMIN", "TGL_LAHIR", "HUB_KEL", "ALAMAT", "RT", "RW",
         "KELURAHAN", *KOLOM_VARIABEL_DEMO, "STATUS_PERKAWINAN"]
    )  # fmt: skip
    for rw in rws:
        kelurahan = rw.kelurahan
        kecamatan = kelurahan.kode[:8].replace(".", "")  # 14.71.08.1001 -> 147108
        nama_kelurahan = EJAAN_SEHARI_HARI.get(kelurahan.nama, kelurahan.nama).upper()
        jalan = rng.sample(JALAN, 3)
        for _ in range(per_rw):
            alamat = f"Jl. {rng.choice(jalan)} No. {rng.randint(1, 150)}"
            rt = rng.randint(1, rw.jumlah_rt or 6)
            terbit = _tanggal(rng, TANGGAL_KK_AWAL.year, TANGGAL_AKHIR.year)
            nomor_kk = nomor.kk(kecamatan, terbit)
            variabel = _variabel_keluarga(rng_variabel)
            for i, (nama, perempuan, lahir, hubungan, dari_luar) in enumerate(_anggota(rng)):
                wilayah = (
                    f"{rng.choice(WILAYAH_LUAR)}{rng.randint(1, 9):02d}" if dari_luar else kecamatan
                )
                writer.writerow(
                    [
                        nomor_kk,
                        nomor.nik(wilayah, lahir, perempuan),
                        nama,
                        "PEREMPUAN" if perempuan else "LAKI-LAKI",
                        f"{lahir:%d-%m-%Y}",
                        hubungan,
                        alamat,
                        f"{rt:03d}",
                        f"{rw.nomor:03d}",
                        nama_kelurahan,
                        # the family's variables on its first row, as a DTSEN export has them
                        *(variabel if i == 0 else [""] * len(variabel)),
                        _status_perkawinan(hubungan, perempuan),
                    ]
                )
    return out.getvalue().encode("utf-8")


KOLOM_VARIABEL_DEMO = [
    "STATUS_BANGUNAN", "LANTAI", "DINDING", "ATAP", "AIR_MINUM", "PENERANGAN", "DAYA_LISTRIK",
    "BAHAN_BAKAR", "FASILITAS_BAB", "JENIS_KLOSET", "PEMBUANGAN_TINJA", "ASET_SEPEDA_MOTOR",
    "ASET_MOBIL", "ASET_KULKAS", "ASET_TV", "ASET_SMARTPHONE",
]  # fmt: skip


def _variabel_keluarga(rng: random.Random) -> list:
    """A family's DTSEN variables (pendataan.variabel.kode), in KOLOM_VARIABEL_DEMO's order."""
    pln = rng.random() < 0.95
    return [
        rng.choices([1, 2, 3], weights=[70, 25, 5])[0],
        rng.choices([2, 6, 5, 8], weights=[55, 30, 12, 3])[0],
        rng.choices([1, 3, 4], weights=[80, 17, 3])[0],
        rng.choices([3, 2, 4], weights=[70, 20, 10])[0],
        rng.choices([2, 3, 4, 5], weights=[55, 20, 20, 5])[0],
        1 if pln else 3,
        rng.choices([1, 2, 3, 4], weights=[35, 45, 15, 5])[0] if pln else "",
        rng.choices([4, 3, 10], weights=[85, 10, 5])[0],
        rng.choices([1, 2, 4], weights=[85, 10, 5])[0],
        1,
        rng.choices([1, 4], weights=[90, 10])[0],
        rng.choices([0, 1, 2, 3], weights=[15, 45, 30, 10])[0],
        1 if rng.random() < 0.1 else 0,
        1 if rng.random() < 0.7 else 0,
        1 if rng.random() < 0.8 else 0,
        rng.randint(1, 4),
    ]


def _status_perkawinan(hubungan: str, perempuan: bool) -> int:
    if hubungan.startswith(("ANAK", "CUCU")):
        return 1  # belum kawin
    return 4 if perempuan and hubungan == "KEPALA KELUARGA" else 2  # a widow heads it


def _anggota(rng: random.Random) -> list[tuple[str, bool, datetime.date, str, bool]]:
    """(name, woman?, birth date, relation, NIK from outside Pekanbaru?) of one family."""
    jumlah = rng.randint(3, 5)
    marga = rng.choice(MARGA) if rng.random() < 0.3 else None
    kepala_perempuan = rng.random() < 0.12  # a widow heading the family
    lahir_kepala = _tanggal(rng, 1955, 1996)
    orang: list[tuple[str, bool, datetime.date, str, bool]] = []
    luar = rng.random() < PERSEN_NIK_LUAR
    if kepala_perempuan:
        nama = f"{rng.choice(NAMA_PEREMPUAN)} {rng.choice(NAMA_KEDUA_PEREMPUAN)}"
        orang.append((nama, True, lahir_kepala, "KEPALA KELUARGA", luar))
        lahir_ibu = lahir_kepala
    else:
        nama = f"{rng.choice(NAMA_LAKI)} {marga or rng.choice(NAMA_BELAKANG)}"
        orang.append((nama, False, lahir_kepala, "KEPALA KELUARGA", luar))
        tahun_istri = lahir_kepala.year + rng.randint(-2, 8)
        lahir_ibu = _tanggal(rng, tahun_istri, tahun_istri)
        istri = f"{rng.choice(NAMA_PEREMPUAN)} {rng.choice(NAMA_KEDUA_PEREMPUAN)}"
        orang.append((istri, True, lahir_ibu, "ISTRI", rng.random() < PERSEN_NIK_LUAR))
    if len(orang) < jumlah and rng.random() < 0.15 and lahir_kepala.year >= 1975:
        tahun = lahir_kepala.year - rng.randint(24, 32)
        ibu = f"{rng.choice(NAMA_PEREMPUAN)} {rng.choice(NAMA_KEDUA_PEREMPUAN)}"
        orang.append((ibu, True, _tanggal(rng, tahun, tahun), "ORANG TUA", True))
    tahun_anak = lahir_ibu.year + 20
    while len(orang) < jumlah:
        tahun_anak = min(tahun_anak + rng.randint(1, 5), TANGGAL_AKHIR.year)
        perempuan = rng.random() < 0.5
        if perempuan:
            nama = f"{rng.choice(NAMA_PEREMPUAN)} {marga or rng.choice(NAMA_KEDUA_PEREMPUAN)}"
        else:
            nama = f"{rng.choice(NAMA_LAKI)} {marga or rng.choice(NAMA_BELAKANG)}"
        orang.append((nama, perempuan, _tanggal(rng, tahun_anak, tahun_anak), "ANAK", False))
    return [(n.upper(), p, lahir, h, luar) for n, p, lahir, h, luar in orang]


def foto_kamera_jpeg(*, seed: int = 0, ukuran: tuple[int, int] = (4000, 3000)) -> bytes:
    """A 12-megapixel camera-like JPEG for demos, tests and benchmarks: smooth light,
    textures a few pixels wide (walls, leaves, tiles) and sensor noise, with camera
    EXIF. Pure noise would compress far worse than any real photo; a flat picture far
    better."""
    import numpy as np
    from PIL import Image

    lebar, tinggi = ukuran
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:tinggi, 0:lebar].astype(np.float32)
    gambar = np.stack(
        [
            128 + 90 * np.sin(x / (310 + seed)) * np.cos(y / 420),
            110 + 70 * np.sin((x + y) / 530),
            95 + 55 * np.cos(x / 190 - y / (370 + seed)),
        ],
        axis=-1,
    )
    tekstur = rng.normal(0, 16, (tinggi // 8, lebar // 8, 3)).astype(np.float32)
    gambar += np.repeat(np.repeat(tekstur, 8, axis=0), 8, axis=1)
    gambar += rng.normal(0, 3, gambar.shape).astype(np.float32)
    img = Image.fromarray(np.clip(gambar, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "samsung", "SM-A145F"  # Make, Model
    exif.get_ifd(0x8769)[0x9003] = "2026:11:23 09:05:00"  # DateTimeOriginal
    keluaran = io.BytesIO()
    img.save(keluaran, "JPEG", quality=92, exif=exif)
    return keluaran.getvalue()


# The demo's desil: most families low (the pilot RWs are where the programs are), some
# well off, so the "di atas desil program" flag and the usulan list both show.
BOBOT_DESIL = [14, 14, 12, 12, 10, 10, 9, 8, 6, 5]


def desil_demo_csv(*, keluarga: list[Keluarga], seed: int) -> bytes:
    """A desil file (KK, desil, the start of this quarter) for these families, the same
    every time; it goes through the real desil import (pendataan.desil)."""
    acak = random.Random(f"desil-{seed}")
    hari_ini = timezone.localdate()
    berlaku = datetime.date(hari_ini.year, 3 * ((hari_ini.month - 1) // 3) + 1, 1)
    out = io.StringIO()
    tulis = csv.writer(out)
    tulis.writerow(["NO_KK", "DESIL_NASIONAL", "TANGGAL_BERLAKU"])
    for k in keluarga:
        desil = acak.choices(range(1, 11), weights=BOBOT_DESIL)[0]
        tulis.writerow([k.nomor_kk, desil, berlaku.isoformat()])
    return out.getvalue().encode()
