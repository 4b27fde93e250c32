"""REST endpoints of the documents app, mounted under /api/ by api/urls.py."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
