from django.urls import URLPattern, URLResolver, path

from insights import views

app_name = "insights"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("plancher/", views.floor, name="floor"),
    path("centre/", views.centre, name="centre"),
    path("centre/export.<str:fmt>", views.centre_export, name="centre_export"),
    path("ecole/<int:school_id>/", views.school, name="school"),
    path("ecole/<int:school_id>/export.<str:fmt>", views.school_export, name="school_export"),
    path("groupe/<int:group_id>/", views.group, name="group"),
    path("groupe/<int:group_id>/observations/", views.add_observation, name="add_observation"),
    path("groupe/<int:group_id>/export.<str:fmt>", views.group_export, name="group_export"),
]
