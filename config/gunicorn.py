"""gunicorn settings, used by the Procfile, the Dockerfile and docker-compose.yml."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
accesslog = "-"
# The path without its query string: searches carry NIK and NI PPPK numbers,
# which must never reach a log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
