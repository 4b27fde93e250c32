from django.urls import URLPattern, URLResolver, path

from privacy import views, views_registers, views_retention

app_name = "privacy"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/declarer/", views.incident_declare, name="incident_declare"),
    path("incidents/registre.csv", views.incidents_export_csv, name="incidents_csv"),
    path("incidents/registre.pdf", views.incidents_export_pdf, name="incidents_pdf"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="incident"),
    path("incidents/<int:incident_id>/registre/", views.incident_edit, name="incident_edit"),
    path("incidents/<int:incident_id>/fermer/", views.incident_close, name="incident_close"),
    path("incidents/<int:incident_id>/ecarter/", views.incident_dismiss, name="incident_dismiss"),
    path("communications/", views_registers.communication_list, name="communications"),
    path("communications/ajouter/", views_registers.communication_add, name="communication_add"),
    path("communications/registre.csv", views_registers.communications_export, name="communications_csv"),
    path("demandes-acces/", views_registers.request_list, name="requests"),
    path("demandes-acces/ajouter/", views_registers.request_add, name="request_add"),
    path("demandes-acces/<int:request_id>/", views_registers.request_detail, name="request"),
    path("demandes-acces/<int:request_id>/prolonger/", views_registers.request_extend, name="request_extend"),
    path("demandes-acces/<int:request_id>/copie/", views_registers.request_copy, name="request_copy"),
    path("demandes-acces/<int:request_id>/reponse/", views_registers.request_answer, name="request_answer"),
    path("conservation/", views_retention.retention_page, name="retention"),
    path("conservation/suspensions/ajouter/", views_retention.hold_add, name="hold_add"),
    path("conservation/suspensions/<int:hold_id>/lever/", views_retention.hold_release, name="hold_release"),
    path("destructions/", views_retention.run_list, name="runs"),
    path("destructions/preparer/", views_retention.run_prepare, name="run_prepare"),
    path("destructions/<int:run_id>/", views_retention.run_detail, name="run"),
    path("destructions/<int:run_id>/approuver/", views_retention.run_approve, name="run_approve"),
    path("destructions/<int:run_id>/annuler/", views_retention.run_cancel, name="run_cancel"),
    path("inventaire/", views_retention.inventory_page, name="inventory"),
    path("inventaire.csv", views_retention.inventory_export, {"fmt": "csv"}, name="inventory_csv"),
    path("inventaire.md", views_retention.inventory_export, {"fmt": "md"}, name="inventory_md"),
]
