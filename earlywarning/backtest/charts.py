"""The data of the calibration chart (drawn by static/earlywarning/backtest/calibration-chart.js)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def calibration_chart(report: dict[str, Any]) -> dict[str, Any]:
    bins = report["calibration"]
    return {
        "labels": [f"{b['low']:g}–{b['high']:g}" for b in bins],
        "observed": [
            None if b["observed_rate"] is None else round(100 * b["observed_rate"], 1) for b in bins
        ],
        "students": [b["students"] for b in bins],
        "base_rate": None if report["base_rate"] is None else round(100 * report["base_rate"], 1),
        "text": {
            "observed": _("Taux observé d'échec ou de décrochage (%)"),
            "base": _("Taux de l'ensemble des élèves (%)"),
            "x": _("Coefficient de risque (tranche de 10 points)"),
            "y": _("Élèves en échec ou en décrochage (%)"),
        },
    }
