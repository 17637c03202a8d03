"""Load the Pekanbaru demo: real wilayah and boundaries, estimated RWs, one account per role.

Safe to run again: it fills in what is missing and changes nothing else.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from akun.models import Peran, User
from akun.services import user_buat
from bansos.demo import NAMA_PERIODE, penerima_demo_csv, periode_demo_buat
from bansos.impor import impor_penerima_mulai
from bansos.models import Periode
from dasbor.hitung import ringkasan_bangun_ulang
from pendataan.demo import desil_demo_csv, keluarga_demo_csv
from pendataan.desil import impor_desil_mulai
from pendataan.impor import keluarga_import
from pendataan.models import ImporDesil, Keluarga
from petugas.demo import JUMLAH_KANDIDAT_DEMO, OPD_DEMO, kandidat_demo_csv
from petugas.models import OPD, JenisKelamin, Petugas
from petugas.services import penugasan_tempatkan
from siksng.demo import siklus_demo_buat
from wilayah.demo import rw_demo_buat
from wilayah.models import RW, Kecamatan, Kelurahan
from wilayah.services import batas_import_geojson, kecamatan_set_program, wilayah_import_csv

DATA = Path(__file__).resolve().parents[3] / "wilayah" / "data"
KODE_PILOT = ["14.71.08", "14.71.03"]  # Binawidya, Sail
PASSWORD_DEMO = "demo-pekanbaru-2026"  # noqa: S105 - printed on purpose, demo only
# NI PPPK: birth date 1990-03-15, TMT 2025-01, gender 1 (male), number 001.
NI_PPPK_DEMO = "199003152025011001"
KELUARGA_RW_DEMO = 120  # in the demo officer's RW
KELUARGA_RW_LAIN = 15  # in each other RW of Binawidya


class Command(BaseCommand):
    help = "Siapkan data demo Pekanbaru dan akun demo per peran (hanya untuk DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--paksa", action="store_true", help="jalankan juga bila DEBUG tidak aktif"
        )

    def handle(self, *args, paksa: bool, **options):
        if not settings.DEBUG and not paksa:
            raise CommandError(
                "Data demo berisi akun dengan kata sandi yang dicetak; hanya untuk DEBUG=true "
                "(atau pakai --paksa di mesin uji)."
            )
        with transaction.atomic():
            wilayah_import_csv(data=(DATA / "pekanbaru_wilayah.csv").read_bytes())
            if not Kelurahan.objects.filter(batas__isnull=False).exists():
                batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())
            kecamatan_set_program(kode=KODE_PILOT)
            rw_baru = rw_demo_buat()
            for nama, singkatan, kuota in OPD_DEMO:
                OPD.objects.get_or_create(
                    nama=nama, defaults={"singkatan": singkatan, "kuota": kuota}
                )
            akun = self._akun_demo()
            keluarga_baru = self._keluarga_demo()
            self._penerima_demo()
            self._desil_demo()
            siklus = siklus_demo_buat(
                petugas=User.objects.get(username=NI_PPPK_DEMO),
                admin=User.objects.get(username="admin.binawidya"),
                dinsos=User.objects.get(username="dinsos"),
            )
            ringkasan_bangun_ulang()  # the demo's rows were written in bulk, unmarked
        berkas = Path(settings.MEDIA_ROOT) / "demo" / "kandidat_demo.csv"
        berkas.parent.mkdir(parents=True, exist_ok=True)
        berkas.write_bytes(kandidat_demo_csv())  # deterministic: the same file every time
        self.stdout.write(
            f"Wilayah: {Kecamatan.objects.count()} kecamatan, {Kelurahan.objects.count()} "
            f"kelurahan, {RW.objects.count()} RW ({rw_baru} RW demo baru)."
        )
        self.stdout.write(
            f"Keluarga demo: {Keluarga.objects.count()} di kecamatan Binawidya "
            f"({keluarga_baru} baru; {KELUARGA_RW_DEMO} di RW petugas demo)."
        )
        daftar = ", ".join(
            f"{p.program.kode.upper()} {p.penerima_set.count()}"
            for p in Periode.objects.filter(nama=NAMA_PERIODE).select_related("program")
        )
        self.stdout.write(f"Penerima bansos demo ({NAMA_PERIODE}): {daftar or '-'}.")
        if siklus:
            self.stdout.write(
                f"Siklus SIKS-NG demo: {siklus} kunjungan disetujui di Simpangbaru RW 01; "
                "musyawarah bulan lalu tercatat dan berkasnya ditutup, sisanya menunggu "
                "musyawarah bulan ini (/siksng/)."
            )
        self.stdout.write("")
        self.stdout.write(
            f"Berkas kandidat demo ({JUMLAH_KANDIDAT_DEMO} orang, {len(OPD_DEMO)} OPD) untuk "
            f"diimpor BKPSDM di /petugas/impor/:\n  {berkas}"
        )
        self.stdout.write("")
        self.stdout.write(f"Akun demo (kata sandi semua: {PASSWORD_DEMO}):")
        for username, keterangan in akun:
            self.stdout.write(f"  {username:<22} {keterangan}")
        self.stdout.write("")

    def _keluarga_demo(self) -> int:
        """Invented families for Binawidya (more in the demo officer's own RW), once."""
        if Keluarga.objects.exists():
            return 0
        rws = RW.objects.filter(kelurahan__kecamatan__kode="14.71.08").select_related("kelurahan")
        rw_petugas = [rw for rw in rws if rw.kelurahan.kode == "14.71.08.1001" and rw.nomor == 1]
        lain = [rw for rw in rws if rw not in rw_petugas]
        oleh = User.objects.get(username="dinsos")
        hasil_a = keluarga_import(
            data=keluarga_demo_csv(rws=rw_petugas, per_rw=KELUARGA_RW_DEMO, seed=1),
            filename="keluarga_demo_rw01.csv",
            oleh=oleh,
        )
        hasil_b = keluarga_import(
            data=keluarga_demo_csv(rws=lain, per_rw=KELUARGA_RW_LAIN, seed=2),
            filename="keluarga_demo_binawidya.csv",
            oleh=oleh,
        )
        return hasil_a.keluarga_baru + hasil_b.keluarga_baru

    def _penerima_demo(self) -> None:
        """This quarter's demo lists, through the real import (run when this commits:
        in-process without REDIS_URL, else by the worker)."""
        oleh = User.objects.get(username="dinsos")
        keluarga = Keluarga.objects.filter(rw__kelurahan__kecamatan__kode=KODE_PILOT[0])
        for periode in periode_demo_buat():
            if periode.impor_set.exists():
                continue
            data = penerima_demo_csv(periode=periode, keluarga=keluarga, seed=1)
            nama = f"penerima_{periode.program.kode}_demo.csv"
            impor_penerima_mulai(
                periode=periode, berkas=SimpleUploadedFile(nama, data, "text/csv"), oleh=oleh
            )

    def _desil_demo(self) -> None:
        """The demo families' desil, once, through the real import (run on commit)."""
        if ImporDesil.objects.exists():
            return
        keluarga = list(Keluarga.objects.order_by("pk").only("pk", "nomor_kk"))
        if keluarga:
            impor_desil_mulai(
                berkas=SimpleUploadedFile(
                    "desil_demo.csv", desil_demo_csv(keluarga=keluarga, seed=1), "text/csv"
                ),
                berlaku_mulai=None,
                oleh=User.objects.get(username="dinsos"),
            )

    def _akun_demo(self) -> list[tuple[str, str]]:
        binawidya = Kecamatan.objects.get(kode="14.71.08")
        akun = [
            ("superadmin", Peran.SUPERADMIN, None, "Superadmin", "superadmin (Django admin)"),
            (
                "admin.binawidya",
                Peran.ADMIN_KECAMATAN,
                binawidya,
                "Admin Binawidya",
                "admin kecamatan Binawidya",
            ),
            ("bkpsdm", Peran.BKPSDM, None, "Staf BKPSDM", "BKPSDM (petugas dan penugasan)"),
            ("dinsos", Peran.DINSOS, None, "Staf Dinas Sosial", "Dinas Sosial (data bansos)"),
            ("pimpinan", Peran.PIMPINAN, None, "Pimpinan Kota", "pimpinan (agregat saja)"),
            ("pdp", Peran.PDP, None, "Pejabat PDP", "pejabat pelindungan data (audit saja)"),
        ]
        hasil = []
        for username, peran, kecamatan, nama, keterangan in akun:
            if not User.objects.filter(username=username).exists():
                user_buat(
                    username=username,
                    password=PASSWORD_DEMO,
                    peran=peran,
                    nama=nama,
                    kecamatan=kecamatan,
                )
            hasil.append((username, keterangan))

        rw = RW.objects.get(kelurahan__kode="14.71.08.1001", nomor=1)  # Simpangbaru, RW 01
        petugas = Petugas.objects.filter(ni_pppk=NI_PPPK_DEMO).first()
        if petugas is None:
            opd = OPD.objects.get(nama=OPD_DEMO[0][0])
            user = user_buat(
                username=NI_PPPK_DEMO,
                password=PASSWORD_DEMO,
                peran=Peran.PETUGAS,
                nama="Rahmat Hidayat",
            )
            petugas = Petugas.objects.create(
                user=user,
                nama="Rahmat Hidayat",
                ni_pppk=NI_PPPK_DEMO,
                opd=opd,
                jenis_kelamin=JenisKelamin.LAKI_LAKI,
                telepon="081200000001",
                alamat_domisili="Jl. Garuda Sakti Km 2",
                kelurahan_domisili=rw.kelurahan,
                rw_domisili=rw.nomor,
            )
            penugasan_tempatkan(
                petugas=petugas,
                rw=rw,
                oleh=None,
                nomor_sk="DEMO/2026/001",
                alasan="Demo: berdomisili di RW ini",
            )
        hasil.append((NI_PPPK_DEMO, f"petugas {rw} (Binawidya)"))
        return hasil
