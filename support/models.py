"""Models of the support app: tiers (paliers), interventions and progress monitoring."""
