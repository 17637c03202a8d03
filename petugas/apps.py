from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetugasConfig(AppConfig):
    name = "petugas"
    verbose_name = _("Petugas dan penugasan")
