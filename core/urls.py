from django.urls import path

from core import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_search, name="search"),
]
