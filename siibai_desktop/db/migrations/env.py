"""Alembic environment. Run through siibai_desktop.db.migrate, which passes the connection."""

from alembic import context

from siibai_desktop.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` command line for autogenerate during development
    from siibai_desktop.db.engine import make_engine

    connection = make_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
