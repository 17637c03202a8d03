import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from akun.models import Peran
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


class BatasSesiMiddleware:
    """Ends a session left idle too long, or open longer than its absolute lifetime.

    The session keeps when it began and when it was last used (epoch seconds); the
    last use is written at most once a minute, so a busy page does not write the
    session on every request. Desk roles wait SESI_MENGANGGUR_MENIT (default 30
    minutes); an officer in the field SESI_MENGANGGUR_PETUGAS_MENIT (default 10
    hours: a day of visits with long walks between them). Every role is logged out
    SESI_MAKS_JAM after logging in. The user is logged out and the request goes on
    as anonymous: a page sends them to the login form, the phone's endpoints answer
    401 "sesi" and the phone keeps its queue until the officer logs in again.
    """

    MULAI = "_sesi_mulai"
    AKTIF = "_sesi_aktif"
    TULIS_SETIAP_DETIK = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._periksa(request, user)
        return self.get_response(request)

    def _periksa(self, request, user) -> None:
        sekarang = int(time.time())
        sesi = request.session
        mulai, aktif = sesi.get(self.MULAI), sesi.get(self.AKTIF)
        if mulai is None or aktif is None:  # a session from before this middleware
            sesi[self.MULAI] = sesi[self.AKTIF] = sekarang
            return
        menganggur = (
            settings.SESI_MENGANGGUR_PETUGAS_MENIT
            if user.peran == Peran.PETUGAS
            else settings.SESI_MENGANGGUR_MENIT
        )
        if sekarang - aktif > menganggur * 60 or sekarang - mulai > settings.SESI_MAKS_JAM * 3600:
            logout(request)
            messages.info(request, _("Sesi Anda sudah berakhir. Silakan masuk lagi."))
            return
        if sekarang - aktif >= self.TULIS_SETIAP_DETIK:
            sesi[self.AKTIF] = sekarang


def sesi_mulai(sender, request, user, **kwargs) -> None:
    """On login (user_logged_in): the session's clock starts now.

    A desk role's cookie ends when the browser closes (an office or shared computer).
    An officer's stays, within its limits: their phone, closed and opened again in a
    street without signal, must send the day's queue the moment signal returns,
    without waiting for a login (tests/browser/test_luring.py)."""
    request.session[BatasSesiMiddleware.MULAI] = int(time.time())
    request.session[BatasSesiMiddleware.AKTIF] = request.session[BatasSesiMiddleware.MULAI]
    if user.peran != Peran.PETUGAS:
        request.session.set_expiry(0)
