from django.http import HttpRequest

from akun.access import peran_efektif
from akun.models import Peran


def peran(request: HttpRequest) -> dict:
    """The current role, for the navigation only; every view checks access itself."""
    user = getattr(request, "user", None)
    current = peran_efektif(user) if user is not None else None
    return {"peran": current, "Peran": Peran}
