"""gunicorn settings, used by the Procfile, the Dockerfile and docker-compose.yml.

nginx reads every request whole before gunicorn sees it (deploy/), so no worker
waits for a slow client. Threads (gthread) are for the bursts that follow: many
photos that finished arriving at once each take a second or two of work, and in
sync workers /healthz and the worklist queued behind them for seconds; with
threads they are answered at once by a free thread.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
accesslog = "-"
# The path without its query string: searches carry NIK and NI PPPK numbers,
# which must never reach a log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
