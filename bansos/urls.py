"""The bansos app's URLs: each views module owns its part of the list."""

from bansos.views import impor

app_name = "bansos"

urlpatterns = [*impor.urlpatterns]
