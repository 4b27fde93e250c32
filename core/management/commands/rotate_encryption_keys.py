"""Re-encrypt every encrypted field with the primary key (the first of ENCRYPTION_KEYS).

Put the new key first in ENCRYPTION_KEYS, keep the old ones after it, run this command, then remove
the old keys. Rows are rewritten in batches, each batch in one transaction. Running it twice
rewrites nothing the second time.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from core.crypto import keyring
from core.fields import EncryptedBinaryField, EncryptedTextField

BINARY_BATCH = 20


def _is_stale(value: Any, prefix: str) -> bool:
    if not value:
        return False
    if isinstance(value, bytes | bytearray | memoryview):  # EncryptedBinaryField
        return not bytes(value).startswith(prefix.encode("ascii"))
    return not str(value).startswith(prefix)


def stale_pks(model: Any, pks: list[Any], columns: list[str], primary: str) -> list[Any]:
    """Rows of this batch whose ciphertext is under another key than the primary one.

    Only the first bytes of each value are read (the key id prefix): documents are not loaded here.
    """
    qn = connection.ops.quote_name
    prefix = f"e360:{primary}:"
    sql = "SELECT {pk}, {cols} FROM {table} WHERE {pk} IN ({marks})".format(  # noqa: S608  # nosec B608 (names quoted)
        pk=qn(model._meta.pk.column),
        cols=", ".join(f"SUBSTR({qn(c)}, 1, {len(prefix)})" for c in columns),
        table=qn(model._meta.db_table),
        marks=", ".join(["%s"] * len(pks)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, pks)
        rows = cursor.fetchall()
    return [row[0] for row in rows if any(_is_stale(v, prefix) for v in row[1:])]


class Command(BaseCommand):
    help = "Rechiffre les champs chiffrés avec la clé principale (rotation de clés)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        primary = keyring().primary
        batch = options["batch_size"]
        total = 0
        for model in apps.get_models():
            fields = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedTextField | EncryptedBinaryField)
            ]
            if not fields:
                continue
            names = [f.name for f in fields]
            # Documents are large: a few rows at a time in memory.
            size = (
                min(batch, BINARY_BATCH)
                if any(isinstance(f, EncryptedBinaryField) for f in fields)
                else batch
            )
            all_pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
            rewritten = 0
            for start in range(0, len(all_pks), size):
                with transaction.atomic():
                    stale = stale_pks(
                        model, all_pks[start : start + size], [f.column for f in fields], primary
                    )
                    if stale:
                        objs = list(model._base_manager.select_for_update().filter(pk__in=stale))
                        model._base_manager.bulk_update(objs, names)
                        rewritten += len(objs)
            total += rewritten
            self.stdout.write(f"{model._meta.label} : {rewritten} ligne(s) rechiffrée(s)")
        self.stdout.write(self.style.SUCCESS(f"Rotation terminée : {total} ligne(s) sous la clé {primary}."))
