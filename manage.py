#!/usr/bin/env python
"""Django's command-line utility for Élève 360 (development settings unless ELEVE360_ENV says otherwise)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eleve360.settings")
    os.environ.setdefault("ELEVE360_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
