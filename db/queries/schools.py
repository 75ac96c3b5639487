"""Schools as the people who belong to them see them."""

from __future__ import annotations

from datetime import datetime

import msgspec

from db.tables import Membership, School
from domain.schools import SchoolSummary


class SchoolValue(msgspec.Struct, frozen=True):
    """A school and the state of its grant conditions."""

    id: int
    urn: str
    ukprn: str | None
    name: str
    address1: str
    town: str
    postcode: str
    region: str
    trust_code: str | None
    telephone: str
    website: str
    grant_conditions_accepted_at: datetime | None
    grant_conditions_accepted_by_name: str | None

    @property
    def grant_conditions_accepted(self) -> bool:
        """Whether a member has accepted the grant conditions."""
        return self.grant_conditions_accepted_at is not None


async def school_for_member(school_id: int, user_id: int) -> SchoolValue | None:
    """The school, only if the user is one of its members (else None, shown as a 404)."""
    is_member = await Membership.exists().where(
        (Membership.school == school_id) & (Membership.user == user_id)
    )
    if not is_member:
        return None
    accepted_by = School.grant_conditions_accepted_by
    row = (
        await School.select(
            School.all_columns(
                exclude=[School.grant_conditions_accepted_by, School.district_admin_code]
            ),
            accepted_by.first_name.as_alias("accepted_first"),
            accepted_by.last_name.as_alias("accepted_last"),
        )
        .where(School.id == school_id)
        .first()
    )
    if row is None:
        return None
    first, last = row.pop("accepted_first"), row.pop("accepted_last")
    row["grant_conditions_accepted_by_name"] = f"{first} {last}" if first else None
    return msgspec.convert(row, SchoolValue)


async def schools_for_user(user_id: int, name_filter: str = "") -> list[SchoolSummary]:
    """The user's schools ordered by name, optionally those whose name contains the filter."""
    query = Membership.select(
        Membership.school.id.as_alias("id"),
        Membership.school.name.as_alias("name"),
        Membership.school.urn.as_alias("urn"),
        Membership.school.town.as_alias("town"),
        Membership.school.postcode.as_alias("postcode"),
    ).where(Membership.user == user_id)
    schools = [msgspec.convert(row, SchoolSummary) for row in await query]
    # A user has tens of schools at most, so filtering here keeps LIKE wildcards out of it.
    wanted = " ".join(name_filter.split()).casefold()
    return sorted(
        (school for school in schools if wanted in school.name.casefold()),
        key=lambda school: school.name.casefold(),
    )


async def accept_grant_conditions(school_id: int, user_id: int, now: datetime) -> None:
    """Record who accepted the school's grant conditions and when (first acceptance wins)."""
    await School.update(
        {School.grant_conditions_accepted_at: now, School.grant_conditions_accepted_by: user_id}
    ).where((School.id == school_id) & School.grant_conditions_accepted_at.is_null())
