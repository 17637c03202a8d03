"""Settings for the test suite (SQLite by default, PostgreSQL with DATABASE_URL)."""

import os
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, DATABASES

# Tests read the primary only; tests/test_replika.py adds a replica of its own.
DATABASES.pop("replica", None)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's in-memory test database: with memory, the browser tests' live
    # server hands one connection to all its request threads, and two requests writing
    # at once (a page's read-log entry, a visit's summary mark) failed with "table is
    # locked". A file gives each thread its own connection, and IMMEDIATE transactions
    # with a timeout make writers wait their turn, as the embedded default does.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"portal-uji-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;"  # a throwaway file: speed
    )

DEBUG = False
# Tests need fast hashing; the Argon2 default is checked in tests/akun/test_settings.py.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "akun.hashers.Argon2SekaliPakaiHasher",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"
# Serve static files from the apps' folders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Every write queues its summary's recompute: a recompute a test queued with no worker
# listening would otherwise hold off the next test's (tests/dasbor/test_antre.py turns
# the hold on).
RINGKASAN_ANTRE_DETIK = 0
