from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkunConfig(AppConfig):
    name = "akun"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from akun.middleware import sesi_mulai

        # Django's own login hook (as for last_login): every login, the form's or a
        # test's force_login, starts the session's clock without a second write.
        user_logged_in.connect(sesi_mulai, dispatch_uid="akun.sesi_mulai")
