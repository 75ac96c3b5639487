"""The error a parse function returns instead of a value."""

import msgspec


class FieldError(msgspec.Struct, frozen=True):
    """A message for the error summary and the field, and the field id the summary links to."""

    field: str
    message: str
    # The inputs to style as in error, for grouped inputs such as a date (day, month, year).
    parts: tuple[str, ...] = ()

    @property
    def highlighted(self) -> tuple[str, ...]:
        """The field ids to mark as in error."""
        return self.parts or (self.field,)
