from auditlog.middleware import AuditlogMiddleware

from lib.ip import ip_klien


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's actor context, with the client address read as the rest of the
    portal reads it (trusted proxies only, lib/ip.py) and the user loaded only when an
    entry is written (a page that changes nothing pays no query for it)."""

    def get_extra_data(self, request):
        return {
            "remote_addr": ip_klien(request),
            "remote_port": None,
            "actor": getattr(request, "user", None),
        }
