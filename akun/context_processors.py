from django.conf import settings
from django.http import HttpRequest

from akun.access import peran_efektif
from akun.models import Peran


def peran(request: HttpRequest) -> dict:
    """The current role, for the navigation only; every view checks access itself."""
    user = getattr(request, "user", None)
    current = peran_efektif(user) if user is not None else None
    return {"peran": current, "Peran": Peran}


def privasi(request: HttpRequest) -> dict:
    """For the privacy notice (templates/_privasi.html): the data-protection officer's
    contact (PDP_* settings) and how long list files are kept."""
    return {
        "privasi": {
            "nama": settings.PDP_NAMA,
            "surel": settings.PDP_SUREL,
            "telepon": settings.PDP_TELEPON,
            "berkas_hari": settings.BERKAS_BANSOS_SIMPAN_HARI,
        }
    }
