"""The manager's upload → preview → confirm pages, with the permission triad."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import School
from sis import uploads
from sis.tests.rosters import born, good_file, good_lines, roster
from students.models import Student

URLS = ["sis:import", "sis:preview", "sis:confirm"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, data: bytes, name: str = "eleves.csv"):
    return client.post(reverse("sis:import"), {"kind": "eleves", "file": SimpleUploadedFile(name, data)})


def stored_files(media_root: Path) -> list[Path]:
    return sorted((media_root / "imports").glob("*")) if (media_root / "imports").exists() else []


def test_anonymous_is_sent_to_login(client, cast):
    for name in URLS:
        response = client.get(reverse(name)) if name != "sis:confirm" else client.post(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name


def test_staff_other_than_managers_are_forbidden(client, cast):
    for user in [cast.teacher, cast.principal, cast.psychologist, cast.coordinator, cast.privacy_officer]:
        client.force_login(user)
        assert client.get(reverse("sis:import")).status_code == 403, user.username
        assert client.get(reverse("sis:preview")).status_code == 403, user.username
        assert client.post(reverse("sis:confirm")).status_code == 403, user.username
        assert upload(client, good_file()).status_code == 403, user.username
    assert Student.objects.count() == 3


def test_a_manager_sees_an_accessible_upload_form(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse("sis:import"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<label for="id_file"' in content
    assert '<label for="id_kind"' in content
    assert 'enctype="multipart/form-data"' in content
    assert_csp_clean(content)


def assert_csp_clean(content: str) -> None:
    assert "style=" not in content
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)
    assert " on" not in re.sub(
        r"[^<]*(<[^>]*>)?", lambda m: (m.group(1) or "").lower().replace(" one", ""), ""
    )


def test_preview_then_confirm_applies_the_file(client, cast, media_root):
    client.force_login(cast.manager)
    response = upload(client, good_file())
    assert response.status_code == 302
    assert response["Location"] == reverse("sis:preview")
    assert len(stored_files(media_root)) == 1
    assert Student.objects.count() == 3  # nothing yet

    response = client.get(reverse("sis:preview"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Confirmer l&#x27;importation" in content or "Confirmer l'importation" in content
    assert "BOUE12345601" in content and "Éloïse" in content
    assert response.context["summary"].created == 2
    assert_csp_clean(content)

    response = client.post(reverse("sis:confirm"), {"confirmer": "1"})
    assert response.status_code == 302
    assert Student.objects.filter(code_permanent__in=["BOUE12345601", "LAVM23456702"]).count() == 2
    assert stored_files(media_root) == []
    assert uploads.SESSION_KEY not in client.session
    follow = client.get(response["Location"])
    assert "2 créé(s), 0 mis à jour, 0 inchangé(s)" in follow.content.decode()


def test_preview_lists_every_error_with_its_line_and_offers_no_confirmation(client, cast):
    client.force_login(cast.manager)
    lines = good_lines()
    upload(client, roster(lines[0].replace(";751001;", ";999999;"), lines[1].replace(born(8), "31/02/2018")))
    response = client.get(reverse("sis:preview"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<td>2</td><td>école inconnue « 999999 »" in content
    assert "<td>3</td><td>date impossible « 31/02/2018 »</td>" in content
    assert "Confirmer" not in content
    assert "rien ne sera enregistré" in content


def test_confirming_a_file_with_errors_applies_nothing(client, cast, media_root):
    client.force_login(cast.manager)
    lines = good_lines()
    upload(client, roster(lines[0], lines[1].replace("3e année", "13e année")))
    response = client.post(reverse("sis:confirm"), {"confirmer": "1"})
    assert response.status_code == 200
    assert "niveau non reconnu « 13e année »" in response.content.decode()
    assert Student.objects.count() == 3


def test_confirm_validates_again_against_the_database(client, cast):
    client.force_login(cast.manager)
    upload(client, good_file())
    assert client.get(reverse("sis:preview")).context["summary"].created == 2
    School.objects.filter(pk=cast.laurent.pk).update(name="École Saint-Laurent-du-Lac")  # file names it
    response = client.post(reverse("sis:confirm"), {"confirmer": "1"})
    assert response.status_code == 200
    assert "école inconnue « École Saint-Laurent »" in response.content.decode()
    assert Student.objects.count() == 3


def test_a_file_changed_on_disk_after_the_preview_is_not_applied(client, cast, media_root):
    client.force_login(cast.manager)
    upload(client, good_file())
    [path] = stored_files(media_root)
    path.write_bytes(good_file() + b"EVIL0001;X;Y;01/01/2015;F;751001;P1;1;;\n")
    response = client.post(reverse("sis:confirm"), {"confirmer": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("sis:import")
    assert Student.objects.count() == 3
    assert stored_files(media_root) == []


def test_a_tampered_session_cannot_reach_other_files(client, cast, media_root):
    client.force_login(cast.manager)
    upload(client, good_file())
    session = client.session
    session[uploads.SESSION_KEY]["name"] = "../../etc/passwd"
    session.save()
    response = client.get(reverse("sis:preview"))
    assert response.status_code == 302
    assert Student.objects.count() == 3


def test_cancelling_removes_the_stored_file(client, cast, media_root):
    client.force_login(cast.manager)
    upload(client, good_file())
    response = client.post(reverse("sis:confirm"), {"annuler": "1"})
    assert response.status_code == 302
    assert stored_files(media_root) == []
    assert Student.objects.count() == 3


def test_a_new_upload_replaces_the_previous_one(client, cast, media_root):
    client.force_login(cast.manager)
    upload(client, good_file())
    upload(client, good_file())
    assert len(stored_files(media_root)) == 1


def test_preview_without_an_upload_goes_back_to_the_form(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse("sis:preview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("sis:import")


def test_an_oversized_file_is_refused_with_a_linked_error(client, cast, settings, media_root):
    settings.SIS_IMPORT_MAX_BYTES = 100
    client.force_login(cast.manager)
    response = upload(client, good_file())
    assert response.status_code == 200
    content = response.content.decode()
    assert "dépasse la taille permise" in content
    assert 'aria-invalid="true"' in content
    assert 'id="id_file_error"' in content
    [file_input] = re.findall(r'<input type="file"[^>]*>', content)
    assert 'aria-describedby="id_file_helptext id_file_error"' in file_input
    assert stored_files(media_root) == []


def test_posting_without_a_file_shows_the_form_with_its_error(client, cast, media_root):
    client.force_login(cast.manager)
    response = client.post(reverse("sis:import"), {"kind": "eleves"})
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert stored_files(media_root) == []


def test_a_binary_file_shows_the_encoding_error(client, cast):
    client.force_login(cast.manager)
    upload(client, good_file().decode().encode("utf-16"))
    content = client.get(reverse("sis:preview")).content.decode()
    assert "UTF-16" in content
    assert "Confirmer" not in content
