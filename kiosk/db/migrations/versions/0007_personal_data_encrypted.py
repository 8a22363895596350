"""personal fields encrypted at rest: their columns become text (the "v1:..." sealed
values), keyed hashes of id numbers for lookups, and the key check (crypto_state)

Alembic has no key: it only changes the columns. The values written before stay as
plaintext text (dates as YYYY-MM-DD, JSON as its text) and the marker row
"plaintext_left" asks the bootstrap to seal them (kiosk/services/personal_data.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
# (table, column, type before, nullable, PostgreSQL's conversion to text)
SEALED = (
    ('dossier', 'applicant_id_number', sa.String(length=12), True, None),
    ('dossier', 'applicant_date_of_birth', sa.Date(), True,
     "to_char(applicant_date_of_birth, 'YYYY-MM-DD')"),
    ('dossier', 'applicant_phone', sa.String(length=15), True, None),
    ('dossier', 'applicant_email', sa.String(length=200), True, None),
    ('dossier', 'answers', JSON_DOC, False, 'answers::text'),
    ('account_request', 'id_number', sa.String(length=12), False, None),
    ('account_request', 'date_of_birth', sa.Date(), True, "to_char(date_of_birth, 'YYYY-MM-DD')"),
    ('account_request', 'phone', sa.String(length=15), True, None),
    ('account_request', 'email', sa.String(length=200), True, None),
    ('account_request', 'answers', JSON_DOC, False, 'answers::text'),
    ('print_job', 'data', JSON_DOC, False, 'data::text'),
)


def _alter(table: str, *, to_text: bool) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name, column, before, nullable, using in SEALED:
            if name != table:
                continue
            if to_text:
                batch_op.alter_column(column, existing_type=before, type_=sa.Text(),
                                      existing_nullable=nullable, postgresql_using=using)
            else:  # downgrade: only plaintext converts back (a sealed value does not)
                back = {'answers': f'{column}::jsonb', 'data': f'{column}::jsonb'}.get(
                    column, f'{column}::date' if isinstance(before, sa.Date) else None)
                batch_op.alter_column(column, existing_type=sa.Text(), type_=before,
                                      existing_nullable=nullable, postgresql_using=back)


def upgrade() -> None:
    op.drop_index('ix_dossier_id_number', table_name='dossier')
    with op.batch_alter_table('account_request', schema=None) as batch_op:
        batch_op.drop_index('ix_account_request_id_number')
    for table in ('dossier', 'account_request', 'print_job'):
        _alter(table, to_text=True)
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applicant_id_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_dossier_id_hash', ['applicant_id_hash', 'state', 'updated_at'],
                              unique=False)
    with op.batch_alter_table('account_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_number_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_account_request_id_number_hash', ['id_number_hash'],
                              unique=False)
    crypto_state = op.create_table(
        'crypto_state',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('value', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_crypto_state')),
    )
    # the rows above are still plaintext: the bootstrap seals them, then drops this row
    op.execute(crypto_state.insert().values(name='plaintext_left', value='1',
                                            updated_at=sa.func.current_timestamp()))


def downgrade() -> None:
    """Only for a database whose personal fields are still plaintext (none sealed)."""
    op.drop_table('crypto_state')
    with op.batch_alter_table('account_request', schema=None) as batch_op:
        batch_op.drop_index('ix_account_request_id_number_hash')
        batch_op.drop_column('id_number_hash')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_id_hash')
        batch_op.drop_column('applicant_id_hash')
    for table in ('print_job', 'account_request', 'dossier'):
        _alter(table, to_text=False)
    with op.batch_alter_table('account_request', schema=None) as batch_op:
        batch_op.create_index('ix_account_request_id_number', ['id_number'], unique=False)
    op.create_index('ix_dossier_id_number', 'dossier', ['applicant_id_number'], unique=False)
