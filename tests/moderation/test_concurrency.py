"""Two moderators decide the same item at the same moment: exactly one decision wins, and only
the winner's e-mail goes out.

Each moderator works in its own thread with its own app context, so its own session and its
own database connection, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm.exc import StaleDataError

from app.associations.models import Association
from app.audit import AuditEntry
from app.auth.models import Role, User
from app.events.models import Event
from app.extensions import db
from app.moderation.decisions import ConflictError, decide_association, decide_event
from app.outbox import OutgoingMail
from tests.factories import make_account, make_association, make_event


def race(app, decide_one, decisions):
    """Run each decision in its own connection; both read before either writes."""
    read_both = threading.Barrier(len(decisions))
    outcomes = {}

    def moderate(name, action, reason):
        # A request context of its own: the decision's e-mail links to the association's pages.
        with app.test_request_context():
            moderator = db.session.scalars(db.select(User).filter_by(email=name)).one()
            item, seen_version = decide_one.load()
            read_both.wait(timeout=10)
            try:
                decide_one.decide(item, action, moderator, reason, seen_version)
                db.session.commit()
                outcomes[name] = "won"
            except (StaleDataError, ConflictError):
                db.session.rollback()
                outcomes[name] = "lost"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=moderate, args=args) for args in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def assert_one_mail_sent(app, outbox, recipient):
    """The loser's e-mail rolled back with its decision; the winner's went out once."""
    (message,) = outbox.glob("*.eml")
    assert f"To: {recipient}" in message.read_text()
    with app.app_context():
        (queued,) = db.session.scalars(db.select(OutgoingMail)).all()
        assert queued.recipient == recipient
        assert queued.sent_at is not None


@pytest.fixture
def two_moderators(app):
    with app.app_context():
        make_account(email="aigerim@example.kz", role=Role.MODERATOR)
        make_account(email="sergey@example.kz", role=Role.MODERATOR)
        db.session.commit()


# Each load reads the members too, as the moderator's review did: no lazy load then flushes the
# loser's change (and fails) before its e-mail is rendered, so the loser queues mail as well.


class AssociationDecision:
    def __init__(self, association_id):
        self.association_id = association_id

    def load(self):
        item = db.session.get(Association, self.association_id)
        list(item.members)
        return item, item.version

    decide = staticmethod(decide_association)


class EventDecision:
    def __init__(self, event_id):
        self.event_id = event_id

    def load(self):
        item = db.session.get(Event, self.event_id)
        list(item.association.members)
        return item, item.version

    decide = staticmethod(decide_event)


def test_concurrent_decisions_on_an_association(app, two_moderators, outbox):
    with app.app_context():
        association = make_association(status="pending")
        make_account(email="chair@example.kz", association=association)
        association_id = association.id
        db.session.commit()
    outcomes = race(
        app,
        AssociationDecision(association_id),
        [
            ("aigerim@example.kz", "approve", None),
            ("sergey@example.kz", "reject", "Атауы толық емес"),
        ],
    )
    assert sorted(outcomes.values()) == ["lost", "won"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    with app.app_context():
        association = db.session.get(Association, association_id)
        entries = list(
            db.session.scalars(
                db.select(AuditEntry).where(
                    AuditEntry.subject_type == "associations",
                    AuditEntry.action.in_(("association.approve", "association.reject")),
                )
            )
        )
        assert len(entries) == 1
        assert entries[0].actor.email == winner
        expected = "approved" if winner == "aigerim@example.kz" else "rejected"
        assert association.status == expected
        assert association.version == 2
    assert_one_mail_sent(app, outbox, "chair@example.kz")


def test_concurrent_decisions_on_an_event(app, two_moderators, outbox):
    with app.app_context():
        event = make_event(status="submitted")
        make_account(email="chair@example.kz", association=event.association)
        event_id = event.id
        db.session.commit()
    outcomes = race(
        app,
        EventDecision(event_id),
        [
            ("aigerim@example.kz", "request_changes", "Мекенжайды нақтылаңыз"),
            ("sergey@example.kz", "approve", None),
        ],
    )
    assert sorted(outcomes.values()) == ["lost", "won"]
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.status in ("changes_requested", "approved")
        decisions = db.session.scalars(
            db.select(AuditEntry.action).where(AuditEntry.subject_type == "events")
        ).all()
        assert len(decisions) == 1
    assert_one_mail_sent(app, outbox, "chair@example.kz")
