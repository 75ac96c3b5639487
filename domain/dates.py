"""Dates and times written the GOV.UK way, for messages built by the rules."""

from datetime import date, datetime, time

# Spelt out so that the words never depend on the server's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(day: date) -> str:
    """A date like "17 July 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_date_with_weekday(day: date) -> str:
    """A date like "Friday 17 July 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {format_date(day)}"


def format_time(moment: time | datetime) -> str:
    """A time like "11:59pm" or "9am"; "midday" and "midnight" as the GOV.UK style guide asks."""
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    if moment.minute:
        return f"{hour}:{moment.minute:02d}{suffix}"
    return f"{hour}{suffix}"
