"""The embedded default: SQLite, media on local disk, tasks in-process."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
