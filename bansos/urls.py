"""The bansos app's URLs: each views module owns its part of the list."""

from bansos.views import ekspor, impor, program, rekap

app_name = "bansos"

urlpatterns = [*impor.urlpatterns, *ekspor.urlpatterns, *program.urlpatterns, *rekap.urlpatterns]
