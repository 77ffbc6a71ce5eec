"""certificates: settings, templates, counters, certificates, ledger

Revision ID: 0004_certificates
Revises: 0001_roster
Create Date: 2026-11-22

Hand-written. Creates the one settings row with a fresh per-installation secret (the key
of the check codes on certificates) and the built-in templates 居住证明 and 荣誉证书.
"""
import secrets

import sqlalchemy as sa
from alembic import op

from siibai_desktop.domain.certificates import BUILTIN_TEMPLATES

revision = "0004_certificates"
down_revision = "0001_roster"
branch_labels = None
depends_on = None


def _editable() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "certificate_settings",
        sa.Column("signing_line", sa.String(200), nullable=False),
        sa.Column("seal_png", sa.LargeBinary(), nullable=True),
        sa.Column("font_path", sa.String(400), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        *_editable(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_settings")),
    )
    op.create_table(
        "certificate_templates",
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("layout", sa.String(20), nullable=False),
        sa.Column("title", sa.String(60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("closing", sa.String(60), nullable=False),
        sa.Column("serial_prefix", sa.String(20), nullable=False),
        sa.Column("needs_resident", sa.Boolean(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_editable(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_certificate_templates_name")),
        sa.UniqueConstraint("serial_prefix", name=op.f("uq_certificate_templates_serial_prefix")),
    )
    op.create_table(
        "certificate_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["template_id"], ["certificate_templates.id"],
                                name=op.f("fk_certificate_counters_template_id_certificate_templates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_counters")),
        sa.UniqueConstraint("template_id", "year", name=op.f("uq_certificate_counters_template_id")),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(60), nullable=False),
        sa.Column("check_code", sa.String(16), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(100), nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Column("title", sa.String(60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("closing", sa.String(60), nullable=False),
        sa.Column("layout", sa.String(20), nullable=False),
        sa.Column("committee_name", sa.String(100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(50), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("voided_by", sa.String(50), nullable=False),
        sa.ForeignKeyConstraint(["template_id"], ["certificate_templates.id"],
                                name=op.f("fk_certificates_template_id_certificate_templates")),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"], name=op.f("fk_certificates_resident_id_residents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("template_id", "year", "number", name=op.f("uq_certificates_template_id")),
        sa.UniqueConstraint("serial", name=op.f("uq_certificates_serial")),
    )
    with op.batch_alter_table("certificates") as batch_op:
        batch_op.create_index("ix_certificates_issued_on", ["issued_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificates_resident_id"), ["resident_id"], unique=False)
    op.create_table(
        "certificate_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(50), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificates.id"],
                                name=op.f("fk_certificate_events_certificate_id_certificates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_events")),
    )
    with op.batch_alter_table("certificate_events") as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_events_certificate_id"), ["certificate_id"], unique=False)

    settings = sa.table(
        "certificate_settings", sa.column("signing_line", sa.String), sa.column("font_path", sa.String),
        sa.column("secret", sa.String), sa.column("version", sa.Integer),
    )
    op.bulk_insert(settings, [{"signing_line": "经办人：", "font_path": "",
                               "secret": secrets.token_hex(32), "version": 1}])
    templates = sa.table(
        "certificate_templates", sa.column("name", sa.String), sa.column("layout", sa.String),
        sa.column("title", sa.String), sa.column("body", sa.Text), sa.column("closing", sa.String),
        sa.column("serial_prefix", sa.String), sa.column("needs_resident", sa.Boolean),
        sa.column("builtin", sa.Boolean), sa.column("active", sa.Boolean), sa.column("version", sa.Integer),
    )
    op.bulk_insert(templates, [
        {"name": name, "layout": layout, "title": title, "body": body, "closing": closing,
         "serial_prefix": prefix, "needs_resident": needs_resident, "builtin": True, "active": True,
         "version": 1}
        for name, layout, title, body, closing, prefix, needs_resident in BUILTIN_TEMPLATES
    ])


def downgrade() -> None:
    op.drop_table("certificate_events")
    op.drop_table("certificates")
    op.drop_table("certificate_counters")
    op.drop_table("certificate_templates")
    op.drop_table("certificate_settings")
