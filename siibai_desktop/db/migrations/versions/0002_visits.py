"""visits: 7必访 rules, visits, needs and their history

Revision ID: 0002_visits
Revises: 0001_roster
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

from siibai_desktop.domain.needs import DEFAULT_CATEGORIES
from siibai_desktop.domain.visit_rules import DEFAULT_RULES

revision = "0002_visits"
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
    # the 新住户 rule looks for residents who moved in within N days
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.create_index("ix_residents_moved_in_on", ["moved_in_on"], unique=False)
    op.create_table(
        "visit_rules",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=True),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("living_alone", sa.Boolean(), nullable=False),
        sa.Column("moved_in_within_days", sa.Integer(), nullable=True),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("counting_modes", sa.String(length=200), nullable=False),
        sa.Column("warn_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        *_editable(),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_visit_rules_tag_id_tags")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_rules")),
        sa.UniqueConstraint("code", name=op.f("uq_visit_rules_code")),
    )
    op.create_table(
        "visits",
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("met_whom", sa.Text(), nullable=False),
        sa.Column("must_do", sa.String(length=200), nullable=False),
        sa.Column("must_know", sa.String(length=200), nullable=False),
        sa.Column("observations", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        *_editable(),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], name=op.f("fk_visits_household_id_households")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_household_mode_date", ["household_id", "mode", "visit_date"], unique=False)
        batch_op.create_index("ix_visits_visit_date", ["visit_date"], unique=False)

    op.create_table(
        "visit_staff",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_visit_staff_staff_id_staff")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_visit_staff_visit_id_visits"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("visit_id", "staff_id", name=op.f("pk_visit_staff")),
    )
    with op.batch_alter_table("visit_staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_staff_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "visit_residents",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"], name=op.f("fk_visit_residents_resident_id_residents")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_visit_residents_visit_id_visits"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("visit_id", "resident_id", name=op.f("pk_visit_residents")),
    )
    with op.batch_alter_table("visit_residents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_residents_resident_id"), ["resident_id"], unique=False)

    op.create_table(
        "need_categories",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_editable(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_categories")),
        sa.UniqueConstraint("name", name=op.f("uq_need_categories_name")),
    )
    op.create_table(
        "needs",
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("raised_by", sa.String(length=100), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("owner_staff_id", sa.Integer(), nullable=True),
        sa.Column("escalated_to", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("follow_up_verdict", sa.String(length=20), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        *_editable(),
        sa.ForeignKeyConstraint(["category_id"], ["need_categories.id"], name=op.f("fk_needs_category_id_need_categories")),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], name=op.f("fk_needs_household_id_households")),
        sa.ForeignKeyConstraint(["owner_staff_id"], ["staff.id"], name=op.f("fk_needs_owner_staff_id_staff")),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"], name=op.f("fk_needs_resident_id_residents")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_needs_visit_id_visits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
    )
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_household_id"), ["household_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_owner_staff_id"), ["owner_staff_id"], unique=False)
        batch_op.create_index("ix_needs_status_deadline", ["status", "deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "need_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("who", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_need_events_need_id_needs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_events")),
    )
    with op.batch_alter_table("need_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_events_need_id"), ["need_id"], unique=False)

    _seed()


def _seed() -> None:
    bind = op.get_bind()
    tag_ids = dict(bind.execute(sa.text("SELECT code, id FROM tags WHERE code IS NOT NULL")).all())
    rules = sa.table(
        "visit_rules", *(sa.column(n) for n in (
            "code", "name", "tag_id", "min_age", "living_alone", "moved_in_within_days", "interval_days",
            "counting_modes", "warn_days", "active", "sort_order", "description", "version")),
    )
    op.bulk_insert(rules, [
        {"code": r.code, "name": r.name, "tag_id": tag_ids.get(r.tag_code), "min_age": r.min_age,
         "living_alone": r.living_alone, "moved_in_within_days": r.moved_in_within_days,
         "interval_days": r.interval_days, "counting_modes": ",".join(r.counting_modes),
         "warn_days": r.warn_days, "active": True, "sort_order": i + 1, "description": r.description,
         "version": 1}
        for i, r in enumerate(DEFAULT_RULES)
    ])
    categories = sa.table("need_categories", sa.column("name"), sa.column("sort_order"),
                          sa.column("active"), sa.column("version"))
    op.bulk_insert(categories, [
        {"name": name, "sort_order": i + 1, "active": True, "version": 1}
        for i, name in enumerate(DEFAULT_CATEGORIES)
    ])


def downgrade() -> None:
    for table in ("need_events", "needs", "need_categories", "visit_residents", "visit_staff", "visits",
                  "visit_rules"):
        op.drop_table(table)
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_index("ix_residents_moved_in_on")
