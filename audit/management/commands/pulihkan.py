from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.cadangan import CadanganGagal, pulihkan
from lib.penyimpanan import bucket_media


class Command(BaseCommand):
    help = (
        "Pulihkan folder cadangan (dari `cadangkan`) ke basis data DATABASE_URL dan MEDIA_ROOT. "
        "Isi keduanya DIGANTI."
    )

    def add_arguments(self, parser):
        parser.add_argument("sumber", help="folder cadangan (berisi manifest.json)")
        parser.add_argument(
            "--ya",
            action="store_true",
            help="setuju isi basis data dan folder media diganti dengan isi cadangan",
        )

    def handle(self, *args, sumber: str, ya: bool, **options):
        nama = connection.settings_dict["NAME"]
        if not ya:
            raise CommandError(
                f"Pemulihan mengganti isi basis data '{nama}' dan {settings.MEDIA_ROOT}. "
                "Hentikan portal dan worker, lalu jalankan lagi dengan --ya."
            )
        connection.close()  # pg_restore drops tables this process may hold open
        try:
            manifest = pulihkan(
                db=connection.settings_dict,
                media_root=None if bucket_media() else Path(settings.MEDIA_ROOT),
                sumber=Path(sumber),
            )
        except (CadanganGagal, OSError) as exc:
            raise CommandError(str(exc)) from exc
        asal = f"{manifest['dibuat_at']} ({manifest['basisdata']})"
        self.stdout.write(f"Dipulihkan ke '{nama}' dari cadangan {asal}.")
