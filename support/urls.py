from django.urls import URLPattern, URLResolver, path

from support import views, views_forms

app_name = "support"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.school_list, name="list"),
    path("portrait/", views.counts, name="counts"),
    path("portail/", views.portal, name="portal"),
    path("portail/<int:intervention_id>/", views.portal_detail, name="portal_detail"),
    path("eleve/<int:student_id>/", views.student_page, name="student"),
    path("eleve/<int:student_id>/palier/", views_forms.tier_form, name="tier"),
    path("eleve/<int:student_id>/interventions/nouvelle/", views_forms.start_form, name="start"),
    path("interventions/<int:intervention_id>/", views.intervention_detail, name="detail"),
    path("interventions/<int:intervention_id>/point/", views_forms.point_form, name="point"),
    path("interventions/<int:intervention_id>/decision/", views_forms.decision_form, name="decide"),
]
