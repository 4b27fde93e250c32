from django.urls import path

from consents import views

app_name = "consents"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("eleve/<int:student_id>/demander/", views.request_create, name="request"),
    path("eleve/<int:student_id>/papier/", views.paper_create, name="paper"),
    path("demandes/<int:request_id>/signer/", views.sign, name="sign"),
    path("demandes/<int:request_id>/annuler/", views.request_cancel, name="cancel"),
    path("<int:consent_id>/document/", views.document, name="document"),
    path("<int:consent_id>/revoquer/", views.revoke, name="revoke"),
]
