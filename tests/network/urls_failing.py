"""The site's URLs plus two views that fail, for the error-page tests."""

from django.db import OperationalError
from django.urls import path

from network.urls import handler403, handler404, handler500
from network.urls import urlpatterns as site_urlpatterns


def database_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test/database-gone/", database_gone),
    path("test/broken/", broken),
    *site_urlpatterns,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
