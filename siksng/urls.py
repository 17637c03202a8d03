"""The SIKS-NG cycle's URLs: each views module owns its part of the list."""

from siksng.views import muskel, siklus

app_name = "siksng"

urlpatterns = [*siklus.urlpatterns, *muskel.urlpatterns]
