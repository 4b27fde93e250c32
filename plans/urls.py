from django.urls import URLPattern, URLResolver, path

from plans import views, views_edit

app_name = "plans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_list, name="list"),
    path("declaration/", views.declaration, name="export"),
    path("portail/", views.portal, name="portal"),
    path("portail/<int:plan_id>/", views.portal_plan, name="portal_plan"),
    path("eleve/<int:student_id>/ouvrir/", views.plan_open, name="open"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/phase-suivante/", views.plan_advance, name="advance"),
    path("<int:plan_id>/activer/", views.plan_activate, name="activate"),
    path("<int:plan_id>/signatures/demander/", views.plan_request_signatures, name="request_signatures"),
    path("<int:plan_id>/signatures/papier/", views_edit.paper_signature, name="paper_signature"),
    path("<int:plan_id>/analyse/", views_edit.analysis, name="analysis"),
    path("<int:plan_id>/besoins/ajouter/", views_edit.need_add, name="need_add"),
    path("<int:plan_id>/besoins/<int:need_id>/", views_edit.need_edit, name="need_edit"),
    path("<int:plan_id>/objectifs/ajouter/", views_edit.objective_add, name="objective_add"),
    path("<int:plan_id>/objectifs/<int:objective_id>/", views_edit.objective_edit, name="objective_edit"),
    path("<int:plan_id>/moyens/ajouter/", views_edit.means_add, name="means_add"),
    path("<int:plan_id>/moyens/<int:means_id>/", views_edit.means_edit, name="means_edit"),
    path("<int:plan_id>/participants/ajouter/", views_edit.participant_add, name="participant_add"),
    path(
        "<int:plan_id>/participants/<int:participant_id>/",
        views_edit.participant_edit,
        name="participant_edit",
    ),
    path("<int:plan_id>/suivi/", views_edit.follow_up, name="follow_up"),
    path("<int:plan_id>/revision/", views_edit.review, name="review"),
    path("<int:plan_id>/fermer/", views_edit.close, name="close"),
    path("<int:plan_id>/contacts/ajouter/", views_edit.contact, name="contact"),
]
