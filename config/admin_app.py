from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule

# django-leaflet's own admin module imports GeoDjango, which needs the GDAL
# system library; the portal keeps geometry as GeoJSON and uses only
# django-leaflet's template tags, so its admin module is skipped.
SKIPPED = {"leaflet"}


class PortalAdminConfig(SimpleAdminConfig):
    def ready(self):
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name in SKIPPED:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
