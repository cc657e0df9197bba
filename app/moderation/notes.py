"""Internal notes moderators keep on an item; never shown to associations."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.moderation.models import ModeratorNote


def notes_for(subject_type: str, subject_id: int) -> list[ModeratorNote]:
    return list(
        db.session.scalars(
            select(ModeratorNote)
            .where(
                ModeratorNote.subject_type == subject_type, ModeratorNote.subject_id == subject_id
            )
            .options(joinedload(ModeratorNote.author))
            .order_by(ModeratorNote.created_at)
        )
    )


def add_note(subject_type: str, subject_id: int, author, text: str) -> ModeratorNote:
    note = ModeratorNote(
        subject_type=subject_type, subject_id=subject_id, author_id=author.id, text=text.strip()
    )
    db.session.add(note)
    return note
