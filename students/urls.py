from django.urls import path

from students import copy_views, views

app_name = "students"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:student_id>/", views.student_360, name="detail"),
    path("urgence/", views.break_glass, name="break_glass"),
    path("urgence/revision/", views.break_glass_review, name="break_glass_review"),
    *copy_views.URLS,
]
