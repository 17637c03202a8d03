from django.apps import AppConfig


class PimpinanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pimpinan"
    verbose_name = "Dasbor pimpinan"
