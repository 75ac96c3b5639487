"""A school's claims as it sees them: the claims list by academic year, one claim, removing a draft."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import msgspec

from db.queries.claim_allowances import claimed_line, claimed_lines
from db.sql import fetch
from db.tables import Claim, JourneyState
from domain.academic_years import AcademicYear
from domain.claim_again import ClaimOnList, HoursLeft, hours_left
from domain.claim_status import ClaimStatus, school_can_remove
from domain.eligibility import provider_can_be_chosen
from domain.funding import Region, amount_pence, hourly_rate_or_none
from domain.hours import (
    ClaimedHours,
    TrainingType,
    lines_by_mentor,
    tells_training_types_apart,
    training_type,
)


class ClaimLine(msgspec.Struct, frozen=True):
    """A mentor on a claim and their hours (None while a draft's question is unanswered)."""

    mentor_id: int
    mentor_name: str
    trn: str
    hours: int | None
    training_type: TrainingType | None


class ClaimSummary(msgspec.Struct, frozen=True):
    """A row of the claims list."""

    id: int
    reference: str
    status: ClaimStatus
    provider_name: str | None
    mentor_names: tuple[str, ...]
    amount_pence: int | None
    submitted_at: datetime | None
    # The money taken back by a clawback (support.md "Clawbacks"); 0 when none.
    clawback_pence: int = 0
    created_at: datetime | None = None

    @property
    def adjusted_pence(self) -> int:
        """What the school keeps once the clawback is taken back."""
        return (self.amount_pence or 0) - self.clawback_pence

    @property
    def can_remove(self) -> bool:
        """Whether the school may remove this claim (only drafts)."""
        return school_can_remove(self.status)


class ClaimsPage(msgspec.Struct, frozen=True):
    """One page of a school's claims for an academic year."""

    academic_year: AcademicYear
    claims: tuple[ClaimSummary, ...]
    total: int
    page: int
    pages: int


class ClaimDetail(msgspec.Struct, frozen=True):
    """Everything the claim page shows about one claim."""

    id: int
    reference: str
    status: ClaimStatus
    school_name: str
    academic_year: AcademicYear
    provider_name: str | None
    submitted_by_name: str | None
    submitted_at: datetime | None
    lines: tuple[ClaimLine, ...]
    hourly_rate_pence: int | None
    amount_pence: int | None
    # Submitted by a DfE support user for the school (support.md: support acts inside schools).
    submitted_by_support: bool = False
    # The money taken back by a clawback (support.md "Clawbacks"); 0 when none.
    clawback_pence: int = 0

    @property
    def adjusted_pence(self) -> int:
        """What the school keeps once the clawback is taken back."""
        return (self.amount_pence or 0) - self.clawback_pence

    @property
    def total_hours(self) -> int:
        """The hours of every mentor answered so far."""
        return sum(line.hours or 0 for line in self.lines)

    @property
    def names_training_types(self) -> bool:
        """Whether the claim's year tells initial and refresher training apart."""
        return tells_training_types_apart(self.academic_year)

    @property
    def can_remove(self) -> bool:
        """Whether the school may remove this claim (only drafts)."""
        return school_can_remove(self.status)


def _draft_rate_and_amount(
    status: ClaimStatus, region: str, year: AcademicYear, hours: Iterable[int | None]
) -> tuple[int, int] | None:
    """A draft's rate and amount from today's rules; None for every other status."""
    # rules.md "Funding": a submitted claim's rate and amount are fixed when it is submitted
    # and read from the claim, never worked out again (the live service's bug).
    if status is not ClaimStatus.DRAFT:
        return None
    rate = hourly_rate_or_none(Region(region), year)
    if rate is None:
        return None
    return rate, amount_pence(rate, sum(each or 0 for each in hours))


# The claims list's one read: every claim of the school with its mentor lines ("own"), and for
# the mentors on its submitted claims of `year` (the open window's), every other school's lines
# with the same provider up to that year ("other"), so that the hours they still have can be
# offered. A school makes tens of claims a year, and the claim table's school index keeps this
# flat however many claims other schools make.
_SCHOOL_CLAIMS = """
SELECT 'own' AS kind, c.id AS id, c.reference, c.status, c.created_at, c.submitted_at, c.amount_pence,
    c.clawback_pence, y.start_year, c.provider AS provider_id, p.name AS provider_name,
    p.accredited, cm.id AS line_id, cm.mentor AS mentor_id, m.first_name, m.last_name, cm.hours,
    CASE WHEN sm.id IS NULL THEN 0 ELSE 1 END AS at_school
FROM claim AS c
JOIN academic_year AS y ON y.id = c.academic_year
LEFT JOIN provider AS p ON p.id = c.provider
LEFT JOIN claim_mentor AS cm ON cm.claim = c.id
LEFT JOIN mentor AS m ON m.id = cm.mentor
LEFT JOIN school_mentor AS sm ON sm.school = c.school AND sm.mentor = cm.mentor
WHERE c.school = {}
UNION ALL
SELECT 'other', c.id, NULL, c.status, NULL, NULL, NULL, NULL, y.start_year, c.provider,
    NULL, NULL, NULL, cm.mentor, NULL, NULL, cm.hours, NULL
FROM claim AS own
JOIN academic_year AS oy ON oy.id = own.academic_year
JOIN claim_mentor AS ocm ON ocm.claim = own.id
JOIN claim_mentor AS cm ON cm.mentor = ocm.mentor
JOIN claim AS c ON c.id = cm.claim AND c.provider = own.provider
JOIN academic_year AS y ON y.id = c.academic_year
WHERE own.school = {} AND oy.start_year = {} AND own.status <> {} AND c.school <> {}
    AND y.start_year <= {}
ORDER BY id, line_id
"""
# No claim window open: no year's hours are offered.
NO_YEAR = -1


class ClaimsList(msgspec.Struct, frozen=True):
    """The claims list: a page of each year's claims, the drafts, and the hours left to claim."""

    pages: list[ClaimsPage]
    drafts: tuple[ClaimSummary, ...]
    hours_left: tuple[HoursLeft, ...]


def _as_datetime(value: datetime | str | None) -> datetime | None:
    # SQLite names a UNION's column types from its first SELECT only on some versions.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _list_order(row: dict) -> tuple:
    # Drafts first (newest started first), then the most recently submitted.
    is_draft = row["status"] == ClaimStatus.DRAFT.value
    moment = row["created_at"] if is_draft else row["submitted_at"] or row["created_at"]
    return (not is_draft, -moment.timestamp(), -row["id"])


async def claims_pages(
    school_id: int,
    region: str,
    also_years: Iterable[AcademicYear],
    pages: dict[AcademicYear, int],
    per_page: int,
    open_year: AcademicYear | None = None,
) -> ClaimsList:
    """A page of claims for each year the school has claims in (and `also_years`), newest first;
    its drafts; and the hours its mentors still have with the providers of `open_year`'s claims.

    Each year shows page 1 unless `pages` asks for another; a page past the end gives the last.
    """
    claims: dict[int, dict] = {}
    lines: dict[int, list[dict]] = {}
    # Another school's line is read once for each of the school's claims its mentor is on.
    others: dict[tuple[int, int], dict] = {}
    year_number = open_year.start_year if open_year else NO_YEAR
    rows = await fetch(
        _SCHOOL_CLAIMS,
        school_id,
        *(school_id, year_number, ClaimStatus.DRAFT.value, school_id, year_number),
    )
    for row in rows:
        if row["kind"] == "other":
            others[row["id"], row["mentor_id"]] = row
            continue
        if row["id"] not in claims:
            row["created_at"] = _as_datetime(row["created_at"])
            row["submitted_at"] = _as_datetime(row["submitted_at"])
            claims[row["id"]] = row
        if row["first_name"] is not None:
            lines.setdefault(row["id"], []).append(row)
    by_year: dict[AcademicYear, list[dict]] = {year: [] for year in also_years}
    for row in claims.values():
        by_year.setdefault(AcademicYear(row["start_year"]), []).append(row)
    results = []
    for year in sorted(by_year, reverse=True):
        # Ordered here, so NULLS FIRST/LAST differences between SQLite and PostgreSQL stay
        # out of the way.
        ordered = sorted(by_year[year], key=_list_order)
        count = max(1, -(-len(ordered) // per_page))
        page = min(max(1, pages.get(year, 1)), count)
        shown = ordered[(page - 1) * per_page : page * per_page]
        results.append(
            ClaimsPage(
                academic_year=year,
                claims=tuple(
                    _summary(row, region, year, lines.get(row["id"], [])) for row in shown
                ),
                total=len(ordered),
                page=page,
                pages=count,
            )
        )
    newest_first = sorted(claims.values(), key=_list_order)
    drafts = tuple(
        _summary(row, region, AcademicYear(row["start_year"]), lines.get(row["id"], []))
        for row in newest_first
        if row["status"] == ClaimStatus.DRAFT.value
    )
    offers: tuple[HoursLeft, ...] = ()
    if open_year is not None:
        offers = hours_left(
            (_on_list(row, lines.get(row["id"], [])) for row in newest_first),
            open_year,
            _lines_with_providers(
                [*(line for each in lines.values() for line in each), *others.values()]
            ),
        )
    return ClaimsList(results, drafts, offers)


def _on_list(row: dict, lines: list[dict]) -> ClaimOnList:
    return ClaimOnList(
        claim_id=row["id"],
        reference=row["reference"],
        status=ClaimStatus(row["status"]),
        academic_year=AcademicYear(row["start_year"]),
        provider_id=row["provider_id"],
        provider_name=row["provider_name"] or "",
        provider_open=row["provider_id"] is not None
        and provider_can_be_chosen(bool(row["accredited"])),
        mentors=tuple(
            (
                line["mentor_id"],
                f"{line['first_name']} {line['last_name']}",
                bool(line["at_school"]),
            )
            for line in lines
        ),
    )


def _lines_with_providers(rows: Iterable[dict]) -> list[ClaimedHours]:
    """Every line read, own and other schools', with its claim's provider."""
    return [claimed_line(row, claim="id") for row in rows if row["provider_id"] is not None]


def _summary(row: dict, region: str, year: AcademicYear, lines: list[dict]) -> ClaimSummary:
    status = ClaimStatus(row["status"])
    draft = _draft_rate_and_amount(status, region, year, (line["hours"] for line in lines))
    return ClaimSummary(
        id=row["id"],
        reference=row["reference"],
        status=status,
        provider_name=row["provider_name"],
        mentor_names=tuple(f"{line['first_name']} {line['last_name']}" for line in lines),
        amount_pence=draft[1] if draft else row["amount_pence"],
        submitted_at=row["submitted_at"],
        clawback_pence=row["clawback_pence"] or 0,
        created_at=row["created_at"],
    )


# A claim's page: the claim, who submitted it and its mentor lines in one query.
_CLAIM_WITH_LINES = """
SELECT c.id, c.reference, c.status, c.provider, c.submitted_at, c.hourly_rate_pence,
    c.amount_pence, c.clawback_pence, s.name AS school_name, s.region, y.start_year,
    p.name AS provider_name,
    sb.first_name AS submitted_first, sb.last_name AS submitted_last,
    sbs.id AS submitted_by_support_id,
    cm.mentor AS mentor_id, m.first_name, m.last_name, m.trn, cm.hours, cm.training_type
FROM claim AS c
JOIN school AS s ON s.id = c.school
JOIN academic_year AS y ON y.id = c.academic_year
LEFT JOIN provider AS p ON p.id = c.provider
LEFT JOIN app_user AS sb ON sb.id = c.submitted_by
LEFT JOIN support_user AS sbs ON sbs."user" = c.submitted_by
LEFT JOIN claim_mentor AS cm ON cm.claim = c.id
LEFT JOIN mentor AS m ON m.id = cm.mentor
WHERE c.id = {} AND c.school = {}
ORDER BY cm.id
"""


async def claim_for_school(school_id: int, claim_id: int) -> ClaimDetail | None:
    """The claim, only if it belongs to the school (else None, shown as a 404)."""
    rows = await fetch(_CLAIM_WITH_LINES, claim_id, school_id)
    if not rows:
        return None
    row = rows[0]
    status = ClaimStatus(row["status"])
    year = AcademicYear(row["start_year"])
    lines = [
        ClaimLine(
            mentor_id=line["mentor_id"],
            mentor_name=f"{line['first_name']} {line['last_name']}",
            trn=line["trn"],
            hours=line["hours"],
            training_type=TrainingType(line["training_type"]) if line["training_type"] else None,
        )
        for line in rows
        if line["mentor_id"] is not None
    ]
    rate, amount = row["hourly_rate_pence"], row["amount_pence"]
    draft = _draft_rate_and_amount(status, row["region"], year, (line.hours for line in lines))
    if draft:
        rate, amount = draft
        lines = await _with_draft_training_types(lines, row["provider"], year)
    first, last = row["submitted_first"], row["submitted_last"]
    return ClaimDetail(
        id=row["id"],
        reference=row["reference"],
        status=status,
        school_name=row["school_name"],
        academic_year=year,
        provider_name=row["provider_name"],
        submitted_by_name=f"{first} {last}" if first else None,
        submitted_by_support=row["submitted_by_support_id"] is not None,
        submitted_at=row["submitted_at"],
        lines=tuple(lines),
        hourly_rate_pence=rate,
        amount_pence=amount,
        clawback_pence=row["clawback_pence"] or 0,
    )


async def _with_draft_training_types(
    lines: list[ClaimLine], provider_id: int | None, year: AcademicYear
) -> list[ClaimLine]:
    """A draft's lines with the training type each mentor would be submitted with today."""
    if provider_id is None or not lines:
        return lines
    # Plain SQL (claimed_lines): building the joined query cost more than the rest of the page.
    claimed = lines_by_mentor(
        await claimed_lines([line.mentor_id for line in lines], provider_id, year)
    )
    return [
        msgspec.structs.replace(
            line,
            training_type=training_type(
                line.mentor_id, provider_id, year, claimed.get(line.mentor_id, [])
            ),
        )
        for line in lines
    ]


_REMOVABLE = [status.value for status in ClaimStatus if school_can_remove(status)]


async def remove_draft(school_id: int, claim_id: int) -> str | None:
    """Delete the school's draft claim and its answers; its reference, or None if not a draft."""
    async with Claim._meta.db.transaction():
        # One conditional DELETE, so a claim submitted a moment ago is never removed; the
        # database cascades the delete to the claim's mentor lines.
        rows = (
            await Claim.delete()
            .where(
                (Claim.id == claim_id)
                & (Claim.school == school_id)
                & Claim.status.is_in(_REMOVABLE)
            )
            .returning(Claim.reference)
        )
        if not rows:
            return None
        reference = rows[0]["reference"]
        # Every member's answers kept outside the claim (db/queries/claim_drafts.py
        # journey_key: "claim:{user}:{school}:{claim id}:{reference}").
        await JourneyState.delete().where(
            (JourneyState.school == school_id)
            & JourneyState.key.like(f"claim:%:{school_id}:{claim_id}:{reference}")
        )
    return reference
