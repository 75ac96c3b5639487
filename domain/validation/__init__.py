"""Parsing what users type into values, or GOV.UK error messages built from the rules."""

from domain.validation.field_error import FieldError

__all__ = ["FieldError"]
