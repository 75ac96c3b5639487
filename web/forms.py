"""Reading a posted form, and the error summary built from its errors: one way for every page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import msgspec
from litestar import Request

from domain.validation.field_error import FieldError

__all__ = ["FieldError", "by_field", "error_summary", "read_form"]

FormT = TypeVar("FormT", bound=msgspec.Struct)


async def read_form(request: Request, form_type: type[FormT]) -> FormT:
    """The posted form as a Struct of raw strings (lists for checkboxes); never a 400."""
    # Never let the framework decode forms into typed values: bad input must get a GOV.UK
    # error message, not a 400. Litestar also drops blank fields, so absent means "".
    data = await request.form()
    values: dict[str, str | list[str]] = {}
    for field in msgspec.structs.fields(form_type):
        name = field.encode_name
        if field.type == list[str]:
            values[field.name] = [str(value) for value in data.getall(name, [])]
        else:
            value = data.get(name)
            values[field.name] = value if isinstance(value, str) else ""
    return form_type(**values)


def error_summary(errors: Iterable[FieldError]) -> list[dict]:
    """The error summary's links, in page order, each to the id of the field in error."""
    return [{"text": error.message, "href": f"#{error.field}"} for error in errors]


def by_field(errors: Iterable[FieldError]) -> dict[str, str]:
    """Each field's message, for the message above the field."""
    return {error.field: error.message for error in errors}
