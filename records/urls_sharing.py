"""URL patterns of publishing, sharing and transfer (combined by records/urls.py under /dossiers/)."""

from django.urls import URLPattern, URLResolver, path

from records import views_sharing as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:record_id>/publier/", views.publish, name="publish"),
    path(
        "publications/<int:publication_id>/retirer/", views.publication_withdraw, name="publication_withdraw"
    ),
    path("<int:record_id>/communications/", views.sharing_page, name="sharing"),
    path(
        "<int:record_id>/communications/professionnel/", views.share_professional, name="share_professional"
    ),
    path("<int:record_id>/communications/copie/", views.share_copy, name="share_copy"),
    path("communications/<int:share_id>/copie/", views.share_release, name="share_release"),
    path("communications/<int:share_id>/retirer/", views.share_revoke, name="share_revoke"),
    path("transferts/", views.transfers, name="transfers"),
    path("transferts/<int:professional_id>/", views.transfer_from, name="transfer_from"),
]
