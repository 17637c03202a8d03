from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from config.galat import galat_json, minta_json


class GantiSandiWajibMiddleware:
    """A user with a one-time password can do nothing but choose their own (or log out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.harus_ganti_sandi:
            boleh = {reverse("akun:password_change"), reverse("akun:logout")}
            if request.path not in boleh and not request.path.startswith("/static/"):
                if minta_json(request):
                    return galat_json(
                        "ganti_sandi",
                        _("Ganti kata sandi sekali pakai Anda di portal sebelum mengirim data."),
                        status=403,
                    )
                messages.info(request, _("Ganti kata sandi sekali pakai Anda sebelum melanjutkan."))
                return redirect("akun:password_change")
        return self.get_response(request)
