"""Where one user is in one claim's journey: kept server side, apart from the claim itself.

Keyed by user, school and claim, so two tabs or two schools never mix.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Protocol

import msgspec

from db.tables import JourneyState


class JourneyAnswers(msgspec.Struct, frozen=True):
    """Where one user is in the journey, which is not part of the claim itself."""

    reached_check_answers: bool = False


class KeyedClaim(Protocol):
    """The claim a journey is through: its id and reference."""

    id: int
    reference: str


def journey_key(user_id: int, school_id: int, claim: KeyedClaim) -> str:
    """The key of one user's journey through one claim of one school."""
    # The reference is part of the key: SQLite may give a removed claim's id to a new one.
    return f"{journey_key_start(user_id, school_id, claim.id)}{claim.reference}"


def journey_key_start(user_id: int, school_id: int, claim_id: int) -> str:
    """The key without the claim's reference, for a query that reads the reference itself."""
    return f"claim:{user_id}:{school_id}:{claim_id}:"


async def journey_answers(user_id: int, school_id: int, claim: KeyedClaim) -> JourneyAnswers:
    """The user's answers kept outside the claim, or none yet."""
    row = (
        await JourneyState.select(JourneyState.data)
        .where(JourneyState.key == journey_key(user_id, school_id, claim))
        .first()
    )
    return answers_from(row["data"] if row else None)


def answers_from(data: str | dict | None) -> JourneyAnswers:
    """The answers from a stored journey state's data (JSON text on SQLite), or none yet."""
    if data is None:
        return JourneyAnswers()
    if isinstance(data, str):
        data = json.loads(data or "{}")
    return msgspec.convert(data, JourneyAnswers)


async def save_journey_answers(
    user_id: int, school_id: int, claim: KeyedClaim, answers: JourneyAnswers, now: datetime
) -> None:
    """Keep the user's answers outside the claim, replacing what was there."""
    data = msgspec.json.encode(answers).decode()
    await JourneyState.insert(
        JourneyState(
            key=journey_key(user_id, school_id, claim),
            user=user_id,
            school=school_id,
            data=data,
            updated_at=now,
        )
    ).on_conflict(
        target=JourneyState.key,
        action="DO UPDATE",
        values=[(JourneyState.data, data), (JourneyState.updated_at, now)],
    )


async def clear_journey_answers(user_id: int, school_id: int, claim: KeyedClaim) -> None:
    """Forget the user's answers outside the claim (once it is submitted)."""
    await JourneyState.delete().where(JourneyState.key == journey_key(user_id, school_id, claim))
