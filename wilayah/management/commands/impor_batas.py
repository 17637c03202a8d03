from django.core.management.base import BaseCommand

from lib.tabular import ImportRefused
from wilayah.management.commands._impor import baca_berkas, tolak
from wilayah.services import batas_import_geojson


class Command(BaseCommand):
    help = "Impor batas kelurahan dari GeoJSON (properti `kode` = kode Kemendagri kelurahan)."

    def add_arguments(self, parser):
        parser.add_argument("geojson", help="jalur berkas GeoJSON")

    def handle(self, *args, geojson: str, **options):
        try:
            hasil = batas_import_geojson(data=baca_berkas(geojson))
        except ImportRefused as exc:
            raise tolak(exc) from exc
        self.stdout.write(f"Batas kelurahan: {hasil.diperbarui} diperbarui, {hasil.tetap} tetap.")
