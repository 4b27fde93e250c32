"""Models of the earlywarning app."""
