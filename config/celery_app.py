"""The Celery application. Settings come from Django's, prefixed CELERY_."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["config"])
# by name: the web processes do not import the worker's machinery
app.steps["consumer"].add("config.worker:KirimUlangSaatTersambung")
