"""REST endpoints of the plans app, mounted under /api/ by api/urls.py."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
