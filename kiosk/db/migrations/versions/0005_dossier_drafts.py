"""dossier drafts and reception: where a draft stopped, who made it, lookups; the
office's bank account for VietQR transfers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=16), nullable=False,
                                      server_default='counter'))
        batch_op.add_column(sa.Column('draft_step', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_dossier_ticket_id', ['ticket_id'], unique=False)
        batch_op.create_index('ix_dossier_state', ['state', 'updated_at'], unique=False)
    # a name's start, newest first, from the index alone (LIKE 'prefix%' on PostgreSQL
    # whatever the server's collation)
    op.drop_index('ix_dossier_name_folded', table_name='dossier')
    op.create_index('ix_dossier_name_folded', 'dossier',
                    ['applicant_name_folded', 'created_at', 'id'],
                    postgresql_ops={'applicant_name_folded': 'varchar_pattern_ops'})
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_bin', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('bank_account', sa.String(length=19), nullable=True))
        batch_op.add_column(sa.Column('bank_account_name', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('bank_account_name')
        batch_op.drop_column('bank_account')
        batch_op.drop_column('bank_bin')
    op.drop_index('ix_dossier_name_folded', table_name='dossier')
    op.create_index('ix_dossier_name_folded', 'dossier', ['applicant_name_folded'])
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_state')
        batch_op.drop_index('ix_dossier_ticket_id')
        batch_op.drop_column('draft_step')
        batch_op.drop_column('source')
