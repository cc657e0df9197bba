"""Rows of the national-scale demo set, as plain dicts for bulk inserts, all drawn from one
seeded random generator: here places, associations and their log-ins (events: scale_events.py)."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.associations.models import AssociationLevel, AssociationStatus, LegalForm
from app.associations.validators import bin_check_digit
from app.auth.models import Role
from app.demo.event_plan import ZONE
from app.demo.scale_texts import Community, Place, ScaleWords

A = AssociationStatus
LEVELS = {
    AssociationLevel.REPUBLICAN: 5, AssociationLevel.REGIONAL: 35, AssociationLevel.CITY: 45,
    AssociationLevel.DISTRICT: 15,
}  # fmt: skip
TRUSTED_SHARE = 0.05  # of approved associations


@dataclass(frozen=True)
class Organiser:
    """What events need to know about their association."""

    id: int
    slug: str
    status: str
    place: Place
    community: Community
    names: dict[str, str]  # the name to write in each language's description
    focus_tasks: tuple[int, ...]
    is_trusted: bool
    weight: float  # how many events it organises, relative to the others


def cumulative(weights: dict) -> tuple[list, list[float]]:
    return list(weights), list(itertools.accumulate(weights.values()))


class AssociationRows:
    def __init__(self, rng, words: ScaleWords, now, reference_ids, reasons, moderator_id):
        self.rng: random.Random = rng
        self.words = words
        self.now: datetime = now
        self.today = now.astimezone(ZONE).date()
        self.region_ids: dict[str, int] = reference_ids["region"]
        self.community_ids: dict[str, int] = reference_ids["community"]
        self.reasons = reasons
        self.moderator_id: int = moderator_id
        self.region_codes = sorted(words.regions)
        self.region_cum = list(itertools.accumulate(words.regions[c][0] for c in self.region_codes))
        self.communities = [c for c in words.communities if c.code in self.community_ids]
        self.community_cum = list(itertools.accumulate(c.weight for c in self.communities))
        self.levels, self.levels_cum = cumulative(LEVELS)
        # Per community, the republican association whose branches the later ones may be.
        self.republican: dict[str, int] = {}

    # ── Places ────────────────────────────────────────────────────────────────────────────

    def _region(self) -> str:
        return self.rng.choices(self.region_codes, cum_weights=self.region_cum)[0]

    def _locality(self, region: str) -> Place:
        """The regional centre mostly, another town of the region sometimes."""
        places = self.words.regions[region][1]
        if len(places) == 1 or self.rng.random() < 0.7:
            return places[0]
        return self.rng.choice(places[1:])

    # ── Associations ──────────────────────────────────────────────────────────────────────

    def association(self, id_: int, n: int, status: str, taken_bins: set[str]):
        """An association row and what its events need; the first ones visit every region."""
        rng = self.rng
        region = self.region_codes[n] if n < len(self.region_codes) else self._region()
        place = self._locality(region)
        community = rng.choices(self.communities, cum_weights=self.community_cum)[0]
        slug = f"{community.code}-{place.en.lower()}-{n + 1}"
        texts = self.words.association_texts(rng, community, place)
        level = rng.choices(self.levels, cum_weights=self.levels_cum)[0]
        legal_form, parent_id = LegalForm.PUBLIC_ASSOCIATION, None
        if level == AssociationLevel.REPUBLICAN:
            self.republican.setdefault(community.code, id_)
            if rng.random() < 0.5:
                legal_form = LegalForm.ASSOCIATION_OF_LEGAL_ENTITIES
        elif community.code in self.republican and rng.random() < 0.25:
            legal_form, parent_id = LegalForm.BRANCH, self.republican[community.code]
        if status == A.PENDING:
            created = self.now - timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 900))
        else:
            created = self.now - timedelta(days=rng.randint(60, 3650), minutes=rng.randint(0, 900))
        approved = status in (A.APPROVED, A.SUSPENDED)
        reason = None
        if status in (A.REJECTED, A.SUSPENDED):
            reason = next(self.reasons[f"association_{status}"])
        founded = rng.randint(1989, created.year)
        is_trusted = status == A.APPROVED and rng.random() < TRUSTED_SHARE
        has_kk_name = rng.random() < 0.92
        focus = set(rng.sample(range(1, 7), rng.choice((1, 2, 2, 3, 3, 4))))
        if len(focus) < 4 and rng.random() < 0.7:
            focus.add(6)  # culture and languages: what most associations are for
        row = {
            "id": id_,
            "slug": slug,
            "status": status,
            "status_reason": reason,
            "name_kk": texts["name_kk"] if has_kk_name else None,
            "name_ru": texts["name_ru"],
            "community_id": self.community_ids[community.code],
            "community_other": None,
            "region_id": self.region_ids[region],
            "locality": place.locality,
            "bin": self._bin(founded, legal_form == LegalForm.BRANCH, n, taken_bins)
            if rng.random() < 0.8
            else None,
            "founded_year": founded,
            "level": level,
            "legal_form": legal_form,
            "parent_id": parent_id,
            "chairperson": rng.choice(self.words.chairpersons),
            "description_kk": texts["description_kk"] if has_kk_name else None,
            "description_ru": texts["description_ru"],
            "description_en": texts["description_en"] if rng.random() < 0.5 else None,
            "website": f"https://{slug}.example.kz" if rng.random() < 0.4 else None,
            "contact_email": f"info@{slug}.example.kz",
            "contact_phone": f"+7 700 {n // 10_000 % 1000:03d} {n // 100 % 100:02d} {n % 100:02d}",
            "is_trusted": is_trusted,
            "approved_at": created + timedelta(days=rng.randint(1, 20)) if approved else None,
            "pending_changes": None,
            "version": 1,
            "created_at": created,
            "updated_at": created + timedelta(days=30) if status != A.PENDING else created,
        }
        organiser = Organiser(
            id=id_,
            slug=slug,
            status=status,
            place=place,
            community=community,
            names={
                "kk": row["name_kk"] or row["name_ru"],
                "ru": row["name_ru"],
                "en": texts["name_en"],
            },
            focus_tasks=tuple(sorted(focus)),
            is_trusted=is_trusted,
            weight=rng.lognormvariate(0, 0.9) * (0.5 if status == A.SUSPENDED else 1),
        )
        return row, organiser

    def _bin(self, founded: int, is_branch: bool, n: int, taken: set[str]) -> str:
        """A BIN that passes the register's check digit: registration year and month, a legal
        entity (4), head office or branch, a serial number."""
        month = self.rng.randint(1, 12)
        for serial in itertools.count(n):
            first = f"{founded % 100:02d}{month:02d}4{int(is_branch)}{serial % 100_000:05d}"
            check = bin_check_digit(first)
            if check is not None and (value := f"{first}{check}") not in taken:
                taken.add(value)
                return value
        raise AssertionError("unreachable")

    def user(self, association: dict[str, Any], email: str, password_hash: str) -> dict:
        """The association's log-in, confirmed when it registered."""
        created = association["created_at"]
        return {
            "email": email,
            "password_hash": password_hash,
            "role": Role.ASSOCIATION,
            "locale": self.rng.choice(("kk", "ru")),
            "is_active_account": True,
            "email_confirmed_at": created + timedelta(minutes=10),
            "last_login_at": None,
            "session_version": 1,
            "association_id": association["id"],
            "created_at": created,
            "updated_at": created,
        }
