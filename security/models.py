"""The seal of each audit row: a chain of HMAC-SHA-256 digests over django-auditlog's LogEntry rows.

`AuditSeal` is written in the same transaction as (right after) each LogEntry: its digest covers the
previous seal's digest and every column of the entry, so an entry edited, deleted or inserted in the
database, outside the application, breaks the chain (`manage.py verify_audit`). `AuditChainHead` (one row)
holds the last sequence number and digest, and the anchor from which verification starts after the
retention schedule removed the oldest entries (docs/securite.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditSeal(models.Model):
    seq = models.BigIntegerField(_("rang"), primary_key=True)
    entry_id = models.BigIntegerField(_("entrée du journal"), unique=True)
    digest = models.CharField(_("empreinte"), max_length=64)

    class Meta:
        verbose_name = _("sceau du journal")
        verbose_name_plural = _("sceaux du journal")

    def __str__(self) -> str:
        return f"{self.seq}:{self.entry_id}"


class AuditChainHead(models.Model):
    seq = models.BigIntegerField(_("dernier rang"), default=0)
    digest = models.CharField(_("dernière empreinte"), max_length=64, default="")
    anchor_seq = models.BigIntegerField(_("rang d'ancrage"), default=0)
    anchor_digest = models.CharField(_("empreinte d'ancrage"), max_length=64, default="")

    class Meta:
        verbose_name = _("tête de la chaîne du journal")
        verbose_name_plural = _("têtes de la chaîne du journal")

    def __str__(self) -> str:
        return f"{self.seq}:{self.digest[:12]}"
