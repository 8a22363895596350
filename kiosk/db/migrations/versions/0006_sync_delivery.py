"""sync delivery: the portal's status on each outbox row, attachments already uploaded

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portal_status', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('portal_status_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=True))
    # the worker takes the oldest pending rows first, a batch at a time, from the index
    op.create_index('ix_outbox_pending', 'outbox', ['state', 'created_at'])
    op.create_table(
        'portal_upload',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_portal_upload')),
    )


def downgrade() -> None:
    op.drop_table('portal_upload')
    op.drop_index('ix_outbox_pending', table_name='outbox')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('replaced_at')
        batch_op.drop_column('portal_status_at')
        batch_op.drop_column('portal_status')
