"""Settings shared by every environment; all of it comes from environment variables.

Every variable read here is listed, with its default, in the README's
"Configuration" table.
"""

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from lib.penyimpanan import storage_media

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# The default key is only good on a developer's machine; production.py refuses it.
DEFAULT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# In Indonesian, and JSON for the phone's endpoints.
CSRF_FAILURE_VIEW = "config.galat.csrf_gagal"

INSTALLED_APPS = [
    "config.admin_app.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "leaflet",
    "axes",
    "akun",
    "wilayah",
    "petugas",
    "pendataan",
    "bansos",
    "siksng",
    "dasbor",
    "pimpinan",
    "auditlog",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (CONTENT_SECURITY_POLICY and
    # PERMISSIONS_POLICY below)
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for officers' data packages (Django pads against BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Form fields, query parameters and file names without control characters (lib/teks.py).
    "lib.teks.KendaliMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store on whatever a logged-in user sees (lib/tembolok.py)
    "lib.tembolok.TanpaSimpanMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # idle timeout and absolute lifetime of a session (SESI_* below)
    "akun.middleware.BatasSesiMiddleware",
    "akun.middleware.GantiSandiWajibMiddleware",
    # who and from where, for every change django-auditlog records (audit/registrasi.py)
    "audit.middleware.AuditMiddleware",
    # a write request that succeeded: BKPSDM's pages of officers rendered again (dasbor/tembolok.py)
    "dasbor.tembolok.TulisMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "akun.context_processors.peran",
                "akun.context_processors.privasi",
                "wilayah.context_processors.peta",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED", default=True
):
    # Server-side parameters, each statement prepared on its connection after its
    # second use (psycopg 3): a page's queries are planned once per connection, not on
    # every request. Off (DATABASE_PREPARED=false) behind a pooler that cannot keep
    # prepared statements (PgBouncer before 1.21 in transaction mode).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the officer's worklist (a sort of 410 families by risk, 11 ms
    # to run) is estimated dear enough for PostgreSQL to compile it first, 100 ms each
    # time. The portal's queries are short; none gains from it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: one writer at a time; wait for the lock instead of failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Take the write lock when a transaction starts, so concurrent writers wait
    # their turn instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
# A PostgreSQL read replica for the overview selectors (lib/replika.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    replika = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"] = {
        **replika,
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        # the primary's prepared statements and JIT choice, unless the URL says otherwise
        "OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), **replika.get("OPTIONS", {})},
    }
DATABASE_ROUTERS = ["lib.replika.RouterReplika"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "akun.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "akun.hashers.Argon2SekaliPakaiHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Peraturan BSSN 4/2021 and ASVS L2: 12 characters at least, no common or local
# words (akun/sandi.py). Django's own validators answer in Indonesian.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "akun.sandi.KataLokalValidator"},
]
LOGIN_URL = "akun:login"
LOGIN_REDIRECT_URL = "akun:beranda"
LOGOUT_REDIRECT_URL = "akun:login"

# Repeated failed logins lock the account (by username, not by IP: many
# officers share a mobile carrier's NAT address) for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "akun/terkunci.html"
AXES_VERBOSE = False
# Locking by username alone is deliberate (carrier NAT, see above); axes warns about it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploads above 2.5 MB are spooled to disk while the request is read; in a folder
# of their own, beat can remove what a killed web worker left there
# (config/unggah_sementara.py). Web and worker must see the same folder.
FILE_UPLOAD_TEMP_DIR = env.str(
    "FILE_UPLOAD_TEMP_DIR", default=str(Path(tempfile.gettempdir()) / "portal-unggah")
)
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
# Media on the local disk (MEDIA_ROOT), or in an S3-compatible bucket when
# MEDIA_S3_BUCKET is set: then web and worker machines share it (lib/penyimpanan.py).
STORAGES = {
    "default": storage_media(
        bucket=env.str("MEDIA_S3_BUCKET", default=""),
        endpoint_url=env.str("MEDIA_S3_ENDPOINT_URL", default=""),
        access_key=env.str("MEDIA_S3_ACCESS_KEY", default=""),
        secret_key=env.str("MEDIA_S3_SECRET_KEY", default=""),
        region=env.str("MEDIA_S3_REGION", default=""),
        prefix=env.str("MEDIA_S3_PREFIX", default=""),
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Celery: with REDIS_URL a real broker and worker; without it, tasks run
# in-process at the moment they are sent (the embedded default).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker waits for its broker as long as it is away (Celery gives up after 100
# attempts), trying again every few seconds and sending waiting photos once back.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CONSUMER = "config.worker:Consumer"
CELERY_TIMEZONE = TIME_ZONE
# A task a worker took but never acknowledged (the worker died) goes back to the
# queue after this many seconds (Redis broker). Longer than the longest task (a
# recipient list import: one hour), or Redis would hand it to a second worker;
# photos do not wait for it: a worker sends the waiting ones again when it connects.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3900),
    # a Redis host that drops packets must not hold an upload request for minutes
    "socket_connect_timeout": 5,
}
CELERY_BEAT_SCHEDULE = {
    "detak-worker": {"task": "config.tasks.detak_worker", "schedule": 60.0},
    # dashboard summaries whose recompute was never queued (broker down) or was lost
    "sapu-ringkasan": {
        "task": "dasbor.tasks.sapu_ringkasan",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # photos whose processing was never queued (broker down) or was lost
    "proses-foto-tertunda": {
        "task": "pendataan.tasks.proses_foto_tertunda",
        "schedule": 120.0,
        "options": {"expires": 110},  # sends do not pile up while workers are down
    },
    # recipient imports never queued (broker down) or whose worker died mid-way
    "periksa-impor-macet": {
        "task": "bansos.tasks.periksa_impor_macet",
        "schedule": 600.0,
        "options": {"expires": 540},
    },
    # upload temp files a killed web worker left behind, older than an hour
    "hapus-unggah-sementara": {
        "task": "config.tasks.hapus_unggah_sementara",
        "schedule": 900.0,
        "options": {"expires": 800},
    },
    # read-log rows past LOG_BACA_SIMPAN_HARI
    "hapus-log-baca-lama": {
        "task": "audit.tasks.hapus_log_baca_lama",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # KK and KTP photos past FOTO_IDENTITAS_SIMPAN_HARI after their visit's review
    "hapus-foto-identitas-lama": {
        "task": "pendataan.tasks.hapus_foto_identitas_lama",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # export and uploaded list files (whole NIKs) past their kept days
    "hapus-berkas-lama": {
        "task": "bansos.tasks.hapus_berkas_lama",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
}
# /healthz fails when no worker ran the heartbeat for three beats; production
# only, where beat is sure to run (config/health.py).
HEALTHZ_DETAK_WAJIB = False
# Personal data (UU 27/2022): how long the read log keeps its rows, and how long a
# visit's KK and KTP photos are kept once the visit is approved or rejected.
LOG_BACA_SIMPAN_HARI = env.int("LOG_BACA_SIMPAN_HARI", default=365)
FOTO_IDENTITAS_SIMPAN_HARI = env.int("FOTO_IDENTITAS_SIMPAN_HARI", default=90)
# Reverse proxies in front of the portal that append to X-Forwarded-For (nginx: 1);
# the client's address in the audit and the read log is read through them (lib/ip.py).
PROKSI_TEPERCAYA = env.int("PROKSI_TEPERCAYA", default=0)
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Days an XLSX export or an uploaded recipient list is kept on disk once done.
BERKAS_BANSOS_SIMPAN_HARI = env.int("BERKAS_BANSOS_SIMPAN_HARI", default=7)

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, one client per pool (lib/redis_tembolok.py)
            "BACKEND": "lib.redis_tembolok.TembolokRedis",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The data-protection officer (pejabat pelindungan data pribadi, UU 27/2022) named in
# the privacy notice of the login page and the public card check.
PDP_NAMA = env.str("PDP_NAMA", default="Pejabat Pelindungan Data Pribadi Pemerintah Kota Pekanbaru")
PDP_SUREL = env.str("PDP_SUREL", default="")
PDP_TELEPON = env.str("PDP_TELEPON", default="")

# The portal's public address (https://portal.example.go.id), printed in the ID
# cards' QR codes; empty means the address the page was opened with.
PORTAL_URL = env.str("PORTAL_URL", default="").rstrip("/")

# Map tiles: any XYZ tile server; empty means the maps show boundaries only.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env.str(
    "MAP_ATTRIBUTION",
    default="&copy; OpenStreetMap contributors; batas wilayah: cahyadsn/wilayah_boundaries (MIT)",
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (0.5071, 101.4478),
    "DEFAULT_ZOOM": 12,
    "MIN_ZOOM": 10,
    "MAX_ZOOM": 19,
    "TILES": [("OSM", MAP_TILE_URL, {"attribution": MAP_ATTRIBUTION})] if MAP_TILE_URL else [],
    "RESET_VIEW": False,
}

# Sessions (akun/middleware.py, BatasSesiMiddleware): desk roles are logged out
# after SESI_MENGANGGUR_MENIT idle, officers in the field after
# SESI_MENGANGGUR_PETUGAS_MENIT; everyone SESI_MAKS_JAM after logging in. A desk
# role's cookie ends with the browser; an officer's does not (their phone sends its
# queue when signal returns, even after the browser was closed).
SESI_MENGANGGUR_MENIT = env.int("SESI_MENGANGGUR_MENIT", default=30)
SESI_MENGANGGUR_PETUGAS_MENIT = env.int("SESI_MENGANGGUR_PETUGAS_MENIT", default=600)
SESI_MAKS_JAM = env.int("SESI_MAKS_JAM", default=12)
# Rendered pages and counts kept in the cache at most this long (dasbor/tembolok.py);
# a write that changes what they show replaces them at once.
HALAMAN_TEMBOLOK_DETIK = env.int("HALAMAN_TEMBOLOK_DETIK", default=300)
# Seconds a queued recompute of an RW's summary holds off the next one (dasbor/tandai.py):
# the writes meanwhile are counted when it runs. 0: every write queues its own.
RINGKASAN_ANTRE_DETIK = env.int("RINGKASAN_ANTRE_DETIK", default=120)


def _asal(url: str) -> list[str]:
    """The origin of an absolute URL, as a CSP source (a tile server's `{s}` any subdomain)."""
    bagian = urlsplit(url)
    if not bagian.scheme or not bagian.netloc:
        return []
    return [f"{bagian.scheme}://{bagian.netloc.replace('{s}', '*')}"]


# No inline script anywhere: every script is a static file; the two pages that must
# work as a file of their own (a berita acara, the public card check) carry their
# style, and the berita acara its print button, with the request's nonce.
# img-src: photos shrunk in the browser are shown from blob: and data: URLs; the
# map tiles come from MAP_TILE_URL's server; media from MEDIA_URL's, if elsewhere.
# connect-src data:: the phone moves an old queue's photos (data: URLs) into IndexedDB.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:", *_asal(MAP_TILE_URL), *_asal(MEDIA_URL)],
        "connect-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The officer's phone may take its position and photos, for this site only.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": ["self"],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "midi": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
    "display-capture": [],
    "interest-cohort": [],
    "browsing-topics": [],
}

SESSION_COOKIE_HTTPONLY = True
# Sessions in the database with a copy in the cache for SESI_TEMBOLOK_DETIK at most
# (lib/sesi.py): a logged-in page reads no session row.
SESSION_ENGINE = "lib.sesi"
SESI_TEMBOLOK_DETIK = env.int("SESI_TEMBOLOK_DETIK", default=300)
SESSION_COOKIE_AGE = SESI_MAKS_JAM * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # a refused or unknown address is one line, without traceback (config/catatan.py)
    "filters": {"galat_klien": {"()": "config.catatan.SatuBarisGalatKlien"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["galat_klien"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
