"""3必知 registers (conflicts, community resources, environmental problems) and 集中走访 plans

Revision ID: 0003_registers
Revises: 0001_roster
Create Date: 2026-11-22

A branch beside 0002_visits: the app upgrades to "heads". Only roster tables are referenced.
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_registers"
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
        "conflicts",
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("risk", sa.String(length=10), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("mediation_notes", sa.Text(), nullable=False),
        *_editable(),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_conflicts_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    op.create_index(op.f("ix_conflicts_status"), "conflicts", ["status"])
    op.create_table(
        "conflict_households",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conflict_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["conflict_id"], ["conflicts.id"], ondelete="CASCADE",
                                name=op.f("fk_conflict_households_conflict_id_conflicts")),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"],
                                name=op.f("fk_conflict_households_household_id_households")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_households")),
        sa.UniqueConstraint("conflict_id", "household_id", name=op.f("uq_conflict_households_conflict_id")),
    )
    op.create_index(op.f("ix_conflict_households_household_id"), "conflict_households", ["household_id"])
    op.create_table(
        "community_resources",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("skills", sa.Text(), nullable=False),
        sa.Column("contact_person", sa.String(length=50), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_editable(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_resources")),
    )
    op.create_index(op.f("ix_community_resources_kind"), "community_resources", ["kind"])
    op.create_table(
        "environment_issues",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        *_editable(),
        sa.ForeignKeyConstraint(["building_id"], ["buildings.id"],
                                name=op.f("fk_environment_issues_building_id_buildings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_environment_issues")),
    )
    op.create_index(op.f("ix_environment_issues_building_id"), "environment_issues", ["building_id"])
    op.create_index(op.f("ix_environment_issues_status"), "environment_issues", ["status"])
    op.create_table(
        "visit_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        *_editable(),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_visit_days_staff_id_staff")),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_visit_days_grid_id_grids")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_days")),
    )
    op.create_index(op.f("ix_visit_days_day"), "visit_days", ["day"])
    op.create_table(
        "visit_day_households",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_day_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["visit_day_id"], ["visit_days.id"], ondelete="CASCADE",
                                name=op.f("fk_visit_day_households_visit_day_id_visit_days")),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"],
                                name=op.f("fk_visit_day_households_household_id_households")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_day_households")),
        sa.UniqueConstraint("visit_day_id", "household_id", name=op.f("uq_visit_day_households_visit_day_id")),
    )
    op.create_index(op.f("ix_visit_day_households_household_id"), "visit_day_households", ["household_id"])


def downgrade() -> None:
    op.drop_table("visit_day_households")
    op.drop_table("visit_days")
    op.drop_table("environment_issues")
    op.drop_table("community_resources")
    op.drop_table("conflict_households")
    op.drop_table("conflicts")
