"""Rows of the national-scale demo set: events, the revisions waiting on some of them and the
reports visitors sent about others, as plain dicts for bulk inserts."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from typing import Any

from app.demo.event_plan import NEW_DATE, REVISION_SHIFT, TASK_SHARE, ZONE
from app.demo.scale_associations import AssociationRows, Organiser, cumulative
from app.demo.scale_texts import title_slug
from app.events.content import encode
from app.events.models import EventFormat, EventStatus, ReportStatus

S = EventStatus
LANGS = ("kk", "ru", "en")
PAST_DAYS, AHEAD_DAYS = 730, 365
# Waiting or unfinished events lie ahead; the others anywhere in the three years.
AHEAD = {S.SUBMITTED, S.CHANGES_REQUESTED, S.DRAFT}
WAS_APPROVED = {S.APPROVED, S.CANCELLED, S.UNPUBLISHED}
WITH_REASON = {S.CHANGES_REQUESTED, S.REJECTED, S.CANCELLED, S.UNPUBLISHED}
# Languages of an event's texts, and how often: Kazakh and Russian most of all.
TEXT_LANGUAGES = {
    ("kk", "ru"): 45, ("kk", "ru", "en"): 25, ("ru",): 12, ("kk",): 8, ("ru", "en"): 5,
    ("kk", "en"): 3, ("en",): 2,
}  # fmt: skip
FORMATS = {EventFormat.IN_PERSON: 70, EventFormat.ONLINE: 12, EventFormat.HYBRID: 18}
CAPACITIES = (20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300, 500)
OWN_LANGUAGE_LESS = {"kazakh", "russian"}  # communities whose language is already kk or ru
FOCUS_SHARE = 0.7  # of an association's events that advance one of its focus tasks
HOME_SHARE = 0.85  # of its events in its own locality
TITLE_PLACE_SHARE = 0.5  # of titles that say where
UNFINISHED_DRAFT_SHARE = 0.3  # of drafts without a task or dates yet
REVISION_SHARE = 0.04  # of approved events at least a week ahead
REPORT_SHARE = 0.01  # of public events


class ScaleRows(AssociationRows):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.topics = {
            task: [t for t in self.words.topics if t.task == task] for task in sorted(TASK_SHARE)
        }
        self.topic_cum = {
            task: list(itertools.accumulate(t.weight for t in topics))
            for task, topics in self.topics.items()
        }
        self.tasks, self.task_cum = cumulative(TASK_SHARE)
        self.text_languages, self.text_languages_cum = cumulative(TEXT_LANGUAGES)
        self.formats, self.formats_cum = cumulative(FORMATS)

    def event(self, id_: int, status: str, organiser: Organiser, cover: int | None) -> dict:
        """An event row; ``cover`` numbers the first events, which take each region and task in
        turn, are upcoming, and are written and held in all three languages."""
        rng = self.rng
        if cover is None:
            format_ = rng.choices(self.formats, cum_weights=self.formats_cum)[0]
            if rng.random() < FOCUS_SHARE:
                task = rng.choice(organiser.focus_tasks)
            else:
                task = rng.choices(self.tasks, cum_weights=self.task_cum)[0]
            place = None
            if format_ != EventFormat.ONLINE:
                home = rng.random() < HOME_SHARE
                place = organiser.place if home else self._locality(self._region())
            languages = rng.choices(self.text_languages, cum_weights=self.text_languages_cum)[0]
        else:
            format_ = EventFormat.HYBRID if cover % 3 == 1 else EventFormat.IN_PERSON
            task = cover % len(self.tasks) + 1
            place = self.words.regions[self.region_codes[cover]][1][0]
            languages = LANGS
        topic = rng.choices(self.topics[task], cum_weights=self.topic_cum[task])[0]
        in_title = place if place and rng.random() < TITLE_PLACE_SHARE else None
        titles = self.words.event_titles(topic, organiser.community, in_title)
        descriptions = self.words.event_descriptions(rng, topic, place, organiser.names, languages)
        unfinished = status == S.DRAFT and rng.random() < UNFINISHED_DRAFT_SHARE
        starts, ends = self._times(status, cover is not None, unfinished)
        title = next(titles[lang] for lang in LANGS if lang in languages)
        row = {
            "id": id_,
            "association_id": organiser.id,
            "task_number": None if unfinished else task,
            "status": status,
            "status_reason": next(self.reasons[status]) if status in WITH_REASON else None,
            "slug": title_slug(title),
            **{f"title_{lang}": titles[lang] if lang in languages else None for lang in LANGS},
            **{f"description_{lang}": descriptions.get(lang) for lang in LANGS},
            "starts_at": starts,
            "ends_at": ends,
            "timezone": "Asia/Almaty",
            "format": format_,
            "region_id": self.region_ids[place.iso_code] if place else None,
            "locality": place.locality if place else None,
            "venue_address": self._venue() if place and not unfinished else None,
            "online_url": (
                f"https://meet.example.kz/{organiser.slug}-{id_}"
                if format_ != EventFormat.IN_PERSON
                else None
            ),
            **self._held_in(languages, organiser, cover is not None),
            "registration_url": (
                f"https://{organiser.slug}.example.kz/register/{id_}"
                if rng.random() < 0.15
                else None
            ),
            "capacity": rng.choice(CAPACITIES) if rng.random() < 0.55 else None,
            "has_step_free_access": place is not None and rng.random() < 0.4,
            "has_sign_language": rng.random() < 0.08,
            "has_simultaneous_translation": rng.random() < 0.12,
            "sequence": 0,
            "version": 1,
        }
        row |= self._stamps(status, starts, organiser.is_trusted)
        return row

    def _times(self, status: str, upcoming: bool, unfinished: bool):
        if unfinished:
            return None, None
        rng = self.rng
        if upcoming or status in AHEAD:
            offset = rng.randint(1, AHEAD_DAYS)
        else:
            offset = rng.randint(-PAST_DAYS, AHEAD_DAYS)
        start = time(rng.randint(10, 19), rng.choice((0, 0, 30)))
        local = datetime.combine(self.today + timedelta(days=offset), start, tzinfo=ZONE)
        days = rng.choice((2, 3)) if rng.random() < 0.03 else 1  # festivals
        length = timedelta(days=days - 1, minutes=60 * rng.randint(1, 3) + rng.choice((0, 30)))
        return local.astimezone(UTC), (local + length).astimezone(UTC)

    def _venue(self) -> str:
        return self.rng.choice(self.words.venues).format(n=self.rng.randint(1, 150))

    def _held_in(self, languages, organiser: Organiser, every: bool) -> dict[str, bool]:
        rng = self.rng
        held = {
            "held_in_kk": every or ("kk" in languages and rng.random() < 0.9),
            "held_in_ru": every or ("ru" in languages and rng.random() < 0.9),
            "held_in_en": every or ("en" in languages and rng.random() < 0.5),
            "held_in_other": organiser.community.code not in OWN_LANGUAGE_LESS
            and rng.random() < 0.25,
        }
        if not any(held.values()):
            held["held_in_ru"] = True
        return held

    def _stamps(self, status: str, starts: datetime | None, trusted: bool) -> dict[str, Any]:
        """Created, sent and decided before the event starts (or before now), in that order."""
        rng = self.rng
        anchor = min(starts, self.now) if starts else self.now
        created = anchor - timedelta(days=rng.randint(5, 60), minutes=rng.randint(0, 600))
        submitted = approved = cancelled = post_reviewed = None
        if status != S.DRAFT:
            submitted = created + timedelta(hours=rng.randint(1, 48))
        if status in WAS_APPROVED:
            approved = min(submitted + timedelta(hours=rng.randint(2, 72)), self.now)
        if status == S.CANCELLED:
            cancelled = min(approved + timedelta(hours=rng.randint(1, 240)), self.now)
        auto = trusted and approved is not None
        if auto and rng.random() < 0.8:
            post_reviewed = min(approved + timedelta(days=rng.randint(1, 5)), self.now)
        stamps = [created, submitted, approved, cancelled, post_reviewed]
        return {
            "submitted_at": submitted,
            "approved_at": approved,
            "cancelled_at": cancelled,
            "is_auto_approved": auto,
            "post_reviewed_at": post_reviewed,
            "created_at": created,
            "updated_at": max(stamp for stamp in stamps if stamp is not None),
        }

    def revision(self, event: dict, organiser: Organiser, always: bool = False) -> dict | None:
        """Now and then (``always``: this time), an organiser moves an approved event a week on;
        the change waits for a moderator (a trusted association's is approved at once)."""
        rng = self.rng
        starts = event["starts_at"]
        if (
            event["status"] != S.APPROVED
            or organiser.is_trusted
            or starts < self.now + timedelta(days=1 if always else 8)
            or (rng.random() >= REVISION_SHARE and not always)
        ):
            return None
        changes = {
            "starts_at": starts + REVISION_SHIFT,
            "ends_at": event["ends_at"] + REVISION_SHIFT,
        }
        for lang, note in NEW_DATE.items():
            if event[f"title_{lang}"]:
                changes[f"title_{lang}"] = event[f"title_{lang}"] + note
        submitted = self.now - timedelta(hours=rng.randint(1, 240))
        returned = rng.random() < 0.2
        return {
            "event_id": event["id"],
            "status": S.CHANGES_REQUESTED if returned else S.SUBMITTED,
            "data": encode(changes),
            "reason": next(self.reasons[S.CHANGES_REQUESTED]) if returned else None,
            "submitted_at": submitted,
            "decided_at": submitted + timedelta(hours=rng.randint(1, 20)) if returned else None,
            "decided_by_id": self.moderator_id if returned else None,
            "is_auto_approved": False,
            "post_reviewed_at": None,
            "version": 1,
        }

    def report(self, event: dict, always: bool = False) -> dict | None:
        """A visitor's report: behind every unpublished event, and on a few public ones
        (``always``: this one), most of them still open."""
        rng = self.rng
        if event["status"] == S.UNPUBLISHED:
            status = ReportStatus.UNPUBLISHED
        elif always:
            status = ReportStatus.OPEN
        elif event["status"] in (S.APPROVED, S.CANCELLED) and rng.random() < REPORT_SHARE:
            status = ReportStatus.DISMISSED if rng.random() < 0.25 else ReportStatus.OPEN
        else:
            return None
        sent = rng.choice(self.words.reports)
        created = event["approved_at"] + (self.now - event["approved_at"]) * rng.random()
        decided = status != ReportStatus.OPEN
        decided_at = min(created + timedelta(hours=rng.randint(1, 48)), self.now)
        reason = None
        if status == ReportStatus.DISMISSED:
            reason = next(self.reasons["report_dismissed"])
        elif status == ReportStatus.UNPUBLISHED:
            reason = event["status_reason"]
        return {
            "event_id": event["id"],
            "reason": sent["reason"],
            "text": sent["text"],
            "status": status,
            "created_at": created,
            "decided_at": decided_at if decided else None,
            "decided_by_id": self.moderator_id if decided else None,
            "decision_reason": reason,
            "version": 1,
        }
