"""Recompute every RW's summary rows from the base tables (first install, bulk loads)."""

import time

from django.core.management.base import BaseCommand

from dasbor.hitung import ringkasan_bangun_ulang


class Command(BaseCommand):
    help = "Hitung ulang ringkasan dasbor semua RW dari tabel dasar."

    def handle(self, *args, **options):
        mulai = time.monotonic()
        n = ringkasan_bangun_ulang()
        self.stdout.write(
            f"Ringkasan {n} RW dihitung ulang dalam {time.monotonic() - mulai:.1f} detik."
        )
