"""The load benchmark's settings: production's, plus two baseline pages (benchmarks/beban.py).

The baseline pages exist only here, never in the portal's own URLs."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls_beban"
