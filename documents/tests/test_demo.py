"""The demo centre holds documents: report cards shared with families, support-file documents kept for the
school team; their content is encrypted row by row; a reset removes them."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from demo.generator import generate
from documents.models import Document, DocumentContent


def test_the_demo_writes_documents_and_a_reset_removes_them(db):
    generate(400, seed=3)
    documents = Document.objects.all()
    assert documents.filter(compartment="scolaire", shared_with_guardians=True).exists()
    assert (
        not documents.filter(compartment="aide")
        .filter(Q(shared_with_guardians=True) | Q(shared_with_student=True))
        .exists()
    )
    assert DocumentContent.objects.count() == documents.count() > 0
    stored = DocumentContent.objects.first()
    assert stored is not None and bytes(stored.content).startswith(b"%PDF")
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM documents_documentcontent LIMIT 1")
        assert b"%PDF" not in bytes(cursor.fetchone()[0])
    generate(400, seed=3, reset=True)
    assert Document.objects.count() == documents.count()
