"""Log hygiene: planted canary values (a note's text, a password, a code permanent, a health alert)
never reach any logger, at any level, during a realistic flow: a failed then a successful sign-in, a note
written and signed, a roster imported, the 360 page read, pages that do not exist or are forbidden."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from records.models import Entry, EntryStatus
from records.tests.core_helpers import open_alice
from sis.tests.rosters import HEADER, born
from students.models import Student

NOTE = "CANARI-NOTE Alice confie des idées noires depuis septembre"
CODE = "CANA12345699"
WRONG_PASSWORD = "CANARI-mauvais-mot-de-passe"


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name}:{record.levelname}:{text}")


@pytest.fixture
def captured(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    handler = Everything()
    root = logging.getLogger()
    loggers = [root, *(logging.getLogger(n) for n in list(logging.root.manager.loggerDict))]
    saved = [(lg, lg.level) for lg in loggers]
    root.addHandler(handler)
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    for lg, level in saved:
        lg.setLevel(level)


def test_no_canary_reaches_the_logs(client, cast, captured):
    health = cast.alice.health_alert
    # Sign in through the real form: a wrong password, then the right one (a parent: no second factor).
    client.post(reverse("account_login"), {"login": cast.parent.username, "password": WRONG_PASSWORD})
    response = client.post(reverse("account_login"), {"login": cast.parent.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("students:detail", args=[cast.alice.pk])).status_code == 200
    client.get("/page-qui-n-existe-pas/")
    client.get(reverse("records:mine"))  # forbidden to a parent
    client.logout()

    # The psychologist writes and signs a note through the pages.
    record = open_alice(cast)
    client.force_login(cast.psychologist)
    client.get(reverse("students:detail", args=[cast.alice.pk]))
    data = {"kind": "progress_note", "service_date": timezone.localdate().isoformat(), "text": NOTE}
    client.post(reverse("records:entry_create", args=[record.pk]), data)
    entry = Entry.objects.get(record=record)
    client.post(reverse("records:entry_sign", args=[entry.pk]), {"understood": "on"})
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SIGNED
    client.post(reverse("records:entry_edit", args=[entry.pk]), {**data, "text": NOTE + " (modifiée)"})
    client.get(reverse("records:detail", args=[record.pk]))
    client.get(reverse("records:detail", args=[987654]))

    # The manager imports a roster holding the canary code permanent, then a broken one.
    client.force_login(cast.manager)
    line = f"{CODE};Canari;Éloïse;{born(13)};F;751001;Sec 1;101;;0"
    for content in ("\n".join([HEADER, line, ""]), "\n".join([HEADER, line + ";trop;de;colonnes", ""])):
        upload = SimpleUploadedFile("eleves.csv", content.encode(), content_type="text/csv")
        client.post(reverse("sis:import"), {"kind": "eleves", "file": upload})
        client.get(reverse("sis:preview"))
        client.post(reverse("sis:confirm"))
    assert Student.objects.filter(code_permanent=CODE).exists()

    assert len(captured.lines) > 3, "nothing was captured: the capture is broken"
    for canary in (NOTE, "idées noires", PASSWORD, WRONG_PASSWORD, CODE, health):
        leaked = [line for line in captured.lines if canary in line]
        assert not leaked, f"{canary!r} dans les journaux : {leaked[:3]}"
