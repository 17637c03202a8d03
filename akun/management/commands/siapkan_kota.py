"""Fill a throwaway PostgreSQL database with a city-sized Pekanbaru for load tests.

733 RW, about 300,000 families and 1.17 million members, 733 placed officers,
three recipient lists of about 150,000 in all, about 100,000 visits in every
state with findings, flags, photo rows (no files) and history. See pendataan/kota.py.

It prints one password for every account, so it refuses to run unless DEBUG is on
or the database is plainly a throwaway one: its name ends in `_kota` or `_bench`,
or `--buang NAME` names it.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.text import slugify

from akun.models import Peran, User
from akun.services import user_buat
from bansos.demo import NAMA_PERIODE, periode_demo_buat
from dasbor.hitung import ringkasan_bangun_ulang
from pendataan import kota
from pendataan.models import Keluarga
from petugas.demo import OPD_DEMO
from petugas.models import OPD
from wilayah.demo import rw_demo_buat
from wilayah.models import RW, Kecamatan, Kelurahan
from wilayah.services import batas_import_geojson, kecamatan_set_program, wilayah_import_csv

from .siapkan_demo import DATA, KODE_PILOT, NI_PPPK_DEMO

PASSWORD_KOTA = "kota-pekanbaru-2026"  # noqa: S105 - printed on purpose, throwaway data only
AKHIRAN_BUANG = ("_kota", "_bench")


class Command(BaseCommand):
    help = (
        "Isi basis data PostgreSQL sekali pakai dengan data seukuran kota (uji beban). "
        "Hanya untuk DEBUG=true atau basis data yang namanya berakhiran _kota/_bench."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--buang",
            metavar="NAMA",
            default="",
            help="nama basis data ini, sebagai tanda bahwa isinya boleh dibuang",
        )

    def handle(self, *args, buang: str, **options):
        nama_db = str(connection.settings_dict["NAME"])
        if connection.vendor != "postgresql":
            raise CommandError("Data kota hanya untuk PostgreSQL (SQL berbasis himpunan).")
        if not (settings.DEBUG or nama_db.endswith(AKHIRAN_BUANG) or (buang and buang == nama_db)):
            raise CommandError(
                f"Basis data '{nama_db}' tidak tampak sekali pakai. Data kota mencetak kata "
                "sandi semua akun: jalankan dengan DEBUG=true, pada basis data berakhiran "
                f"_kota atau _bench, atau tulis --buang {nama_db}."
            )
        if Keluarga.objects.exists():
            raise CommandError(
                f"Basis data '{nama_db}' sudah berisi keluarga; data kota hanya diisi ke basis "
                "data yang baru dimigrasi."
            )
        mulai = time.monotonic()
        with transaction.atomic():
            self._langkah("wilayah, batas dan 733 RW", self._wilayah)
            admin = self._langkah("akun peran", self._akun)
            opd = [o.pk for o in OPD.objects.order_by("pk")]
            self._langkah("petugas", lambda: kota.petugas_buat(opd_ids=opd, password=PASSWORD_KOTA))
            self._langkah("keluarga", kota.keluarga_buat)
            self._langkah("anggota", kota.anggota_buat)
            periode = {p.program.kode: p.pk for p in periode_demo_buat()}
            self._langkah("penerima", lambda: kota.penerima_buat(periode=periode))
            self._langkah("kunjungan", lambda: kota.kunjungan_buat(admin_per_kecamatan=admin))
            self._langkah("ringkasan dasbor", ringkasan_bangun_ulang)
        self._langkah("ANALYZE", lambda: connection.cursor().execute("ANALYZE"))
        detik = time.monotonic() - mulai
        self.stdout.write(f"Selesai dalam {detik / 60:.1f} menit ({NAMA_PERIODE}):")
        for nama, n in kota.jumlah().items():
            self.stdout.write(f"  {nama:<22} {n:>10,}".replace(",", "."))
        self.stdout.write(
            "Foto hanya baris di basis data (tanpa berkas): halaman foto menjawab 404."
        )
        self.stdout.write(f"Kata sandi semua akun: {PASSWORD_KOTA}")
        self.stdout.write(
            f"  petugas: NI PPPK masing-masing, mis. {NI_PPPK_DEMO} (RW 01 Simpangbaru)"
        )
        for user in User.objects.exclude(peran=Peran.PETUGAS).order_by("peran", "username"):
            self.stdout.write(f"  {user.username:<28} {user.get_peran_display()}")

    def _langkah(self, nama: str, fungsi):
        t = time.monotonic()
        hasil = fungsi()
        self.stdout.write(f"- {nama}: {time.monotonic() - t:.1f} s")
        return hasil

    def _wilayah(self) -> None:
        wilayah_import_csv(data=(DATA / "pekanbaru_wilayah.csv").read_bytes())
        if not Kelurahan.objects.filter(batas__isnull=False).exists():
            batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())
        kecamatan_set_program(kode=KODE_PILOT)
        rw_demo_buat()
        if RW.objects.count() != 733:
            raise CommandError("Wilayah sudah berisi RW lain; data kota butuh tepat 733 RW.")
        for nama, singkatan, kuota in OPD_DEMO:
            OPD.objects.get_or_create(nama=nama, defaults={"singkatan": singkatan, "kuota": kuota})

    def _akun(self) -> dict[int, int]:
        """The city-wide roles and an admin for each kecamatan; returns kecamatan id ->
        its admin's user id."""
        for username, peran, nama in (
            ("superadmin", Peran.SUPERADMIN, "Superadmin"),
            ("bkpsdm", Peran.BKPSDM, "Staf BKPSDM"),
            ("dinsos", Peran.DINSOS, "Staf Dinas Sosial"),
            ("pimpinan", Peran.PIMPINAN, "Pimpinan Kota"),
        ):
            if not User.objects.filter(username=username).exists():
                user_buat(username=username, password=PASSWORD_KOTA, peran=peran, nama=nama)
        admin = {}
        for kecamatan in Kecamatan.objects.all():
            username = f"admin.{slugify(kecamatan.nama).replace('-', '')}"
            user = User.objects.filter(username=username).first() or user_buat(
                username=username,
                password=PASSWORD_KOTA,
                peran=Peran.ADMIN_KECAMATAN,
                nama=f"Admin {kecamatan.nama}",
                kecamatan=kecamatan,
            )
            admin[kecamatan.pk] = user.pk
        return admin
