from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiksngConfig(AppConfig):
    name = "siksng"
    verbose_name = _("Pembaruan bulanan SIKS-NG")
