from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware

from lib.ip import ip_klien


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's actor context, with the client address read as the rest of the
    portal reads it (trusted proxies only, lib/ip.py) and the user loaded only when an
    entry is written (a page that changes nothing pays no query for it).

    The context is put back as it was once the response is made: django-auditlog leaves
    it set, and code run later in the same thread (a test, a command) would otherwise
    write the last request's user as the actor of its own entries.
    """

    def get_extra_data(self, request):
        return {
            "remote_addr": ip_klien(request),
            "remote_port": None,
            "actor": getattr(request, "user", None),
        }

    def __call__(self, request):
        token = auditlog_value.set({})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)
