from django.urls import URLPattern, URLResolver, path

from scheduling import views, views_more, views_portal

app_name = "scheduling"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.week, name="week"),
    path("nouveau/", views.new, name="new"),
    path("<int:appointment_id>/", views.detail, name="detail"),
    path("<int:appointment_id>/resultat/", views.outcome, name="outcome"),
    path("<int:appointment_id>/annuler/", views.cancel, name="cancel"),
    path("<int:appointment_id>/deplacer/", views.move, name="move"),
    path("<int:appointment_id>/note/", views.start_note, name="start_note"),
    path("<int:appointment_id>/verification/", views.readiness, name="readiness"),
    path("<int:appointment_id>/salle/", views.join, name="join"),
    path("ecole/<int:school_id>/", views.school_week, name="school"),
    path("portail/", views_portal.portal, name="portal"),
    path("portail/plages/<int:slot_id>/reserver/", views_portal.book, name="book"),
    path("portail/<int:appointment_id>/deplacer/", views_portal.family_move, name="family_move"),
    path("portail/<int:appointment_id>/annuler/", views_portal.family_cancel, name="family_cancel"),
    path("plages/", views_portal.slots, name="slots"),
    path("plages/<int:slot_id>/retirer/", views_portal.withdraw, name="withdraw"),
    path("disponibilites/", views_more.availability, name="availability"),
    path(
        "disponibilites/<int:pattern_id>/retirer/", views_more.availability_delete, name="availability_delete"
    ),
    path("disponibilites/exceptions/", views_more.exception_add, name="exception_add"),
    path(
        "disponibilites/exceptions/<int:exception_id>/retirer/",
        views_more.exception_delete,
        name="exception_delete",
    ),
    path("agenda/", views_more.feed, name="feed"),
    path("agenda/nouveau/", views_more.feed_rotate, name="feed_rotate"),
    path("agenda/revoquer/", views_more.feed_revoke, name="feed_revoke"),
    path("flux/<str:secret>.ics", views_more.feed_ics, name="feed_ics"),
    path("deplacements/", views_more.travel, name="travel"),
    path("deplacements/centre/", views_more.travel_totals, name="travel_totals"),
]
