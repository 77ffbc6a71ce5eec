"""Persistence: SQLAlchemy models, engine set-up, migrations. Only services use it."""
