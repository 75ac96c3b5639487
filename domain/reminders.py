"""Reminders support sends in a claim window: who each one is for, and whom it emails."""

import enum

import msgspec


class Reminder(enum.Enum):
    """The three reminders of support.md, by the slug of their page."""

    NO_CLAIMS = "schools-with-no-claims"
    NOT_SIGNED_IN = "schools-not-signed-in"
    PROVIDERS = "providers-of-schools-not-claimed"

    @property
    def about(self) -> "ReminderCopy":
        """What the console says about the reminder."""
        return _COPY[self]

    @property
    def event(self) -> str:
        """The activity log's action for sending it."""
        return f"reminder_{self.name.lower()}"


class ReminderCopy(msgspec.Struct, frozen=True):
    """A reminder's name, who it is for, and the email it sends."""

    name: str
    who: str
    recipients: str
    email: str


_COPY = {
    Reminder.NO_CLAIMS: ReminderCopy(
        name="Schools with no claims",
        who="Schools that can claim for the window's academic year but have not submitted a "
        "claim for it. A draft claim does not count as a claim.",
        recipients="every user of those schools",
        email="reminder_no_claims",
    ),
    Reminder.NOT_SIGNED_IN: ReminderCopy(
        name="Schools where nobody has signed in",
        who="Schools that can claim for the window's academic year whose users have never "
        "signed in to the service.",
        recipients="every user of those schools",
        email="reminder_not_signed_in",
    ),
    Reminder.PROVIDERS: ReminderCopy(
        name="Providers whose schools have not claimed",
        who="Providers named on a school's claim in an earlier academic year, where that school "
        "can claim for the window's academic year but has not submitted a claim naming the "
        "provider for it.",
        recipients="each provider's contact email address",
        email="reminder_provider_schools",
    ),
}


class Recipient(msgspec.Struct, frozen=True):
    """One email of a reminder: to whom, what it calls them (a user's first name, a provider's
    name), and the schools it names."""

    email: str
    name: str
    schools: tuple[str, ...]


class Audience(msgspec.Struct, frozen=True):
    """Whom a reminder would email now, and the schools or providers it cannot reach."""

    recipients: tuple[Recipient, ...]
    schools: int
    # Schools (or providers) it is for but has no email address for.
    unreachable: int


def from_rows(rows: list[tuple[str, str, str]]) -> tuple[Recipient, ...]:
    """One recipient per email address, (address, name, school) rows grouped, schools in order."""
    grouped: dict[str, tuple[str, str, list[str]]] = {}
    for email, name, school in rows:
        _, _, schools = grouped.setdefault(email.casefold(), (email, name, []))
        if school not in schools:
            schools.append(school)
    return tuple(
        Recipient(email=email, name=name, schools=tuple(sorted(schools, key=str.casefold)))
        for _, (email, name, schools) in sorted(grouped.items())
    )


def school_list(schools: tuple[str, ...]) -> str:
    """Schools as the email lists them: one bullet a line."""
    return "\n".join(f"* {school}" for school in schools)
