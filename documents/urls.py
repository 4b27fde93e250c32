from django.urls import URLPattern, URLResolver, path

from documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.portal, name="portal"),
    path("eleve/<int:student_id>/deposer/", views.upload, name="upload"),
    path("<int:document_id>/", views.download, name="download"),
    path("<int:document_id>/communiquer/", views.share, name="share"),
    path("<int:document_id>/retirer/", views.withdraw, name="withdraw"),
]
