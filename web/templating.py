"""The Jinja environment: our templates, GOV.UK Frontend macros and display filters."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date, datetime
from pathlib import Path
from types import BuiltinFunctionType, MappingProxyType, MethodWrapperType
from typing import Any
from zoneinfo import ZoneInfo

import jinja2.runtime
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    DictLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    Template,
)
from jinja2.filters import do_indent
from jinja2.runtime import Context, Macro
from markupsafe import Markup, _escape_inner, escape

from domain.funding import format_money
from web import govuk_attributes, govuk_components

TEMPLATES = Path(__file__).parent / "templates"
LONDON = ZoneInfo("Europe/London")
SERVICE_NAME = "Claim funding for mentor training"


def govuk_date(value: date | datetime | None) -> str:
    """A date as GOV.UK writes it: 17 July 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def govuk_time(value: datetime | None) -> str:
    """A time as GOV.UK writes it: 9:05am, in UK time."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime | None) -> str:
    """A moment as GOV.UK writes it: 17 July 2026 at 9:05am."""
    if value is None:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


# DfE's "Find a lost teacher reference number (TRN)" service, for a mentor who has lost theirs.
FIND_A_LOST_TRN_URL = "https://find-a-lost-trn.education.gov.uk"


def _check_keepable(value: Any) -> None:
    """Refuse parameters whose repr might not tell them apart: only dicts, lists, tuples, str
    (Markup apart from plain text), numbers and None."""
    if isinstance(value, dict):
        for each in value.values():
            _check_keepable(each)
    elif isinstance(value, list | tuple):
        for each in value:
            _check_keepable(each)
    elif not (value is None or isinstance(value, str | int | float)):
        raise TypeError(f"{type(value).__name__} cannot be part of a remembered rendering")


# Enough for every school's navigation with each area active, in a busy process.
_KEEP_AT_MOST = 2048
_renderings: dict[tuple[Any, str], str] = {}


def rendered_once(macro: Any, params: dict, fill: Mapping[str, Markup] | None = None) -> Markup:
    """What `macro(params)` renders, rendered once for the same parameters and kept.

    For GOV.UK parts that are the same on page after page, such as the layout's, which cost a
    fifth of rendering one. `fill` maps a placeholder in `params` (kept in the rendering) to this
    request's markup, for a part that holds one thing of its own, such as the sign-out form.
    """
    # The parameters' repr is the key: made in C, and it tells Markup from text, a list from
    # a tuple, 1 from True, for the kinds of value checked the first time they are seen.
    key = (macro, repr(params))
    rendering = _renderings.get(key)
    if rendering is None:
        _check_keepable(params)
        if len(_renderings) >= _KEEP_AT_MOST:
            del _renderings[next(iter(_renderings))]  # the oldest
        rendering = _renderings[key] = str(macro(params))
    for placeholder, markup in (fill or {}).items():
        rendering = rendering.replace(placeholder, str(escape(markup)))
    return Markup(rendering)


_new_str = str.__new__


def escape_output(value: Any) -> Markup:
    """MarkupSafe's `escape`, making its Markup without MarkupSafe's Python `Markup.__new__`.

    Compiled templates call `escape` on everything they print, hundreds of times a page, and
    each call made a Markup through two Python functions: a sixth of rendering a list page.
    The result is the same: `tests/web/test_templating.py` holds it to MarkupSafe's.
    """
    if type(value) is str:
        return _new_str(Markup, _escape_inner(value))
    if type(value) is Markup:
        return value
    if hasattr(value, "__html__"):
        return _new_str(Markup, value.__html__())
    return _new_str(Markup, _escape_inner(str(value)))


# Compiled templates import `escape` from jinja2.runtime as they load: give them this one.
jinja2.runtime.escape = escape_output  # type: ignore[assignment]


def indent(text: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's `indent` filter, working on markup's plain text and marking the result once.

    Jinja's own splits markup into a Markup object per line and joins them one by one; GOV.UK
    macros indent every label, hint and revealed question, a seventh of a page's rendering.
    """
    if isinstance(text, Markup):
        return Markup(do_indent(str(text), width, first, blank))
    return do_indent(text, width, first, blank)


# A plain dict's attributes: `params.items` means the method, any other name the key.
_DICT_ATTRIBUTES = frozenset(dir(dict))
_ABSENT = object()


# Callables Jinja never passes a context, environment or eval context to: its macros, and
# functions and methods written in C, which cannot carry Jinja's `jinja_pass_arg` mark.
_PASSED_NOTHING = frozenset({Macro, BuiltinFunctionType, MethodWrapperType})


class ServiceContext(Context):
    """Jinja's template context, calling a macro or a C function without asking what to pass."""

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call `obj` as Jinja's `Context.call` would.

        Jinja's looks for a mark on the callable and on its `__call__` before every call, and
        the GOV.UK macros make a hundred calls a page. Macros and C functions carry no mark, so
        they are called straight away; anything else goes through Jinja's own.
        """
        if type(obj) not in _PASSED_NOTHING:
            return super().call(obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return obj(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class ServiceEnvironment(Environment):
    """Jinja's environment, with templates that read the environment's globals directly."""

    context_class = ServiceContext

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._kept: dict[str, Template] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute` as Jinja reads it, without raising AttributeError for a dict's keys.

        GOV.UK macros read their params as `params.text`, hundreds of times a page; Jinja tries
        the attribute first and catches the error. For a dict that has no such attribute the
        answer is the key or undefined, so look there straight away.
        """
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            # Most of what the macros ask for is absent: no KeyError raised and caught for it.
            value = obj.get(attribute, _ABSENT)
            return self.undefined(obj=obj, name=attribute) if value is _ABSENT else value
        return super().getattr(obj, attribute)

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        """A loaded template, kept by name when templates are not reloaded.

        Macros `{% from %}`-import each other inside their bodies, dozens of times a page, and
        Jinja's own cache takes a lock and a weak reference on every look-up.
        """
        if self.auto_reload or globals:
            return super()._load_template(name, globals)
        try:
            return self._kept[name]
        except KeyError:
            template = self._kept[name] = super()._load_template(name, globals)
            return template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The environment's globals, read-only, for a template that has none of its own.

        Jinja layers them in a ChainMap, which every `{% from ... import %}` compares with the
        importing page's globals, key by key in Python, on every render: GOV.UK macros import
        each other inside their bodies, dozens of times a page. A read-only view is the same
        keys and values, stays live as the app adds globals, and is compared in C.
        """
        if d:
            return super().make_globals(d)
        return MappingProxyType(self.globals)  # type: ignore[return-value]


def create_environment(auto_reload: bool = True) -> Environment:
    """A Jinja environment that finds our templates and GOV.UK Frontend's macros."""
    environment = ServiceEnvironment(
        loader=ChoiceLoader(
            [
                DictLoader(
                    {
                        govuk_attributes.TEMPLATE: govuk_attributes.REPLACEMENT,
                        **govuk_components.REPLACEMENTS,
                    }
                ),
                FileSystemLoader(TEMPLATES),
                PrefixLoader(
                    {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
                ),
            ]
        ),
        # govuk-frontend-jinja's macros read optional params as attribute chains.
        undefined=ChainableUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=auto_reload,
        # Compiled templates kept on disk, so a new worker process does not compile them again.
        bytecode_cache=FileSystemBytecodeCache(),
    )
    environment.filters.update(
        indent=indent,
        money=format_money,
        govuk_date=govuk_date,
        govuk_time=govuk_time,
        govuk_datetime=govuk_datetime,
    )
    environment.globals["service_name"] = SERVICE_NAME
    environment.globals["rendered_once"] = rendered_once
    environment.globals["govuk_attributes"] = govuk_attributes.govuk_attributes
    environment.globals.update(govuk_components.GLOBALS)
    environment.globals["find_a_lost_trn_url"] = FIND_A_LOST_TRN_URL
    return environment
