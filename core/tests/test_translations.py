"""The English catalogues (the project's and each app's own) are complete and keep every placeholder."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    [*BASE.glob("locale/*/LC_MESSAGES/*.po"), *BASE.glob("*/locale/*/LC_MESSAGES/*.po")],
    key=str,
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def test_there_is_a_catalogue_per_app_and_one_for_the_project():
    names = {path.relative_to(BASE).parts[0] for path in CATALOGUES}
    assert {"locale", "scheduling", "earlywarning", "insights", "privacy", "support"} <= names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_every_string_is_translated_with_the_same_placeholders(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == [], f"{len(missing)} untranslated in {path}: {missing[:5]}"
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            for form in entry.msgstr_plural.values():
                assert placeholders(form) == placeholders(entry.msgid_plural), entry.msgid
        else:
            assert placeholders(entry.msgstr) == placeholders(entry.msgid), entry.msgid
