from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sante/", core_views.health, name="health"),
    path("comptes/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("eleves/", include("students.urls")),
    path("importations/", include("sis.urls")),
    path("demandes/", include("intake.urls")),
    path("consentements/", include("consents.urls")),
    path("dossiers/", include("records.urls")),
    path("plans/", include("plans.urls")),
    path("documents/", include("documents.urls")),
    path("rendez-vous/", include("scheduling.urls")),
    path("reperage/", include("earlywarning.urls")),
    path("paliers/", include("support.urls")),
    path("portraits/", include("insights.urls")),
    path("vie-privee/", include("privacy.urls")),
    path("audit/", include("core.urls")),
    path("api/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]
