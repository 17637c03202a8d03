"""The bansos app's URLs: each views module owns its part of the list."""

from bansos.views import desil, ekspor, impor, program

app_name = "bansos"

urlpatterns = [*impor.urlpatterns, *ekspor.urlpatterns, *program.urlpatterns, *desil.urlpatterns]
