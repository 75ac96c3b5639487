"""GOV.UK Frontend's `govukAttributes` macro, as a Python function that renders the same markup.

Every GOV.UK component calls that macro for itself and for each of its parts: twenty times on a
page of radios, and a fifth of the page's rendering. `tests/web/test_govuk_attributes.py` holds
this function to the macro's own output.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup, escape

# The template that GOV.UK Frontend's components import the macro from, and what replaces it:
# a module whose `govukAttributes` is this function, so `{% from %}` imports it unchanged.
TEMPLATE = "govuk_frontend_jinja/macros/attributes.html"
REPLACEMENT = "{% set govukAttributes = govuk_attributes %}"

_ABSENT = object()


def _value(options: Mapping, key: str) -> Any:
    """`options.key` as the macro reads it: absent or undefined are the same."""
    value = options.get(key, _ABSENT)
    return _ABSENT if isinstance(value, Undefined) else value


def govuk_attributes(attributes: Any) -> Markup:
    """Attributes as ` name="value"` pairs, or a string of them passed through, as the macro does."""
    if isinstance(attributes, str):
        return Markup(attributes)
    if not isinstance(attributes, Mapping) or not attributes:
        return Markup("")
    html = ""
    for name, value in attributes.items():
        # A `safe`-filtered value arrives as {"val": ...}: the macro passes it through.
        if isinstance(value, Mapping) and (unwrapped := _value(value, "val")) is not _ABSENT:
            value = unwrapped
        if isinstance(value, Mapping):
            optional, option = _value(value, "optional"), _value(value, "value")
        else:
            optional = False
            option = str(value).lower() if value is True or value is False else value
        if optional is True and option is True:
            html = f"{html} {escape(name)}"
        elif optional is not True or not (option is _ABSENT or option is None or option is False):
            shown = "" if option is _ABSENT else option
            html = f'{html} {escape(name)}="{escape(shown)}"'
    return Markup(html)
