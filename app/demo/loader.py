"""Idempotent loading of the demo associations, their log-ins and the demo staff accounts.

An association is keyed by its slug: one that already exists is left exactly as it is, so a
second run changes nothing and edits made while trying the platform survive a reload.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.associations.lifecycle import apply_transition
from app.associations.models import Association, AssociationLevel, AssociationStatus, LegalForm
from app.associations.validators import is_valid_bin
from app.audit import record
from app.auth.models import Role, User
from app.auth.services import create_user, find_user
from app.db import utcnow
from app.extensions import db
from app.reference.models import EthnicCommunity, Region, StatutoryTask

DATA_FILE = Path(__file__).with_name("associations.toml")

DEMO_PASSWORD = "demo-password-2026"
DEMO_ASSOCIATION_EMAIL = "demo-association@example.kz"
DEMO_MODERATOR_EMAIL = "demo-moderator@example.kz"
DEMO_ADMIN_EMAIL = "demo-admin@example.kz"
ASSOCIATION_EMAIL_DOMAIN = "demo.example.kz"
DEMO_LOGINS = (
    ("Association", DEMO_ASSOCIATION_EMAIL),
    ("Moderator", DEMO_MODERATOR_EMAIL),
    ("Admin", DEMO_ADMIN_EMAIL),
)

# Copied as they are onto the association; the other keys need a look-up or a transition.
PLAIN_FIELDS = (
    "name_kk", "name_ru", "locality", "level", "legal_form", "chairperson", "founded_year",
    "bin", "website", "contact_email", "contact_phone",
    "description_kk", "description_ru", "description_en",
)  # fmt: skip
REQUIRED = ("key", "status", "community", "region", "locality", "level", "legal_form",
            "focus_tasks")  # fmt: skip
KNOWN = {*PLAIN_FIELDS, *REQUIRED, "parent", "reason"}
STATUS_ACTION = {AssociationStatus.APPROVED: "approve", AssociationStatus.REJECTED: "reject"}


class DemoDataError(ValueError):
    """The demo data file contradicts itself or the reference rows."""


@dataclass
class DemoSummary:
    associations_created: int = 0
    associations_existing: int = 0
    users_created: int = 0
    created_by_status: dict[str, int] = field(default_factory=dict)
    # (role label, e-mail); every demo account has DEMO_PASSWORD.
    logins: tuple[tuple[str, str], ...] = DEMO_LOGINS


def association_email(key: str) -> str:
    return f"{key}@{ASSOCIATION_EMAIL_DOMAIN}"


def _check_entry(entry: dict[str, Any], seen: set[str]) -> None:
    key = entry.get("key", "?")
    problems = [f"missing {name}" for name in REQUIRED if name not in entry]
    problems += [f"unknown field {name}" for name in sorted(set(entry) - KNOWN)]
    if not (entry.get("name_kk") or entry.get("name_ru")):
        problems.append("needs name_kk or name_ru")
    if entry.get("status") not in {s.value for s in AssociationStatus}:
        problems.append(f"unknown status {entry.get('status')!r}")
    if entry.get("status") == AssociationStatus.REJECTED and not entry.get("reason"):
        problems.append("a rejected association needs a reason")
    if entry.get("level") not in {level.value for level in AssociationLevel}:
        problems.append(f"unknown level {entry.get('level')!r}")
    if entry.get("legal_form") not in {form.value for form in LegalForm}:
        problems.append(f"unknown legal form {entry.get('legal_form')!r}")
    if (entry.get("legal_form") == LegalForm.BRANCH) != ("parent" in entry):
        problems.append("a branch, and only a branch, names its parent")
    if "parent" in entry and entry["parent"] not in seen:
        problems.append(f"parent {entry['parent']!r} must come earlier in the file")
    tasks = entry.get("focus_tasks", [])
    if not 1 <= len(tasks) <= 4 or any(n not in range(1, 7) for n in tasks):
        problems.append("focus_tasks needs 1 to 4 task numbers from 1 to 6")
    if "bin" in entry and not is_valid_bin(entry["bin"]):
        problems.append(f"invalid BIN {entry['bin']}")
    if problems:
        raise DemoDataError(f"{key}: " + "; ".join(problems))


def read_demo_data(path: Path = DATA_FILE) -> tuple[list[dict[str, Any]], str]:
    """The associations in file order and the key of the demo log-in's association."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    entries = [
        {name: value.strip() if isinstance(value, str) else value for name, value in raw.items()}
        for raw in data["associations"]
    ]
    seen: set[str] = set()
    bins: set[str] = set()
    for entry in entries:
        _check_entry(entry, seen)
        if entry["key"] in seen or entry.get("bin") in bins:
            raise DemoDataError(f"{entry['key']}: key or BIN used twice")
        seen.add(entry["key"])
        if "bin" in entry:
            bins.add(entry["bin"])
    demo_key = data["demo_association"]
    demo = next((entry for entry in entries if entry["key"] == demo_key), None)
    if demo is None or demo["status"] != AssociationStatus.APPROVED:
        raise DemoDataError(f"demo_association {demo_key!r} must be an approved association")
    return entries, demo_key


def _lookup(model, column: str, wanted: set[str]) -> dict[str, Any]:
    rows = db.session.scalars(db.select(model).where(getattr(model, column).in_(wanted)))
    found = {getattr(row, column): row for row in rows}
    if missing := wanted - set(found):
        raise DemoDataError(
            f"unknown {model.__tablename__}: {', '.join(sorted(missing))} "
            "(run `flask reference load` first)"
        )
    return found


def _existing_associations(keys: set[str]) -> dict[str, Association]:
    rows = db.session.scalars(db.select(Association).where(Association.slug.in_(keys)))
    return {row.slug: row for row in rows}


def _ensure_user(email: str, summary: DemoSummary, **fields: Any) -> tuple[User, bool]:
    """The account with ``email``, created confirmed when missing; True when it is new."""
    user = find_user(email)
    if user is not None:
        return user, False
    summary.users_created += 1
    user = create_user(email, DEMO_PASSWORD, email_confirmed_at=utcnow(), **fields)
    return user, True


def _ensure_staff(email: str, role: Role, summary: DemoSummary) -> User:
    user, created = _ensure_user(email, summary, role=role)
    if created:
        record(None, "account.create", user, after=role)
    return user


def _create_association(
    entry: dict[str, Any],
    refs: dict[str, dict[str, Any]],
    moderator: User,
    summary: DemoSummary,
) -> Association:
    """A new association, taken through the same steps as one that registers and is reviewed."""
    association = Association(
        slug=entry["key"],
        status=AssociationStatus.PENDING,
        community=refs["community"][entry["community"]],
        region=refs["region"][entry["region"]],
        parent=refs["association"].get(entry.get("parent", "")),
        **{name: entry.get(name) for name in PLAIN_FIELDS},
    )
    association.focus_tasks = [refs["task"][n] for n in sorted(entry["focus_tasks"])]
    db.session.add(association)
    db.session.flush()
    owner, _ = _ensure_user(association_email(entry["key"]), summary, association=association)
    record(owner, "association.register", association, after=association.status)
    if action := STATUS_ACTION.get(entry["status"]):
        apply_transition(association, action, moderator, reason=entry.get("reason"))
    summary.associations_created += 1
    summary.created_by_status[entry["status"]] = (
        summary.created_by_status.get(entry["status"], 0) + 1
    )
    return association


def load_demo_data(path: Path = DATA_FILE) -> DemoSummary:
    """Create whatever demo rows are missing and commit; existing rows are not touched."""
    entries, demo_key = read_demo_data(path)
    summary = DemoSummary()
    moderator = _ensure_staff(DEMO_MODERATOR_EMAIL, Role.MODERATOR, summary)
    _ensure_staff(DEMO_ADMIN_EMAIL, Role.ADMIN, summary)
    refs: dict[str, dict[str, Any]] = {
        "community": _lookup(EthnicCommunity, "code", {e["community"] for e in entries}),
        "region": _lookup(Region, "iso_code", {e["region"] for e in entries}),
        "task": {task.number: task for task in db.session.scalars(db.select(StatutoryTask))},
        "association": _existing_associations({e["key"] for e in entries}),
    }
    for entry in entries:
        association = refs["association"].get(entry["key"])
        if association is None:
            association = _create_association(entry, refs, moderator, summary)
            refs["association"][entry["key"]] = association
        else:
            summary.associations_existing += 1
    demo_user, created = _ensure_user(
        DEMO_ASSOCIATION_EMAIL, summary, association=refs["association"][demo_key]
    )
    if created:
        record(None, "account.create", demo_user, after=Role.ASSOCIATION)
    db.session.commit()
    return summary
