"""ticket sent to a counter (a transfer to one counter rather than to a service)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('for_counter_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_ticket_for_counter_id_counter'), 'counter', ['for_counter_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ticket_for_counter_id_counter'), type_='foreignkey')
        batch_op.drop_column('for_counter_id')
