from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.cadangan import CadanganGagal, cadangkan


class Command(BaseCommand):
    help = (
        "Cadangkan basis data PostgreSQL (pg_dump, format custom) dan folder media ke satu "
        "folder baru di bawah TUJUAN."
    )

    def add_arguments(self, parser):
        parser.add_argument("tujuan", help="folder tempat folder cadangan baru dibuat")

    def handle(self, *args, tujuan: str, **options):
        try:
            folder = cadangkan(
                db=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                tujuan=Path(tujuan),
            )
        except (CadanganGagal, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Cadangan ditulis ke {folder}")
