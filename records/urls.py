from django.urls import URLPattern, URLResolver

from records import urls_core, urls_sharing

app_name = "records"
urlpatterns: list[URLPattern | URLResolver] = [*urls_core.urlpatterns, *urls_sharing.urlpatterns]
