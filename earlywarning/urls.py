from django.urls import URLPattern, URLResolver, include, path

from earlywarning import views, views_criteria, views_portraits

app_name = "earlywarning"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.score_list, name="list"),
    path("eleve/<int:student_id>/", views.student_page, name="student"),
    path("eleve/<int:student_id>/palier/", views.decide_tier, name="tier"),
    path("eleve/<int:student_id>/facteurs/", views.family_copy, name="factors"),
    path("portraits/", views_portraits.portraits_page, name="portraits"),
    path("criteres/", views_criteria.criteria_list, name="criteria"),
    path("criteres/<int:set_id>/", views_criteria.criteria_detail, name="criteria_detail"),
    path("criteres/<int:set_id>/copier/", views_criteria.criteria_copy, name="criteria_copy"),
    path("criteres/<int:set_id>/activer/", views_criteria.criteria_activate, name="criteria_activate"),
    path("backtest/", include("earlywarning.urls_backtest")),
]
