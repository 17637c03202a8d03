from django.core.management.base import BaseCommand
from django.db import transaction

from lib.tabular import ImportRefused
from wilayah.management.commands._impor import baca_berkas, tolak
from wilayah.services import kecamatan_set_program, wilayah_import_csv


class Command(BaseCommand):
    help = (
        "Impor kecamatan dan kelurahan dari CSV (kode_kecamatan, nama_kecamatan, "
        "kode_kelurahan, nama_kelurahan). Diulang aman: memperbarui, tidak menggandakan."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", help="jalur berkas CSV")
        parser.add_argument(
            "--program",
            default="",
            help="kode kecamatan yang ikut program, dipisah koma (mis. 14.71.08,14.71.03)",
        )

    def handle(self, *args, csv: str, program: str, **options):
        data = baca_berkas(csv)
        kode_program = [k.strip() for k in program.split(",") if k.strip()]
        try:
            with transaction.atomic():  # the program list is part of the same import
                hasil = wilayah_import_csv(data=data)
                if kode_program:
                    kecamatan_set_program(kode=kode_program)
        except ImportRefused as exc:
            raise tolak(exc) from exc
        self.stdout.write(
            f"Wilayah: {hasil.dibuat} dibuat, {hasil.diperbarui} diperbarui, {hasil.tetap} tetap."
        )
