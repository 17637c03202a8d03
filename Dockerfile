# The portal's production image: gunicorn (web), Celery worker and beat all run from it.
# See docker-compose.yml for the stack and README.md ("Operations") for how to run it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    FILE_UPLOAD_TEMP_DIR=/app/unggah \
    HOST=0.0.0.0 \
    PORT=8000

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

# The code belongs to root and is read-only for the app user; only static
# files, media and upload temp files are writable (volumes in docker-compose.yml).
RUN useradd --system --create-home --uid 10001 portal
COPY . .
RUN mkdir -p /app/staticfiles /app/media /app/unggah \
    && chown portal:portal /app/staticfiles /app/media /app/unggah
USER portal

# A throwaway key: production.py refuses to load without a long one, and
# collectstatic needs no real secret. The real SECRET_KEY comes at run time.
RUN SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime \
    python manage.py collectstatic --no-input -v0

EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]
