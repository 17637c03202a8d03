"""Who may open which kind of page. Objects are scoped by the selectors (`..._for(user)`).

A user whose role never uses a page gets 403; an object outside their scope
gets 404 from the selector, so its existence does not leak.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from akun.models import Peran, User
from config.galat import minta_json, sesi_berakhir


def peran_efektif(user: User) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return Peran.SUPERADMIN if user.is_superuser else user.peran


def peran_required(*peran: Peran) -> Callable:
    """Allow these roles (and superadmin, who may do everything) to use the view."""
    allowed = {*peran, Peran.SUPERADMIN}

    def decorator(view: Callable) -> Callable:
        @login_required
        def peran_diperiksa(request: HttpRequest, *args, **kwargs):
            if peran_efektif(request.user) not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            # A phone's fetch() would follow login_required's redirect to an HTML page.
            if not request.user.is_authenticated and minta_json(request):
                return sesi_berakhir()
            return peran_diperiksa(request, *args, **kwargs)

        wrapped.peran_diizinkan = frozenset(allowed)
        return wrapped

    return decorator


def simpan_luring(view: Callable) -> Callable:
    """Mark an officer's page as one the service worker may keep for use without signal,
    in the cache of the user it was rendered for: `X-Luring-Pengguna` on an officer's
    200 answer, never on another role's page (pendataan/views/luring.py)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and peran_efektif(request.user) == Peran.PETUGAS:
            response["X-Luring-Pengguna"] = str(request.user.pk)
        return response

    return wrapped
