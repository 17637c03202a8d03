"""Django's Redis cache, with one redis-py client per connection pool instead of a new
one for every call (each builds a table of some 200 reply handlers: a tenth of a
millisecond, twice on every page served from the cache). A client is safe to share
between threads; the pool hands each command its own connection."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# what a cache that is down raises: redis-py's errors are Exceptions of their own, not
# OSErrors; whoever reads or writes the cache where its failure must cost only speed
# catches these
CACHE_GAGAL = (Exception,)


class KlienRedis(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._klien: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        klien = self._klien.get(index)
        if klien is None:
            pool = self._get_connection_pool(write)
            klien = self._klien[index] = self._client(connection_pool=pool)
        return klien


class TembolokRedis(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KlienRedis
