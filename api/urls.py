from django.urls import path
from rest_framework.routers import SimpleRouter

from api import consents_views, intake_views, views
from documents import api as documents_api
from plans import api as plans_api
from records import api as records_api
from scheduling import api as scheduling_api
from support import api as support_api

app_name = "api"

router = SimpleRouter()
router.register("eleves", views.StudentViewSet, basename="student")
router.register("ecoles", views.SchoolViewSet, basename="school")
router.register("demandes", intake_views.ServiceRequestViewSet, basename="request")
router.register("consentements", consents_views.ConsentViewSet, basename="consent")

urlpatterns = [
    path("jeton/", views.TokenView.as_view(), name="token"),
    path("listes-attente/", intake_views.WaitingListsView.as_view(), name="waiting-lists"),
    path(
        "listes-attente/<int:domain_id>/<int:network_id>/",
        intake_views.WaitingListDetailView.as_view(),
        name="waiting-list",
    ),
    *router.urls,
    *records_api.urlpatterns,
    *plans_api.urlpatterns,
    *documents_api.urlpatterns,
    *support_api.urlpatterns,
    *scheduling_api.urlpatterns,
]
