from django.urls import URLPattern, URLResolver, path

from earlywarning import views_backtest

app_name = "backtest"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_backtest.run, name="run"),
    path("enregistrer/", views_backtest.save, name="save"),
    path("exemple.zip", views_backtest.sample, name="sample"),
]
