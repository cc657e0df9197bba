"""Outgoing mail, queued in the transaction that causes it and sent after its commit

Revision ID: 5b0e7c41d2a9
Revises: 211dfced2429
Create Date: 2026-12-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b0e7c41d2a9'
down_revision = '211dfced2429'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('template', sa.String(length=100), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail'))
    )


def downgrade():
    op.drop_table('outgoing_mail')
