"""Panels that wait for capabilities being built (scheduling, early warning): shown as "to come" on the
dashboards and listed in docs/portraits.md. Each becomes one short provider once its models are merged."""

SCHEDULING = "scheduling"
EARLY_WARNING = "earlywarning"
