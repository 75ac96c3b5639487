"""Studies: research sessions grouped by their scenario, or by a name the facilitator gives."""

from __future__ import annotations

from urllib.parse import urlencode

import msgspec

from domain.validation.field_error import FieldError

MAX_NAME = 60


class Study(msgspec.Struct, frozen=True):
    """A group of sessions: every session of a scenario, or every one given a study name."""

    scenario: str = ""
    name: str = ""

    @property
    def query(self) -> str:
        """The study's address parameters."""
        return urlencode({"name": self.name} if self.name else {"scenario": self.scenario})

    @property
    def path(self) -> str:
        """The study's page."""
        return f"/research/study?{self.query}"

    @property
    def file_name(self) -> str:
        """A name for its downloads: letters, digits and hyphens."""
        words = "".join(each if each.isalnum() else " " for each in self.name or self.scenario)
        return "research-study-" + ("-".join(words.lower().split()) or "unnamed")


def parse_study_name(text: str) -> str | FieldError:
    """A study name, spaces tidied; blank when the session belongs to its scenario's study only."""
    name = " ".join(text.split())
    if len(name) > MAX_NAME:
        return FieldError("study", f"Study name must be {MAX_NAME} characters or fewer")
    return name
