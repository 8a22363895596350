"""Alembic environment: runs on the connection `kiosk.db.migrate` hands it.

`render_as_batch` lets later migrations alter tables on SQLite, which cannot
ALTER most things in place.
"""
from __future__ import annotations

from alembic import context

from kiosk.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand: build an engine from the URL given
    from kiosk.db.engine import make_engine

    connection = make_engine(context.config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
