from django.conf import settings
from django.http import HttpRequest


def peta(request: HttpRequest) -> dict:
    """Map options from settings (tile URL may be empty: boundaries only)."""
    config = settings.LEAFLET_CONFIG
    return {
        "peta_opsi": {
            "center": list(config["DEFAULT_CENTER"]),
            "zoom": config["DEFAULT_ZOOM"],
            "tiles": settings.MAP_TILE_URL,
            "attribution": settings.MAP_ATTRIBUTION,
        }
    }
