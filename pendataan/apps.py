from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PendataanConfig(AppConfig):
    name = "pendataan"
    verbose_name = _("Pendataan keluarga")
