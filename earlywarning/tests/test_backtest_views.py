"""The manager's backtest page: the permission triad, the report of an uploaded folder (files or a zip),
the problems of a bad folder, and saving a fitted set."""

from __future__ import annotations

import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from earlywarning.models import CriteriaSet
from earlywarning.tests.test_backtest_command import _counts

DATA = Path(__file__).parent / "data" / "backtest"
RUN = "earlywarning:backtest:run"
SAVE = "earlywarning:backtest:save"
SAMPLE = "earlywarning:backtest:sample"


def uploads(folder: Path = DATA) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv") for p in sorted(folder.iterdir())
    ]


def post(client, folder=None, **fields):
    data = {"folder": folder if folder is not None else uploads(), "etape": "2", "criteria": ""} | fields
    return client.post(reverse(RUN), data)


def test_anonymous_people_are_sent_to_sign_in(client, cast):
    for name in (RUN, SAVE, SAMPLE):
        response = client.post(reverse(name)) if name == SAVE else client.get(reverse(name))
        assert response.status_code == 302 and "/comptes/login/" in response.url


@pytest.mark.parametrize(
    "who", ["principal", "teacher", "psychologist", "coordinator", "privacy_officer", "parent", "student15"]
)
def test_everyone_but_the_manager_is_refused(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse(RUN)).status_code == 403
    assert client.get(reverse(SAMPLE)).status_code == 403
    assert post(client).status_code == 403
    assert client.post(reverse(SAVE), {"name": "x", "fitted": "y"}).status_code == 403
    assert not CriteriaSet.objects.filter(name="x").exists()


def test_the_manager_uploads_the_folder_and_reads_the_report(client, cast):
    client.force_login(cast.manager)
    page = client.get(reverse(RUN))
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    before = _counts()
    response = post(client)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report["students"], report["positives"], report["auc"]) == (10, 6, 0.7917)
    html = response.content.decode()
    assert '<td id="summary-auc">0,792</td>' in html
    chart = json.loads(
        html.split('<script id="calibration-data" type="application/json">')[1].split("</script>")[0]
    )
    assert chart["observed"] == [50.0, 40.0, 100.0, 100.0, None, None, None, None, 100.0, None]
    assert chart["base_rate"] == 60.0
    table = html.split('id="calibration-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 11 and "<td>40,0 %</td>" in table
    assert "Échec en mathématique" in html.split('id="criteria-table"')[1]
    assert "<script>" not in html  # no inline script (CSP)
    after = _counts()
    grown = {table for table in after if after[table] != before[table]}
    assert grown <= {
        "auditlog_logentry",
        "security_auditseal",
        "django_session",
    }  # the folder is never stored
    run = LogEntry.objects.get(actor=cast.manager, additional_data__event="earlywarning.backtest_run")
    assert run.additional_data == {"event": "earlywarning.backtest_run", "students": 10, "fit": False}


def test_a_zip_of_the_folder_gives_the_same_report(client, cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for item in DATA.iterdir():
            zipped.write(item, f"dossier/{item.name}")
    client.force_login(cast.manager)
    response = post(client, [SimpleUploadedFile("dossier.zip", buffer.getvalue(), "application/zip")])
    assert response.context["report"]["auc"] == 0.7917


def test_a_bad_folder_lists_every_problem_and_keeps_the_choices(client, cast):
    files = [f for f in uploads() if f.name != "issues.csv"]
    bad = (DATA / "resultats.csv").read_text(encoding="utf-8-sig").replace("Français,55", "Français,155")
    files = [f for f in files if f.name != "resultats.csv"] + [
        SimpleUploadedFile("resultats.csv", bad.encode())
    ]
    client.force_login(cast.manager)
    response = post(client, files, etape="3")
    html = response.content.decode()
    assert response.status_code == 200 and "report" not in response.context
    assert "issues.csv : fichier obligatoire manquant" in html
    client.force_login(cast.manager)
    files = [f for f in uploads() if f.name != "resultats.csv"]
    files.append(SimpleUploadedFile("resultats.csv", bad.encode()))
    html = post(client, files, etape="3").content.decode()
    assert "resultats.csv, ligne 8 : note hors limites « 155 » (attendu de 0 à 100)" in html
    assert '<option value="3" selected>' in html
    assert not client.post(reverse(RUN), {"etape": "2"}).context["form"].is_valid()


def test_the_manager_fits_weights_and_saves_them_as_a_new_set(client, cast, tmp_path):
    call_command("earlywarning", "backtest-sample", str(tmp_path), "--students", "300", stdout=StringIO())
    client.force_login(cast.manager)
    response = post(client, uploads(tmp_path), fit="on")
    report = response.context["report"]
    assert 0.5 < report["auc_fit"] <= 1
    html = response.content.decode()
    assert 'id="fit-auc"' in html and 'id="weights-table"' in html
    signed = response.context["save_form"].initial["fitted"]
    tampered = client.post(reverse(SAVE), {"name": "appris", "fitted": signed[:-3] + "abc"})
    assert "a expiré ou a été modifié" in tampered.content.decode()
    assert not CriteriaSet.objects.filter(name="appris").exists()
    saved = client.post(reverse(SAVE), {"name": "appris", "fitted": signed})
    assert saved.status_code == 302 and saved.url == reverse(RUN)
    stored = CriteriaSet.objects.get(name="appris")
    assert stored.author == cast.manager and stored.based_on == CriteriaSet.objects.get(is_default=True)
    kept = {w["code"]: w["weight"] for w in report["fit"]["weights"] if w["kept"]}
    assert {c.code: c.weight for c in stored.as_criteria()} == kept
    again = client.post(reverse(SAVE), {"name": "", "fitted": signed})
    assert again.status_code == 200 and CriteriaSet.objects.filter(name="appris").count() == 1


def test_the_manager_sees_the_link_and_the_others_do_not(client, cast):
    client.force_login(cast.manager)
    assert reverse(RUN) in client.get("/").content.decode()
    client.force_login(cast.principal)
    assert reverse(RUN) not in client.get("/").content.decode()


def test_the_example_folder_downloads_as_a_zip_that_the_page_accepts(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse(SAMPLE))
    assert response["Content-Type"] == "application/zip"
    assert "backtest-exemple.zip" in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(n.split("/")[-1] for n in names) == [
        "absences.csv", "eleves.csv", "evenements.csv", "issues.csv", "resultats.csv",
    ]  # fmt: skip
    report = post(client, [SimpleUploadedFile("exemple.zip", response.content, "application/zip")]).context[
        "report"
    ]
    assert report["students"] == 2000 and report["auc"] > 0.7
