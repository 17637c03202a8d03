from django import forms
from django.utils.translation import gettext_lazy as _


class TitikRWForm(forms.Form):
    """An RW's point, filled by a click on the map (or typed, without JavaScript)."""

    latitude = forms.DecimalField(
        label=_("Lintang"), max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Bujur"), max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )
