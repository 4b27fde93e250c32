from django.apps import AppConfig


class SisConfig(AppConfig):
    name = "sis"
    verbose_name = "Importations SIS"
