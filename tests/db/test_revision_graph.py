"""The migration graph is read from `revision = …` lines without parsing whole files
(db/migrate.py); test_migrations.py checks the real files against Alembic."""

from __future__ import annotations

from siibai_desktop.db.migrate import _module_assignments


def test_plain_annotated_and_multi_line_assignments():
    source = (
        '"""merge\n\nRevision ID: 0009\nrevision = "not this one"\n"""\n'
        "from alembic import op\n\n"
        'revision: str = "0009_merge"\n'
        "down_revision = (\n"
        '    "0007_a",\n'
        '    "0008_b",\n'
        ")\n\n"
        "def upgrade():\n    revision = 'inside a function'\n"
    )
    assert _module_assignments(source) == {"revision": "0009_merge", "down_revision": ("0007_a", "0008_b")}


def test_first_migration_has_no_down_revision():
    assert _module_assignments("revision = '0001'\ndown_revision = None\n") == {
        "revision": "0001", "down_revision": None}
