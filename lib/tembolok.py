"""No page a logged-in user sees is kept in a browser's or a proxy's cache.

The portal's pages show whole NIKs and KK numbers to the roles that see them whole
(the family and member pages, a visit, the review queue, searches, recipient lists):
on a shared phone or an office computer, a copy kept in the browser's cache outlives
the session. Rather than trust every view to remember it, every answer to a logged-in
user that did not choose its own caching gets `Cache-Control: no-store` (Django's
`add_never_cache_headers`). The views that did choose keep theirs, each because it
carries no whole NIK (the service worker, the phone's form versions, map outlines)
or sets no-store itself (exports, berita acara, KK and KTP photos).
"""

from django.utils.cache import add_never_cache_headers


class TanpaSimpanMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response
