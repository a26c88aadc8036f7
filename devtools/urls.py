"""The site's own addresses, plus the benchmark's framework floor."""

from django.urls import include, path

from devtools.views import floor
from network.urls import handler403, handler404, handler500  # noqa: F401

urlpatterns = [
    path("bench/floor/", floor, name="benchmark_floor"),
    path("", include("network.urls")),
]
