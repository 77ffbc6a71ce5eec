"""Use cases. Each public call is one unit of work and returns plain data, never ORM objects."""
