from django.urls import URLPattern, URLResolver, path

from records import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mine, name="mine"),
    path("eleve/<int:student_id>/ouvrir/", views.open_record, name="open"),
    path("<int:record_id>/", views.detail, name="detail"),
    path("<int:record_id>/entrees/nouvelle/", views.entry_create, name="entry_create"),
    path("<int:record_id>/fermer/", views.close, name="close"),
    path("entrees/<int:entry_id>/modifier/", views.entry_edit, name="entry_edit"),
    path("entrees/<int:entry_id>/supprimer/", views.entry_delete, name="entry_delete"),
    path("entrees/<int:entry_id>/signer/", views.entry_sign, name="entry_sign"),
    path("entrees/<int:entry_id>/corriger/", views.entry_correct, name="entry_correct"),
    path("entrees/<int:entry_id>/pieces-jointes/", views.attachment_add, name="attachment_add"),
    path("pieces-jointes/<int:attachment_id>/", views.attachment, name="attachment"),
    path("pieces-jointes/<int:attachment_id>/retirer/", views.attachment_remove, name="attachment_remove"),
]
