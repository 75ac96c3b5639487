"""The claims that name one accredited provider, as its users list, read and download them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import msgspec

from db.queries.claim_scope import EVERY_CLAIM, ClaimScope, scoped
from db.sql import fetch
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType
from domain.provider_claim_search import ProviderClaimChoices, ProviderClaimSearch

CSV_BATCH = 500


class SchoolChoice(msgspec.Struct, frozen=True):
    """A school the provider's claims name, as the school filter offers it."""

    id: int
    name: str
    urn: str


class ProviderClaimOptions(msgspec.Struct, frozen=True):
    """What the provider's filters offer: the schools and years of its claims."""

    schools: tuple[SchoolChoice, ...]
    academic_years: tuple[AcademicYear, ...]

    @property
    def choices(self) -> ProviderClaimChoices:
        """The options as the search's parser checks them."""
        return ProviderClaimChoices(
            school_ids=frozenset(each.id for each in self.schools),
            academic_years=self.academic_years,
        )


class ProviderClaimRow(msgspec.Struct, frozen=True):
    """A claim as the provider's list shows it."""

    id: int
    reference: str
    status: ClaimStatus
    academic_year: AcademicYear
    school_name: str
    school_urn: str
    amount_pence: int | None
    submitted_at: datetime | None


class MentorLine(msgspec.Struct, frozen=True):
    """A mentor on the claim and the hours claimed for their training."""

    name: str
    hours: int | None
    training_type: TrainingType | None


class ProviderClaim(ProviderClaimRow, frozen=True):
    """A claim with its mentors, as the claim page and the download show it: never the name or
    email of the school's users."""

    lines: tuple[MentorLine, ...]
    hourly_rate_pence: int | None = None

    @property
    def total_hours(self) -> int:
        """Every mentor's hours on the claim."""
        return sum(line.hours or 0 for line in self.lines)


# Drafts are the school's own until submitted: no provider sees them.
_NAMES_PROVIDER = "c.provider = {} AND c.status <> 'draft'"

# The schools and years of the provider's claims, read through the claim's provider index: one
# statement, as the filters are on every page of the list.
_OPTIONS = f"""
SELECT 'school' AS kind, s.id, s.name, s.urn, NULL AS start_year
FROM school AS s
WHERE s.id IN (SELECT c.school FROM claim AS c WHERE {_NAMES_PROVIDER} AND {{scope}})
UNION ALL
SELECT 'year' AS kind, NULL, NULL, NULL, y.start_year
FROM academic_year AS y
WHERE y.id IN (SELECT c.academic_year FROM claim AS c WHERE {_NAMES_PROVIDER} AND {{scope}})
"""


async def provider_claim_options(
    provider_id: int, scope: ClaimScope = EVERY_CLAIM
) -> ProviderClaimOptions:
    """The schools (by name) and academic years (newest first) of the provider's claims in
    scope."""
    sql, values = scoped(_OPTIONS, scope)
    rows = await fetch(sql, provider_id, *values, provider_id, *values)
    schools = sorted(
        (
            SchoolChoice(row["id"], row["name"], row["urn"])
            for row in rows
            if row["kind"] == "school"
        ),
        key=lambda each: (each.name.casefold(), each.urn),
    )
    years = sorted(
        (AcademicYear(int(row["start_year"])) for row in rows if row["kind"] == "year"),
        reverse=True,
    )
    return ProviderClaimOptions(schools=tuple(schools), academic_years=tuple(years))


def _where(provider_id: int, search: ProviderClaimSearch, scope: ClaimScope) -> tuple[str, list]:
    """The provider's claims in scope the search finds, as SQL conditions on claim `c`, with
    values."""
    in_scope, scoped = scope.condition()
    conditions, values = [_NAMES_PROVIDER, in_scope], [provider_id, *scoped]
    if search.school_id is not None:
        conditions.append("c.school = {}")
        values.append(search.school_id)
    if search.academic_year is not None:
        conditions.append(
            "c.academic_year = (SELECT y.id FROM academic_year AS y WHERE y.start_year = {})"
        )
        values.append(search.academic_year.start_year)
    return " AND ".join(conditions), values


# How many the search finds rides along with the page (an uncorrelated subquery counted once);
# the page walks the (provider, submitted_at) index newest first and stops after a page.
_LIST = """
SELECT c.id, c.reference, c.status, c.amount_pence, c.submitted_at, y.start_year,
    s.name AS school_name, s.urn AS school_urn,
    (SELECT COUNT(*) FROM claim AS c WHERE {where}) AS found
FROM claim AS c
JOIN school AS s ON s.id = c.school
JOIN academic_year AS y ON y.id = c.academic_year
WHERE {where}
ORDER BY c.submitted_at DESC, c.id DESC
LIMIT {limit} OFFSET {offset}
"""

_COUNT = "SELECT COUNT(*) AS found FROM claim AS c WHERE {where}"


def _fields(row: dict) -> dict:
    """A claim row's values as ProviderClaimRow names them."""
    return {
        "id": row["id"],
        "reference": row["reference"],
        "status": ClaimStatus(row["status"]),
        "academic_year": AcademicYear(row["start_year"]),
        "school_name": row["school_name"],
        "school_urn": row["school_urn"],
        "amount_pence": row["amount_pence"],
        "submitted_at": row["submitted_at"],
    }


async def find_provider_claims(
    provider_id: int,
    search: ProviderClaimSearch,
    page: int,
    per_page: int,
    scope: ClaimScope = EVERY_CLAIM,
) -> tuple[list[ProviderClaimRow], int]:
    """One page of the provider's claims in scope the search finds, newest first, and how many
    in all."""
    where, values = _where(provider_id, search, scope)
    sql = _LIST.format(where=where, limit="{}", offset="{}")
    rows = await fetch(sql, *values, *values, per_page, (page - 1) * per_page)
    if rows:
        found = rows[0]["found"]
    elif page == 1:
        found = 0
    else:
        # A page past the last: only then is the count read on its own.
        found = (await fetch(_COUNT.format(where=where), *values))[0]["found"]
    return [ProviderClaimRow(**_fields(row)) for row in rows], found


_CSV = """
SELECT c.id, c.reference, c.status, c.amount_pence, c.submitted_at, y.start_year,
    s.name AS school_name, s.urn AS school_urn
FROM claim AS c
JOIN school AS s ON s.id = c.school
JOIN academic_year AS y ON y.id = c.academic_year
WHERE {where} AND c.id < {{}}
ORDER BY c.id DESC
LIMIT {{}}
"""

_MENTORS = """
SELECT cm.claim, m.first_name, m.last_name, cm.hours, cm.training_type
FROM claim_mentor AS cm JOIN mentor AS m ON m.id = cm.mentor
WHERE cm.claim IN ({ids})
ORDER BY m.last_name, m.first_name, cm.id
"""


def _line(row: dict) -> MentorLine:
    return MentorLine(
        name=f"{row['first_name']} {row['last_name']}",
        hours=row["hours"],
        training_type=TrainingType(row["training_type"]) if row["training_type"] else None,
    )


async def _mentors_of(claim_ids: list[int]) -> dict[int, list[MentorLine]]:
    placeholders = ", ".join("{}" for _ in claim_ids)
    rows = await fetch(_MENTORS.format(ids=placeholders), *claim_ids)
    lines: dict[int, list[MentorLine]] = {claim_id: [] for claim_id in claim_ids}
    for row in rows:
        lines[row["claim"]].append(_line(row))
    return lines


async def provider_claim_batches(
    provider_id: int,
    search: ProviderClaimSearch,
    batch: int | None = None,
    scope: ClaimScope = EVERY_CLAIM,
) -> AsyncIterator[list[ProviderClaim]]:
    """Every claim of the provider in scope the search finds, newest claim first, a batch at a
    time."""
    # Keyset paging on the id, as the console's download does: each batch is two short queries,
    # and a claim submitted while the download runs cannot shift a row into the next batch.
    batch = batch or CSV_BATCH
    where, values = _where(provider_id, search, scope)
    sql = _CSV.format(where=where)
    # Above every id: ids are SERIAL (32-bit) on PostgreSQL.
    last = 2**31 - 1
    while True:
        rows = await fetch(sql, *values, last, batch)
        if not rows:
            return
        mentors = await _mentors_of([row["id"] for row in rows])
        yield [ProviderClaim(**_fields(row), lines=tuple(mentors[row["id"]])) for row in rows]
        if len(rows) < batch:
            return
        last = rows[-1]["id"]


_CLAIM = f"""
SELECT c.id, c.reference, c.status, c.submitted_at, c.hourly_rate_pence, c.amount_pence,
    y.start_year, s.name AS school_name, s.urn AS school_urn,
    m.first_name, m.last_name, cm.hours, cm.training_type
FROM claim AS c
JOIN school AS s ON s.id = c.school
JOIN academic_year AS y ON y.id = c.academic_year
LEFT JOIN claim_mentor AS cm ON cm.claim = c.id
LEFT JOIN mentor AS m ON m.id = cm.mentor
WHERE c.id = {{}} AND {_NAMES_PROVIDER} AND {{scope}}
ORDER BY m.last_name, m.first_name, cm.id
"""


async def provider_claim(
    provider_id: int, claim_id: int, scope: ClaimScope = EVERY_CLAIM
) -> ProviderClaim | None:
    """The submitted claim if it names the provider and is in scope; None for anything else."""
    sql, values = scoped(_CLAIM, scope)
    rows = await fetch(sql, claim_id, provider_id, *values)
    if not rows:
        return None
    return ProviderClaim(
        **_fields(rows[0]),
        lines=tuple(_line(line) for line in rows if line["first_name"] is not None),
        hourly_rate_pence=rows[0]["hourly_rate_pence"],
    )
