"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('holiday',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('working_saturday', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_holiday'))
    )
    op.create_table('office',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('agency', sa.String(length=200), nullable=False),
    sa.Column('province_code', sa.String(length=4), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office')),
    sa.UniqueConstraint('code', name=op.f('uq_office_code'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('record_type', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('payload_sha256', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('portal_ref', sa.String(length=60), nullable=True),
    sa.Column('replaces_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['replaces_id'], ['outbox.id'], name=op.f('fk_outbox_replaces_id_outbox')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_record_id'), ['record_id'], unique=False)

    op.create_table('print_job',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.String(length=64), nullable=True),
    sa.Column('printer', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_job'))
    )
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.create_index('ix_print_job_state', ['state', 'created_at'], unique=False)

    op.create_table('procedure',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('name_en', sa.String(length=500), nullable=False),
    sa.Column('sector_code', sa.String(length=40), nullable=False),
    sa.Column('sector_name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('executing_agency', sa.Text(), nullable=False),
    sa.Column('deadline_days', sa.Integer(), nullable=True),
    sa.Column('deadline_text', sa.Text(), nullable=False),
    sa.Column('fee_vnd', sa.Integer(), nullable=True),
    sa.Column('fee_text', sa.Text(), nullable=False),
    sa.Column('documents', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('form', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('source_date', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_procedure'))
    )
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedure_sector_code'), ['sector_code'], unique=False)

    op.create_table('sequence_counter',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', 'business_date', name=op.f('pk_sequence_counter'))
    )
    op.create_table('staff_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('pin_hash', sa.String(length=200), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_user')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_user_username'))
    )
    op.create_table('sync_state',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_sync_state'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name=op.f('fk_audit_log_staff_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_table('counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_counter_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter')),
    sa.UniqueConstraint('office_id', 'number', name=op.f('uq_counter_office_id_number'))
    )
    op.create_table('service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_vi', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('group_vi', sa.String(length=200), nullable=False),
    sa.Column('group_en', sa.String(length=200), nullable=False),
    sa.Column('prefix', sa.String(length=4), nullable=False),
    sa.Column('sectors', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('opens', sa.String(length=5), nullable=False),
    sa.Column('closes', sa.String(length=5), nullable=False),
    sa.Column('daily_max', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_service_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service')),
    sa.UniqueConstraint('office_id', 'code', name=op.f('uq_service_office_id_code'))
    )
    op.create_table('counter_service',
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counter.id'], name=op.f('fk_counter_service_counter_id_counter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_counter_service_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('counter_id', 'service_id', name=op.f('pk_counter_service'))
    )
    op.create_table('ticket',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=16), nullable=False),
    sa.Column('priority_group', sa.String(length=32), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('transferred_from_id', sa.Uuid(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('assisted_by', sa.Integer(), nullable=True),
    sa.Column('rating', sa.String(length=16), nullable=True),
    sa.Column('rating_reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['assisted_by'], ['staff_user.id'], name=op.f('fk_ticket_assisted_by_staff_user')),
    sa.ForeignKeyConstraint(['counter_id'], ['counter.id'], name=op.f('fk_ticket_counter_id_counter')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_ticket_office_id_office')),
    sa.ForeignKeyConstraint(['officer_id'], ['staff_user.id'], name=op.f('fk_ticket_officer_id_staff_user')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_ticket_service_id_service')),
    sa.ForeignKeyConstraint(['transferred_from_id'], ['ticket.id'], name=op.f('fk_ticket_transferred_from_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket'))
    )
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_queue', ['office_id', 'business_date', 'state'], unique=False)
        batch_op.create_index('uq_ticket_number_per_day', ['service_id', 'business_date', 'number'], unique=True, sqlite_where=sa.text('transferred_from_id IS NULL'), postgresql_where=sa.text('transferred_from_id IS NULL'))

    op.create_table('dossier',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('procedure_code', sa.String(length=40), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('applicant_full_name', sa.String(length=200), nullable=False),
    sa.Column('applicant_name_folded', sa.String(length=200), nullable=False),
    sa.Column('applicant_id_number', sa.String(length=12), nullable=True),
    sa.Column('applicant_date_of_birth', sa.Date(), nullable=True),
    sa.Column('applicant_phone', sa.String(length=15), nullable=True),
    sa.Column('applicant_email', sa.String(length=200), nullable=True),
    sa.Column('applicant_address', sa.String(length=500), nullable=True),
    sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('fee_vnd', sa.Integer(), nullable=False),
    sa.Column('payment_method', sa.String(length=16), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('appointment_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_by', sa.Integer(), nullable=True),
    sa.Column('assisted_by', sa.Integer(), nullable=True),
    sa.Column('portal_ref', sa.String(length=60), nullable=True),
    sa.Column('portal_status', sa.String(length=32), nullable=True),
    sa.Column('portal_status_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assisted_by'], ['staff_user.id'], name=op.f('fk_dossier_assisted_by_staff_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_dossier_office_id_office')),
    sa.ForeignKeyConstraint(['procedure_code'], ['procedure.code'], name=op.f('fk_dossier_procedure_code_procedure')),
    sa.ForeignKeyConstraint(['received_by'], ['staff_user.id'], name=op.f('fk_dossier_received_by_staff_user')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_dossier_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier')),
    sa.UniqueConstraint('code', name=op.f('uq_dossier_code'))
    )
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_id_number', ['applicant_id_number'], unique=False)
        batch_op.create_index('ix_dossier_name_folded', ['applicant_name_folded'], unique=False)
        batch_op.create_index('ix_dossier_received', ['office_id', 'received_at'], unique=False)

    op.create_table('ticket_event',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_state', sa.String(length=16), nullable=True),
    sa.Column('to_state', sa.String(length=16), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['counter_id'], ['counter.id'], name=op.f('fk_ticket_event_counter_id_counter')),
    sa.ForeignKeyConstraint(['officer_id'], ['staff_user.id'], name=op.f('fk_ticket_event_officer_id_staff_user')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_ticket_event_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_event'))
    )
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_event_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('account_request',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('id_number', sa.String(length=12), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=15), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consent_version', sa.String(length=20), nullable=False),
    sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('assisted_by', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('outcome_note', sa.String(length=500), nullable=True),
    sa.Column('dossier_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assisted_by'], ['staff_user.id'], name=op.f('fk_account_request_assisted_by_staff_user')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_account_request_dossier_id_dossier')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_account_request_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_request'))
    )
    with op.batch_alter_table('account_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_request_id_number'), ['id_number'], unique=False)

    op.create_table('dossier_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('originals', sa.Integer(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('received', sa.Boolean(), nullable=False),
    sa.Column('attachment_sha256', sa.String(length=64), nullable=True),
    sa.Column('attachment_path', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_dossier_document_dossier_id_dossier'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_document'))
    )
    with op.batch_alter_table('dossier_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_document_dossier_id'), ['dossier_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('dossier_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_document_dossier_id'))

    op.drop_table('dossier_document')
    with op.batch_alter_table('account_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_request_id_number'))

    op.drop_table('account_request')
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_event_ticket_id'))

    op.drop_table('ticket_event')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_received')
        batch_op.drop_index('ix_dossier_name_folded')
        batch_op.drop_index('ix_dossier_id_number')

    op.drop_table('dossier')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('uq_ticket_number_per_day', sqlite_where=sa.text('transferred_from_id IS NULL'), postgresql_where=sa.text('transferred_from_id IS NULL'))
        batch_op.drop_index('ix_ticket_queue')

    op.drop_table('ticket')
    op.drop_table('counter_service')
    op.drop_table('service')
    op.drop_table('counter')
    op.drop_table('audit_log')
    op.drop_table('sync_state')
    op.drop_table('staff_user')
    op.drop_table('sequence_counter')
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedure_sector_code'))

    op.drop_table('procedure')
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_index('ix_print_job_state')

    op.drop_table('print_job')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_record_id'))
        batch_op.drop_index('ix_outbox_due')

    op.drop_table('outbox')
    op.drop_table('office')
    op.drop_table('holiday')

