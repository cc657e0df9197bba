"""make_<model>(**overrides): rows with sensible defaults, flushed so they have ids."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from app.associations.models import Association, AssociationStatus
from app.auth.models import Role, User
from app.db import utcnow
from app.events.models import Event, EventStatus
from app.extensions import db
from app.reference.models import EthnicCommunity, Region, StatutoryTask

_counter = itertools.count(1)


def region(iso_code: str = "KZ-75") -> Region:
    return db.session.scalars(db.select(Region).filter_by(iso_code=iso_code)).one()


def community(code: str = "korean") -> EthnicCommunity:
    return db.session.scalars(db.select(EthnicCommunity).filter_by(code=code)).one()


def task(number: int) -> StatutoryTask:
    return db.session.get(StatutoryTask, number)


def make_user(**overrides) -> User:
    n = next(_counter)
    values = {
        "email": f"user{n}@example.kz",
        "password_hash": "not-a-real-hash",
        "role": Role.ASSOCIATION,
        "email_confirmed_at": utcnow(),
    }
    values.update(overrides)
    user = User(**values)
    db.session.add(user)
    db.session.flush()
    return user


def make_association(focus: tuple[int, ...] = (6,), **overrides) -> Association:
    n = next(_counter)
    values = {
        "slug": f"association-{n}",
        "name_kk": f"Бірлестік {n}",
        "name_ru": f"Объединение {n}",
        "status": AssociationStatus.APPROVED,
        "community": community(),
        "region": region(),
        "locality": "Алматы",
        "level": "city",
        "legal_form": "public_association",
    }
    values.update(overrides)
    association = Association(**values)
    association.focus_tasks = [task(number) for number in focus]
    db.session.add(association)
    db.session.flush()
    return association


def make_event(
    association: Association | None = None,
    starts_at: datetime | None = None,
    **overrides,
) -> Event:
    n = next(_counter)
    association = association or make_association()
    starts_at = starts_at or utcnow() + timedelta(days=7)
    values = {
        "association": association,
        "task_number": 6,
        "status": EventStatus.APPROVED,
        "slug": f"event-{n}",
        "title_kk": f"Іс-шара {n}",
        "title_ru": f"Мероприятие {n}",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "format": "in_person",
        "region": association.region,
        "locality": "Алматы",
        "venue_address": "Абай даңғылы, 1",
        "held_in_kk": True,
    }
    values.update(overrides)
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def make_account(
    email: str = "chair@example.kz", password: str = "correct horse battery", **overrides
) -> User:
    """A confirmed user with a real Argon2 password hash."""
    from app.auth.services import create_user

    overrides.setdefault("email_confirmed_at", utcnow())
    return create_user(email, password, **overrides)


def registration_form(**overrides) -> dict:
    """What a volunteer types into the sign-up form, as the browser posts it."""
    data = {
        "email": "chair@example.kz",
        "password": "correct horse battery",
        "confirm": "correct horse battery",
        "name_kk": "Қазақстан корейлерінің қауымдастығы",
        "name_ru": "Ассоциация корейцев Казахстана",
        "community_id": str(community("korean").id),
        "region_id": str(region("KZ-75").id),
        "locality": "Алматы",
        "bin": "940140000385",
        "founded_year": "1990",
        "level": "republican",
        "legal_form": "public_association",
        "chairperson": "Ким Елена",
        "description_kk": "Корей тілі мен мәдениетін **дамытамыз**.",
        "website": "https://koreans.example.kz",
        "contact_email": "info@koreans.example.kz",
        "contact_phone": "+7 727 000 00 00",
        "focus_tasks": ["2", "6"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def event_form(**overrides) -> dict:
    """What a volunteer types into the event form (local Almaty times), as the browser posts it."""
    data = {
        "title_kk": "Наурыз мерекесі",
        "title_ru": "Праздник Наурыз",
        "description_kk": "Ұлттық **тағамдар** мен ойындар.",
        "task_number": "6",
        "starts_at": "2099-03-21T18:00",
        "ends_at": "2099-03-21T21:00",
        "format": "in_person",
        "region_id": str(region("KZ-75").id),
        "locality": "Алматы",
        "venue_address": "Достық үйі, Абай даңғылы, 12",
        "languages": ["kk", "ru"],
        "capacity": "120",
        "has_step_free_access": "y",
        "action": "submit",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
