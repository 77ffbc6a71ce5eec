"""due list indexes: visits (household_id, visit_date, mode); residents by age with household


The due list finds each household's last visit in a rule's counting modes by walking
that household's visits newest first; with visit_date before mode in the index the walk
usually stops at the first entry. It replaces 0002's (household_id, mode, visit_date).
The age rule (80岁以上独居) reads birth date, state, household and name from one index.

Revision ID: 0002b_visit_walk_index
Revises: 0002_visits
Create Date: 2026-11-22
"""
from alembic import op

revision = "0002b_visit_walk_index"
down_revision = "0002_visits"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_household_date_mode", ["household_id", "visit_date", "mode"], unique=False,
                              postgresql_include=["id"])
        batch_op.drop_index("ix_visits_household_mode_date")
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.create_index("ix_residents_birth_state_household",
                              ["birth_date", "state", "household_id", "name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_index("ix_residents_birth_state_household")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_household_mode_date", ["household_id", "mode", "visit_date"], unique=False)
        batch_op.drop_index("ix_visits_household_date_mode")
