from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BansosConfig(AppConfig):
    name = "bansos"
    verbose_name = _("Bantuan sosial")
