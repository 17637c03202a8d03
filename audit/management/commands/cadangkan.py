from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.cadangan import CadanganGagal, cadangkan
from lib.penyimpanan import bucket_media


class Command(BaseCommand):
    help = (
        "Cadangkan basis data PostgreSQL (pg_dump, format custom) dan folder media ke satu "
        "folder baru di bawah TUJUAN."
    )

    def add_arguments(self, parser):
        parser.add_argument("tujuan", help="folder tempat folder cadangan baru dibuat")

    def handle(self, *args, tujuan: str, **options):
        bucket = bucket_media()
        try:
            folder = cadangkan(
                db=connection.settings_dict,
                media_root=None if bucket else Path(settings.MEDIA_ROOT),
                tujuan=Path(tujuan),
            )
        except (CadanganGagal, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Cadangan ditulis ke {folder}")
        if bucket:
            self.stdout.write(
                self.style.WARNING(
                    f"Hanya basis data: media ada di bucket S3 '{bucket}' dan tidak ikut "
                    "dicadangkan. Lindungi bucket itu dengan versioning atau replikasi "
                    "penyedianya (README, Cadangan dan pemulihan)."
                )
            )
