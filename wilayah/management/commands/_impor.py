from pathlib import Path

from django.core.management.base import CommandError

from lib.tabular import ImportRefused


def baca_berkas(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Berkas tidak bisa dibuka: {exc.strerror} ({path})") from exc


def tolak(exc: ImportRefused) -> CommandError:
    baris = "\n".join(f"  - {e}" for e in exc.errors)
    return CommandError(f"Berkas ditolak, tidak ada yang disimpan:\n{baris}")
