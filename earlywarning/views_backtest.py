"""The manager's backtest page: send a folder, read the report, save a fitted criteria set.

Managers only (``earlywarning.manage_criteria``). The files are read in memory and forgotten with the
response: nothing of the folder is stored. A run leaves one audit row with counts only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit import log_event
from earlywarning.backtest import criteria_sets, sources
from earlywarning.backtest.calendar import default_calendar
from earlywarning.backtest.charts import calibration_chart
from earlywarning.backtest.forms import BacktestForm, SaveFittedForm, sign_fitted
from earlywarning.backtest.problems import BacktestInputError
from earlywarning.backtest.report import prepare, report_of
from earlywarning.backtest.sample import sample_zip

PERMISSION = "earlywarning.manage_criteria"
MAX_PROBLEMS_SHOWN = 1000
EVENT_RUN = "earlywarning.backtest_run"
REPEATS = 5
SEED = 42
SAMPLE_STUDENTS = 2000


def _require_manager(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def run(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    calendar = default_calendar()
    if request.method != "POST":
        return render(request, "earlywarning/backtest/form.html", {"form": BacktestForm(calendar=calendar)})
    form = BacktestForm(request.POST, request.FILES, calendar=calendar)
    problems: list[Any] = []
    if form.is_valid():
        try:
            return _report(request, form.cleaned_data, calendar)
        except (BacktestInputError, LookupError) as error:
            problems = getattr(error, "problems", [str(error)])
    context = {"form": form, "problems": problems[:MAX_PROBLEMS_SHOWN], "problem_count": len(problems)}
    return render(request, "earlywarning/backtest/form.html", context)


def _report(request: HttpRequest, data: dict[str, Any], calendar: Any) -> HttpResponse:
    user: Any = request.user
    files = sources.from_uploads((item.name, item.read()) for item in data["folder"])
    prepared = prepare(files, etape=data["etape"], calendar=calendar)
    source = criteria_sets.resolve(data["criteria"] or None)
    report, fitted = report_of(
        prepared,
        criteria=source.criteria,
        criteria_name=source.label,
        fit=data["fit"],
        seed=SEED,
        repeats=REPEATS,
    )
    if user.centre is not None:
        log_event(user, user.centre, event=EVENT_RUN, students=report["students"], fit=data["fit"])
    save_form = None
    if fitted:
        based_on = source.criteria_set.pk if source.criteria_set else None
        signed = sign_fitted(fitted, based_on, criteria_sets.fit_notes(report))
        save_form = SaveFittedForm(initial={"fitted": signed})
    context = {
        "report": report,
        "chart": calibration_chart(report),
        "criteria_by_code": {c["code"]: c for c in report["criteria"]},
        "save_form": save_form,
    }
    return render(request, "earlywarning/backtest/report.html", context)


@login_required
@require_GET
def sample(request: HttpRequest) -> HttpResponse:
    """A synthetic example folder (no real student) to try the page with."""
    _require_manager(request)
    response = HttpResponse(sample_zip(students=SAMPLE_STUDENTS, seed=SEED), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="backtest-exemple.zip"'
    return response


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = SaveFittedForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        payload = form.cleaned_data["fitted"]
        based_on = criteria_sets.CriteriaSet.objects.filter(pk=payload["based_on"]).first()
        try:
            saved = criteria_sets.save(
                form.cleaned_data["name"],
                payload["criteria"],
                author=request.user,
                based_on=based_on,
                notes=payload["notes"],
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Ensemble de critères « %(set)s » enregistré.") % {"set": saved})
            return redirect("earlywarning:backtest:run")
    return render(request, "earlywarning/backtest/save.html", {"save_form": form, "errors": errors})
