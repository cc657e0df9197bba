"""Events: a maintained is_listed column and the indexes of the public list

Revision ID: 8c2f4e6a1b7d
Revises: 5b0e7c41d2a9
Create Date: 2026-12-01 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c2f4e6a1b7d'
down_revision = '5b0e7c41d2a9'
branch_labels = None
depends_on = None

# The definition of app.events.models.listed_for at the time of this migration.
PUBLIC_EVENT_STATUSES = ("approved", "cancelled")
PUBLIC_ASSOCIATION_STATUSES = ("approved",)


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_listed', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_events_listed_starts', ['is_listed', 'starts_at', 'ends_at', 'id'], unique=False)
        batch_op.create_index('ix_events_listed_task_starts', ['is_listed', 'task_number', 'starts_at', 'ends_at'], unique=False)
        batch_op.create_index('ix_events_listed_region_starts', ['is_listed', 'region_id', 'starts_at', 'ends_at'], unique=False)
        batch_op.create_index('ix_events_listed_association', ['is_listed', 'association_id', 'starts_at'], unique=False)
    events = sa.table('events', sa.column('is_listed', sa.Boolean()), sa.column('status', sa.String()), sa.column('association_id', sa.Integer()))
    associations = sa.table('associations', sa.column('id', sa.Integer()), sa.column('status', sa.String()))
    public_associations = sa.select(associations.c.id).where(associations.c.status.in_(PUBLIC_ASSOCIATION_STATUSES))
    op.execute(
        events.update().values(
            is_listed=sa.and_(
                events.c.status.in_(PUBLIC_EVENT_STATUSES),
                events.c.association_id.in_(public_associations),
            )
        )
    )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_listed_association')
        batch_op.drop_index('ix_events_listed_region_starts')
        batch_op.drop_index('ix_events_listed_task_starts')
        batch_op.drop_index('ix_events_listed_starts')
        batch_op.drop_column('is_listed')
