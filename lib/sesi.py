"""Sessions in PostgreSQL with a short-lived copy in the cache (Redis in production).

Every logged-in request reads its session. Django's `cached_db` backend reads it from
the cache and falls back to the database; this one differs in two ways:

- a cache that is down costs a query, never a page: reading, writing or deleting the
  copy may fail, the database row stays the truth (Django's own raises on some);
- the copy lives SESI_TEMBOLOK_DETIK at most (default 300 s), not the session's
  whole lifetime: should a logout's delete of the copy fail while the cache is
  unreachable, a copy that reappears serves for minutes, not hours.

A session ends through this backend (logout, `flush`) or by its user's password
changing (Django's session hash, checked against the database on every request), so
the copy never outlives a session that ended. Nothing in the portal deletes session
rows behind the backend's back; `clearsessions` removes expired rows only.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db

from lib.redis_tembolok import CACHE_GAGAL

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def _cache_detik(self, detik: int) -> int:
        return max(1, min(detik, settings.SESI_TEMBOLOK_DETIK))

    def load(self) -> dict:
        try:
            data = self._cache.get(self.cache_key)
        except CACHE_GAGAL as exc:  # read the database
            logger.warning("sesi tidak terbaca dari tembolok (%s)", type(exc).__name__)
            data = None
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        self._cache_simpan(data, self.get_expiry_age(expiry=s.expire_date))
        return data

    def exists(self, session_key: str) -> bool:
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except CACHE_GAGAL as exc:  # the database answers
            logger.warning("sesi tidak terbaca dari tembolok (%s)", type(exc).__name__)
        return cached_db.DBStore.exists(self, session_key)

    def save(self, must_create: bool = False) -> None:
        cached_db.DBStore.save(self, must_create)
        self._cache_simpan(self._session, self.get_expiry_age())

    def delete(self, session_key: str | None = None) -> None:
        cached_db.DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except CACHE_GAGAL as exc:  # the row is gone; the copy expires soon
            logger.warning("salinan sesi tidak terhapus dari tembolok (%s)", type(exc).__name__)

    def _cache_simpan(self, data: dict, detik: int) -> None:
        try:
            self._cache.set(self.cache_key, data, self._cache_detik(detik))
        except CACHE_GAGAL as exc:  # the database holds it
            logger.warning("sesi tidak tersimpan di tembolok (%s)", type(exc).__name__)
