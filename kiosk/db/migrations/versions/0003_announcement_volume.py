"""office-wide announcement volume and mute (set by the admin, obeyed by every display)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announce_volume', sa.Integer(), server_default='80',
                                      nullable=False))
        batch_op.add_column(sa.Column('announce_muted', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('announce_muted')
        batch_op.drop_column('announce_volume')
