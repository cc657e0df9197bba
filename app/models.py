"""Every model, imported in one place so that Alembic and the mappers see them all."""

from app.associations.models import Association, association_focus_tasks
from app.audit import AuditEntry
from app.auth.models import User
from app.events.models import Event, EventRevision, Report
from app.events.search import EventSearchDocument
from app.moderation.models import ModeratorNote
from app.outbox import OutgoingMail
from app.reference.models import EthnicCommunity, Region, StatutoryTask

__all__ = [
    "Association",
    "AuditEntry",
    "EthnicCommunity",
    "Event",
    "EventRevision",
    "EventSearchDocument",
    "ModeratorNote",
    "OutgoingMail",
    "Region",
    "Report",
    "StatutoryTask",
    "User",
    "association_focus_tasks",
]
