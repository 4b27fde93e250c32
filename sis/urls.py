from django.urls import path

from sis import views

app_name = "sis"
urlpatterns = [
    path("", views.import_roster, name="import"),
    path("apercu/", views.preview, name="preview"),
    path("confirmer/", views.confirm, name="confirm"),
]
