"""visits can be voided (作废): who, when and why; the due-list walk index skips voided visits

A visit entered by mistake is never deleted (the audit trail keeps it) but stops counting.
The due list walks (household_id, visit_date, mode) newest first; voided_at joins that
index so the walk can pass over voided visits from the index alone. The new columns are
nullable, so SQLite adds them without copying the table.

Revision ID: 0002c_visit_voids
Revises: 0002b_visit_walk_index
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0002c_visit_voids"
down_revision = "0002b_visit_walk_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("voided_by", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_household_date_mode_void",
                              ["household_id", "visit_date", "mode", "voided_at"], unique=False,
                              postgresql_include=["id"])
        batch_op.drop_index("ix_visits_household_date_mode")


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_household_date_mode", ["household_id", "visit_date", "mode"], unique=False,
                              postgresql_include=["id"])
        batch_op.drop_index("ix_visits_household_date_mode_void")
    # plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): batch mode would copy the table, and
    # dropping the old one would cascade to visit_staff and visit_residents
    for column in ("void_reason", "voided_by", "voided_at"):
        op.drop_column("visits", column)
