from django.urls import URLPattern, URLResolver, include, path

app_name = "earlywarning"
urlpatterns: list[URLPattern | URLResolver] = [
    path("backtest/", include("earlywarning.urls_backtest")),
]
