"""State machines: which actions each status allows, which need a reason, and what follows.

Every lifecycle of the app (associations, their profile changes, events, revisions, reports)
is one :class:`StateMachine`. Views, templates and moderation ask it what is possible instead
of listing actions again, so a button is shown exactly when the action would succeed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class TransitionError(Exception):
    """The action is not allowed from the current status, or lacks its reason."""


@dataclass(frozen=True)
class StateMachine:
    """``transitions`` maps (status, action) to the next status."""

    name: str
    transitions: Mapping[tuple[str, str], str]
    reason_required: frozenset[str] = frozenset()
    # Actions that are a moderator's word, as opposed to the owner's own actions.
    decisions: frozenset[str] = frozenset()
    _by_status: dict[str, set[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_status: dict[str, set[str]] = {}
        for status, action in self.transitions:
            by_status.setdefault(status, set()).add(action)
        object.__setattr__(self, "_by_status", by_status)

    def actions(self, status: str) -> set[str]:
        """Every action possible from ``status``."""
        return set(self._by_status.get(status, ()))

    def decisions_from(self, status: str) -> set[str]:
        """The moderator's decisions possible from ``status``."""
        return self.actions(status) & self.decisions

    def allows(self, status: str, action: str) -> bool:
        return (status, action) in self.transitions

    def needs_reason(self, action: str) -> bool:
        return action in self.reason_required

    def restricted_to(self, actions: set[str]) -> StateMachine:
        """The same machine with only ``actions`` left (e.g. the one decision a page offers)."""
        kept = frozenset(actions)
        return StateMachine(
            self.name,
            {key: status for key, status in self.transitions.items() if key[1] in kept},
            self.reason_required & kept,
            self.decisions & kept,
        )

    def next_status(self, status: str, action: str, reason: str | None) -> tuple[str, str | None]:
        """The status after ``action`` and the reason, tidied; raises if either is missing."""
        new_status = self.transitions.get((status, action))
        if new_status is None:
            raise TransitionError(f"{self.name}: cannot {action} from {status}")
        reason = (reason or "").strip() or None
        if self.needs_reason(action) and not reason:
            raise TransitionError(f"{self.name}: {action} needs a reason")
        return new_status, reason

    def move(self, item, action: str, reason: str | None) -> tuple[str, str | None]:
        """Set ``item.status`` after ``action``; returns the status before and the reason."""
        before = item.status
        item.status, reason = self.next_status(before, action, reason)
        return before, reason
