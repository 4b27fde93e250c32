from django.urls import path

from intake import views

app_name = "intake"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("export.csv", views.request_export, name="export"),
    path("nouvelle/<int:student_id>/", views.request_create, name="create"),
    path("<int:request_id>/", views.request_detail, name="detail"),
    path("<int:request_id>/<str:action>/", views.request_action, name="action"),
    path("listes/", views.waiting_lists, name="waiting_lists"),
    path("listes/<int:domain_id>/<int:network_id>/", views.waiting_list_detail, name="waiting_list"),
    path("indicateurs/", views.indicators, name="indicators"),
    path("reglages/", views.settings_edit, name="settings"),
]
