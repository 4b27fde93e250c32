"""WSGI entry point (gunicorn eleve360.wsgi). Production settings unless ELEVE360_ENV says otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eleve360.settings")
os.environ.setdefault("ELEVE360_ENV", "production")

application = get_wsgi_application()
