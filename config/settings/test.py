"""Settings for the test suite (SQLite by default, PostgreSQL with DATABASE_URL)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, DATABASES

# Tests read the primary only; tests/test_replika.py adds a replica of its own.
DATABASES.pop("replica", None)

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
