"""Every school's submitted claims as the support console finds, lists, downloads and assigns them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import msgspec

from db.queries.claim_scope import EVERY_CLAIM, ClaimScope, scoped
from db.queries.support_events import record_event
from db.sql import fetch
from db.tables import Claim
from domain.academic_years import AcademicYear
from domain.claim_search import UNASSIGNED, ClaimSearch, SearchChoices
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType
from domain.windows import ClaimWindow

CSV_BATCH = 500


class WindowChoice(msgspec.Struct, frozen=True):
    """A claim window the search offers, removed ones too: their claims are still searched."""

    id: int
    window: ClaimWindow
    removed: bool


class Named(msgspec.Struct, frozen=True):
    """An option of a select filter: its id and the words shown."""

    id: int
    name: str


class SearchOptions(msgspec.Struct, frozen=True):
    """What the claim filters offer."""

    academic_years: tuple[AcademicYear, ...]
    windows: tuple[WindowChoice, ...]
    providers: tuple[Named, ...]
    support_users: tuple[Named, ...]

    @property
    def choices(self) -> SearchChoices:
        """The options as the search's parser checks them."""
        return SearchChoices(
            academic_years=self.academic_years,
            windows={each.id: each.window for each in self.windows},
            provider_ids=frozenset(each.id for each in self.providers),
            support_user_ids=frozenset(each.id for each in self.support_users),
        )


class ClaimRow(msgspec.Struct, frozen=True):
    """A claim as the console's list shows it."""

    id: int
    reference: str
    status: ClaimStatus
    school_name: str
    school_urn: str
    provider_name: str | None
    amount_pence: int | None
    submitted_at: datetime | None
    assigned_first: str | None
    assigned_last: str | None

    @property
    def assigned_name(self) -> str | None:
        """Who looks after the claim, if anyone."""
        return f"{self.assigned_first} {self.assigned_last}" if self.assigned_first else None


class CsvClaim(msgspec.Struct, frozen=True):
    """A claim as the download has it: school and provider details alongside."""

    id: int
    reference: str
    school_urn: str
    school_name: str
    local_authority: str
    establishment_type: str
    establishment_group: str
    provider_name: str | None
    provider_code: str | None
    amount_pence: int | None
    submitted_at: datetime | None
    status: ClaimStatus
    unpaid_reason: str = ""


# Providers named on a submitted claim (an index search per provider); support users now, and
# anyone still assigned a claim after leaving support (read from the assignee index, not by
# scanning every user). One query for both.
# Support users `u` a claim can be assigned to, and anyone still assigned one.
_EVERY_ASSIGNABLE = """u.id IN (
    SELECT s.user FROM support_user AS s WHERE s.removed_at IS NULL
    UNION SELECT c.assigned_to FROM claim AS c WHERE c.assigned_to IS NOT NULL
)"""
# Where a query's SQL takes the condition on the support users `u` it offers.
_ASSIGNABLE = "{assignable}"


def _offering(sql: str, only: int | None) -> tuple[str, list[int]]:
    """The SQL offering every support user, or (`only` given) just that one, and the
    condition's values (they come last among the query's)."""
    if only is None:
        return sql.replace(_ASSIGNABLE, _EVERY_ASSIGNABLE), []
    return sql.replace(_ASSIGNABLE, "u.id = {}"), [only]


_OPTIONS_PROVIDERS_AND_USERS = """
SELECT 'provider' AS kind, p.id, p.name AS first_name, '' AS last_name FROM provider AS p
WHERE EXISTS (SELECT 1 FROM claim AS c WHERE c.provider = p.id AND c.status <> 'draft')
UNION ALL
SELECT 'user' AS kind, u.id, u.first_name, u.last_name FROM app_user AS u
WHERE {assignable}
"""


def _named(rows: list[dict], kind: str) -> tuple[Named, ...]:
    named = [
        Named(row["id"], f"{row['first_name']} {row['last_name']}".strip())
        for row in rows
        if row["kind"] == kind
    ]
    return tuple(sorted(named, key=lambda each: (each.name.casefold(), each.id)))


# Every year with its windows (removed ones too: their claims are still searched), newest year
# first, and the providers and users above: one statement, as the filters are on every page.
_OPTIONS = f"""
SELECT 'window' AS kind, y.start_year, w.id, w.starts_on, w.ends_on, w.paid, w.removed_at,
    NULL AS first_name, NULL AS last_name
FROM academic_year AS y LEFT JOIN claim_window AS w ON w.academic_year = y.id
UNION ALL
SELECT named.kind, NULL, named.id, NULL, NULL, NULL, NULL, named.first_name, named.last_name
FROM ({_OPTIONS_PROVIDERS_AND_USERS}) AS named
ORDER BY 2 DESC
"""


def _as_date(value: date | str) -> date:
    # SQLite names a UNION's column types from its first SELECT only on some versions.
    return value if isinstance(value, date) else date.fromisoformat(value)


async def search_options(only: int | None = None) -> SearchOptions:
    """Years, windows, providers named on claims and support users (only the one, if given),
    for the filters."""
    sql, values = _offering(_OPTIONS, only)
    rows = await fetch(sql, *values)
    years = [row for row in rows if row["kind"] == "window"]
    return SearchOptions(
        academic_years=tuple(
            AcademicYear(start) for start in dict.fromkeys(row["start_year"] for row in years)
        ),
        windows=tuple(
            WindowChoice(
                id=row["id"],
                window=ClaimWindow(
                    starts_on=_as_date(row["starts_on"]),
                    ends_on=_as_date(row["ends_on"]),
                    academic_year=AcademicYear(row["start_year"]),
                    paid=bool(row["paid"]),
                ),
                removed=row["removed_at"] is not None,
            )
            for row in sorted(
                (row for row in years if row["id"] is not None),
                key=lambda row: (_as_date(row["starts_on"]), row["id"]),
                reverse=True,
            )
        ),
        providers=_named(rows, "provider"),
        support_users=_named(rows, "user"),
    )


async def support_user_options(only: int | None = None) -> tuple[Named, ...]:
    """The support users a claim can be assigned to (and anyone still assigned one); only the
    one, if given."""
    sql, values = _offering(_OPTIONS_PROVIDERS_AND_USERS, only)
    return _named(await fetch(sql, *values), "user")


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _where(search: ClaimSearch, scope: ClaimScope) -> tuple[str, list]:
    """The search within the scope as SQL conditions on claim `c` and school `s`, with their
    values."""
    in_scope, values = scope.condition()
    conditions = ["c.status <> 'draft'", in_scope]

    def add(condition: str, *args) -> None:
        conditions.append(condition)
        values.extend(args)

    if search.reference:
        add("LOWER(c.reference) LIKE {} ESCAPE '\\'", _like(search.reference))
    if search.academic_year is not None:
        add(
            "c.academic_year = (SELECT y.id FROM academic_year AS y WHERE y.start_year = {})",
            search.academic_year.start_year,
        )
    if search.status is not None:
        add("c.status = {}", search.status.value)
    if search.provider_id is not None:
        add("c.provider = {}", search.provider_id)
    if search.school:
        add(
            "(LOWER(s.name) LIKE {} ESCAPE '\\' OR s.urn = {})",
            _like(search.school),
            search.school,
        )
    if search.training_type is not None:
        add(
            "EXISTS (SELECT 1 FROM claim_mentor AS t WHERE t.claim = c.id AND t.training_type = {})",
            search.training_type.value,
        )
    if search.mentor:
        add(
            "EXISTS (SELECT 1 FROM claim_mentor AS cm JOIN mentor AS m ON m.id = cm.mentor"
            " WHERE cm.claim = c.id AND (LOWER(m.first_name || ' ' || m.last_name)"
            " LIKE {} ESCAPE '\\' OR m.trn = {}))",
            _like(search.mentor),
            search.mentor,
        )
    if (after := search.submitted_after()) is not None:
        add("c.submitted_at >= {}", _utc(after))
    if (before := search.submitted_before()) is not None:
        add("c.submitted_at < {}", _utc(before))
    if search.assigned == UNASSIGNED:
        add("c.assigned_to IS NULL")
    elif isinstance(search.assigned, int):
        add("c.assigned_to = {}", search.assigned)
    return " AND ".join(conditions), values


# How many the search finds rides along with the page, counted once (an uncorrelated subquery),
# not COUNT(*) OVER (), which would read and sort every claim found where the page alone walks
# the submitted_at index and stops after 25.
_LIST = """
SELECT c.id, c.reference, c.status, c.amount_pence, c.submitted_at,
       s.name AS school_name, s.urn AS school_urn, p.name AS provider_name,
       a.first_name AS assigned_first, a.last_name AS assigned_last,
       (SELECT COUNT(*) FROM claim AS c JOIN school AS s ON s.id = c.school WHERE {where})
       AS found
FROM claim AS c
JOIN school AS s ON s.id = c.school
LEFT JOIN provider AS p ON p.id = c.provider
LEFT JOIN app_user AS a ON a.id = c.assigned_to
WHERE {where}
ORDER BY c.submitted_at DESC, c.id DESC
LIMIT {limit} OFFSET {offset}
"""


async def find_claims(
    search: ClaimSearch, page: int, per_page: int, *, scope: ClaimScope = EVERY_CLAIM
) -> tuple[list[ClaimRow], int]:
    """One page of the claims in scope the search finds, newest first, and how many in all."""
    where, values = _where(search, scope)
    sql = _LIST.format(where=where, limit="{}", offset="{}")
    rows = await fetch(sql, *values, *values, per_page, (page - 1) * per_page)
    if rows:
        found = rows[0]["found"]
    elif page == 1:
        found = 0
    else:
        # A page past the last: only then is the count read on its own.
        count = await fetch(
            f"SELECT COUNT(*) AS found FROM claim AS c JOIN school AS s ON s.id = c.school"
            f" WHERE {where}",
            *values,
        )
        found = count[0]["found"]
    return [msgspec.convert(row, ClaimRow) for row in rows], found


_CSV = """
SELECT c.id, c.reference, c.status, c.amount_pence, c.submitted_at, c.unpaid_reason,
       s.urn AS school_urn, s.name AS school_name, s.local_authority_name AS local_authority,
       s.establishment_type_name AS establishment_type, s.establishment_group,
       p.name AS provider_name, p.code AS provider_code
FROM claim AS c
JOIN school AS s ON s.id = c.school
LEFT JOIN provider AS p ON p.id = c.provider
WHERE {where} AND c.id < {{}}
ORDER BY c.id DESC
LIMIT {{}}
"""


async def claim_batches(
    search: ClaimSearch, batch: int | None = None, *, scope: ClaimScope = EVERY_CLAIM
) -> AsyncIterator[list[CsvClaim]]:
    """Every claim in scope the search finds, newest claim first, a batch of rows per query."""
    # Keyset paging on the id: each batch is one short query, and a claim submitted while the
    # download runs cannot shift a row into the next batch twice.
    batch = batch or CSV_BATCH
    where, values = _where(search, scope)
    sql = _CSV.format(where=where)
    # Above every id: ids are SERIAL (32-bit) on PostgreSQL.
    last = 2**31 - 1
    while True:
        rows = await fetch(sql, *values, last, batch)
        if not rows:
            return
        yield [msgspec.convert(row, CsvClaim) for row in rows]
        if len(rows) < batch:
            return
        last = rows[-1]["id"]


class ClaimMentorLine(msgspec.Struct, frozen=True):
    """A mentor on the claim, the hours claimed for them, and what audit and clawback said."""

    name: str
    trn: str
    hours: int | None
    training_type: TrainingType | None
    id: int = 0
    provider_rejection_reason: str = ""
    school_rejection_reason: str = ""
    trained_hours: int | None = None
    clawback_reason: str = ""
    clawback_decision: str = ""
    clawback_rejection_reason: str = ""

    @property
    def hours_taken_back(self) -> int:
        """The claimed hours a clawback request says the mentor did not train."""
        if self.trained_hours is None:
            return 0
        return (self.hours or 0) - self.trained_hours


class SchoolUser(msgspec.Struct, frozen=True):
    """A user of the claim's school, for support to contact."""

    name: str
    email: str
    last_signed_in_at: datetime | None


class HistoryEntry(msgspec.Struct, frozen=True):
    """Something that happened to the claim: when, who and what."""

    at: datetime
    by: str
    what: str


class SupportClaim(msgspec.Struct, frozen=True):
    """Everything the console's claim page shows."""

    id: int
    reference: str
    status: ClaimStatus
    academic_year: AcademicYear
    provider_name: str | None
    provider_code: str | None
    submitted_at: datetime | None
    submitted_by: str | None
    hourly_rate_pence: int | None
    amount_pence: int | None
    assigned_to: int | None
    assigned_name: str | None
    support_ticket_url: str
    # Why the payer has not paid it, from the payer's response ("" otherwise).
    unpaid_reason: str
    sample_reason: str
    clawback_pence: int
    clawback_requested_by: int | None
    school_name: str
    school_urn: str
    school_address: str
    school_region: str
    school_telephone: str
    lines: tuple[ClaimMentorLine, ...]
    users: tuple[SchoolUser, ...]
    history: tuple[HistoryEntry, ...]
    # The support users it can be assigned to (and anyone still assigned a claim).
    assignable: tuple[Named, ...]

    @property
    def total_hours(self) -> int:
        """Every mentor's hours on the claim."""
        return sum(line.hours or 0 for line in self.lines)

    @property
    def adjusted_pence(self) -> int:
        """What the school keeps once the clawback is taken back."""
        return (self.amount_pence or 0) - self.clawback_pence


_CLAIM = """
SELECT c.id, c.reference, c.status, c.school, c.submitted_at, c.hourly_rate_pence,
    c.amount_pence, c.assigned_to, c.support_ticket_url, c.unpaid_reason, y.start_year,
    c.sample_reason, c.clawback_pence, c.clawback_requested_by,
    p.name AS provider_name, p.code AS provider_code,
    sb.first_name AS submitted_first, sb.last_name AS submitted_last,
    a.first_name AS assigned_first, a.last_name AS assigned_last,
    s.name AS school_name, s.urn AS school_urn, s.address1, s.town, s.postcode,
    s.region, s.telephone,
    m.first_name AS mentor_first, m.last_name AS mentor_last, m.trn, cm.hours, cm.training_type,
    cm.id AS line_id, cm.provider_rejection_reason, cm.school_rejection_reason,
    cm.trained_hours, cm.clawback_reason, cm.clawback_decision, cm.clawback_rejection_reason
FROM claim AS c
JOIN school AS s ON s.id = c.school
JOIN academic_year AS y ON y.id = c.academic_year
LEFT JOIN provider AS p ON p.id = c.provider
LEFT JOIN app_user AS sb ON sb.id = c.submitted_by
LEFT JOIN app_user AS a ON a.id = c.assigned_to
LEFT JOIN claim_mentor AS cm ON cm.claim = c.id
LEFT JOIN mentor AS m ON m.id = cm.mentor
WHERE c.id = {} AND c.status <> 'draft' AND {scope}
ORDER BY m.last_name, m.first_name, cm.id
"""

# The school's users, the claim's support events and the support users it can be assigned to:
# one statement, each kind in its own order (`position`).
_PEOPLE_AND_HISTORY = """
SELECT 'member' AS kind,
    ROW_NUMBER() OVER (ORDER BY u.last_name, u.first_name, u.email) AS position, u.id,
    u.first_name, u.last_name, u.email, u.last_signed_in_at AS at, NULL AS description
FROM membership AS ms JOIN app_user AS u ON u.id = ms.user
WHERE ms.school = (SELECT c.school FROM claim AS c WHERE c.id = {})
UNION ALL
SELECT 'event', ROW_NUMBER() OVER (ORDER BY e.at DESC, e.id DESC), e.id,
    u.first_name, u.last_name, NULL, e.at, e.description
FROM support_event AS e LEFT JOIN app_user AS u ON u.id = e.user
WHERE e.claim = {}
UNION ALL
SELECT 'user', 0, u.id, u.first_name, u.last_name, NULL, NULL, NULL
FROM app_user AS u
WHERE {assignable}
ORDER BY 1, 2
"""


def _name(first: str | None, last: str | None) -> str | None:
    return f"{first} {last}" if first is not None else None


async def support_claim(
    claim_id: int, *, scope: ClaimScope = EVERY_CLAIM, assignable_only: int | None = None
) -> SupportClaim | None:
    """The submitted claim with its school, users, history and the support users it can be
    assigned to (only the one, if given); None for drafts, unknowns and claims out of scope."""
    sql, values = scoped(_CLAIM, scope)
    rows = await fetch(sql, claim_id, *values)
    if not rows:
        return None
    row = rows[0]
    people_sql, assignable = _offering(_PEOPLE_AND_HISTORY, assignable_only)
    people = await fetch(people_sql, claim_id, claim_id, *assignable)
    users = [each for each in people if each["kind"] == "member"]
    events = [each for each in people if each["kind"] == "event"]
    history = [
        HistoryEntry(
            at=event["at"],
            by=_name(event["first_name"], event["last_name"]) or "A removed account",
            what=event["description"],
        )
        for event in events
    ]
    submitted_by = _name(row["submitted_first"], row["submitted_last"])
    if row["submitted_at"] is not None:
        # The claim's own first event; support events are all later, so it closes the list.
        history.append(
            HistoryEntry(
                row["submitted_at"], submitted_by or "A removed account", "Claim submitted"
            )
        )
    return SupportClaim(
        id=row["id"],
        reference=row["reference"],
        status=ClaimStatus(row["status"]),
        academic_year=AcademicYear(row["start_year"]),
        provider_name=row["provider_name"],
        provider_code=row["provider_code"],
        submitted_at=row["submitted_at"],
        submitted_by=submitted_by,
        hourly_rate_pence=row["hourly_rate_pence"],
        amount_pence=row["amount_pence"],
        assigned_to=row["assigned_to"],
        assigned_name=_name(row["assigned_first"], row["assigned_last"]),
        support_ticket_url=row["support_ticket_url"],
        unpaid_reason=row["unpaid_reason"],
        sample_reason=row["sample_reason"],
        clawback_pence=row["clawback_pence"] or 0,
        clawback_requested_by=row["clawback_requested_by"],
        school_name=row["school_name"],
        school_urn=row["school_urn"],
        school_address=", ".join(
            part for part in (row["address1"], row["town"], row["postcode"]) if part
        ),
        school_region=row["region"],
        school_telephone=row["telephone"],
        lines=tuple(
            ClaimMentorLine(
                name=f"{line['mentor_first']} {line['mentor_last']}",
                trn=line["trn"],
                hours=line["hours"],
                training_type=TrainingType(line["training_type"])
                if line["training_type"]
                else None,
                id=line["line_id"],
                provider_rejection_reason=line["provider_rejection_reason"],
                school_rejection_reason=line["school_rejection_reason"],
                trained_hours=line["trained_hours"],
                clawback_reason=line["clawback_reason"],
                clawback_decision=line["clawback_decision"],
                clawback_rejection_reason=line["clawback_rejection_reason"],
            )
            for line in rows
            if line["trn"] is not None
        ),
        users=tuple(
            SchoolUser(
                name=f"{user['first_name']} {user['last_name']}",
                email=user["email"],
                last_signed_in_at=user["at"],
            )
            for user in users
        ),
        history=tuple(history),
        assignable=_named(people, "user"),
    )


async def assign_claim(
    claim_id: int, reference: str, assignee: Named | None, by_user_id: int, now: datetime
) -> None:
    """Give the claim to a support user (or to nobody), recorded in its history."""
    await Claim.update({Claim.assigned_to: assignee.id if assignee else None}).where(
        Claim.id == claim_id
    )
    what = (
        f"Claim {reference} assigned to {assignee.name}"
        if assignee
        else f"Claim {reference} no longer assigned to anyone"
    )
    await record_event(by_user_id, "claim_assigned", what, now, claim_id=claim_id)


async def set_ticket_link(
    claim_id: int, reference: str, url: str, by_user_id: int, now: datetime
) -> None:
    """Keep the claim's support ticket link ("" removes it), recorded in its history."""
    await Claim.update({Claim.support_ticket_url: url}).where(Claim.id == claim_id)
    what = (
        f"Support ticket for claim {reference} set to {url}"
        if url
        else f"Support ticket link removed from claim {reference}"
    )
    await record_event(by_user_id, "claim_ticket_link", what, now, claim_id=claim_id)
