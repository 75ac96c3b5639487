"""GOV.UK Frontend's radios, checkboxes and summary list, with the label, hint, error message and
fieldset they are made of, as Python functions that render the same markup as the package's macros.

Checkboxes of three mentors cost 150 microseconds as a Jinja macro: each item is a macro
calling two more, and each reads its params two hundred times through Jinja's attribute
look-up. That was a fifth of the mentors question's CPU, and the summary list as much of check
your answers'. These functions read the same params the same way (a missing one is Jinja's
undefined), and `tests/web/test_govuk_components.py` holds every one of them to the package's
own macro, for any params.

Each replaces its macro's template (see `REPLACEMENTS`), so templates import them unchanged.
"""

from __future__ import annotations

from typing import Any

from jinja2 import ChainableUndefined, Environment, Undefined
from jinja2.filters import do_indent
from jinja2.runtime import markup_join
from markupsafe import Markup, _escape_inner, escape

from web.govuk_attributes import govuk_attributes

# Jinja's look-up for anything that is not a plain dict: objects, Markup, undefined.
_JINJA = Environment(undefined=ChainableUndefined)
_DICT_ATTRIBUTES = frozenset(dir(dict))
_UNDEFINED = ChainableUndefined()


def _get(params: Any, key: str) -> Any:
    """`params.key` as the macros read it: a dict's key, or undefined."""
    if type(params) is dict and key not in _DICT_ATTRIBUTES:
        return params.get(key, _UNDEFINED)
    return _JINJA.getattr(params, key)


def _text(value: Any) -> str:
    """A value printed into the markup, escaped unless it is markup."""
    if type(value) is str:
        return _escape_inner(value)
    return str(escape(value))


def _join(*values: Any) -> str:
    """Values joined with Jinja's `~`: markup if any of them is, escaping the others."""
    for value in values:
        if hasattr(value, "__html__"):
            return markup_join(values)
    return "".join([str(value) for value in values])


def _indent(text: str, width: int) -> str:
    """Jinja's `indent` filter on plain text (on markup it makes a Markup a line)."""
    return do_indent(str(text), width)


def _content(params: Any, width: int) -> str:
    """`params.html | safe | trim | indent(width) if params.html else params.text`, printed."""
    html = _get(params, "html")
    if html:
        return _indent(str(Markup(html)).strip(), width)
    return _text(_get(params, "text"))


def _attribute(name: str, value: Any) -> str:
    """` name="value"`, or nothing when the value is empty or undefined."""
    return f' {name}="{_text(value)}"' if value else ""


def _classes(base: str, params: Any) -> str:
    """A class attribute's value: the component's class, then any `params.classes`."""
    classes = _get(params, "classes")
    return f"{base} {_text(classes)}" if classes else base


def govuk_label(params: Any) -> Markup:
    """GOV.UK Frontend's `govukLabel`."""
    if not (_get(params, "html") or _get(params, "text")):
        return Markup("")
    label = (
        f'<label class="{_classes("govuk-label", params)}"'
        f"{govuk_attributes(_get(params, 'attributes'))}"
        f"{_attribute('for', _get(params, 'for'))}>\n"
        f"  {_content(params, 2)}\n</label>\n"
    ).strip()
    if _get(params, "isPageHeading"):
        return Markup(f'<h1 class="govuk-label-wrapper">\n  {_indent(label, 2)}\n</h1>\n')
    return Markup(f"{label}\n")


def govuk_hint(params: Any) -> Markup:
    """GOV.UK Frontend's `govukHint`."""
    return Markup(
        f"<div{_attribute('id', _get(params, 'id'))}"
        f' class="{_classes("govuk-hint", params)}"{govuk_attributes(_get(params, "attributes"))}>'
        f"\n  {_content(params, 2)}\n</div>\n"
    )


def govuk_error_message(params: Any) -> Markup:
    """GOV.UK Frontend's `govukErrorMessage`."""
    hidden = _get(params, "visuallyHiddenText")
    if isinstance(hidden, Undefined):  # Jinja's `default("Error")`: only for undefined
        hidden = "Error"
    message = _content(params, 2)
    shown = (
        f'<span class="govuk-visually-hidden">{_text(hidden)}:</span> {message}'
        if hidden
        else message
    )
    return Markup(
        f"<p{_attribute('id', _get(params, 'id'))}"
        f' class="{_classes("govuk-error-message", params)}"'
        f"{govuk_attributes(_get(params, 'attributes'))}>\n  {shown}\n</p>\n"
    )


def govuk_fieldset(params: Any, caller: Any = None) -> Markup:
    """GOV.UK Frontend's `govukFieldset`, with `{% call %}` content or `params.html`."""
    parts = [
        f'<fieldset class="{_classes("govuk-fieldset", params)}"',
        _attribute("role", _get(params, "role")),
        _attribute("aria-describedby", _get(params, "describedBy")),
        f"{govuk_attributes(_get(params, 'attributes'))}>\n",
    ]
    legend = _get(params, "legend")
    if _get(legend, "html") or _get(legend, "text"):
        parts.append(f'  <legend class="{_classes("govuk-fieldset__legend", legend)}">\n')
        if _get(legend, "isPageHeading"):
            parts.append(
                f'    <h1 class="govuk-fieldset__heading">\n      {_content(legend, 6)}\n'
                "    </h1>\n"
            )
        else:
            parts.append(f"    {_content(legend, 4)}\n")
        parts.append("  </legend>\n")
    html = _get(params, "html")
    if caller:
        parts.append(f"{_text(caller())}\n")
    elif html:
        parts.append(f"  {Markup(html)!s}\n")
    parts.append("</fieldset>\n")
    return Markup("".join(parts))


# What a group of radios or checkboxes passes on from its hint and its error message.
_HINT_KEYS = ("classes", "attributes", "html", "text")
_ERROR_KEYS = (*_HINT_KEYS, "visuallyHiddenText")


def _group_part(render: Any, part: Any, part_id: Any, keys: tuple[str, ...]) -> str:
    """The group's hint or error message, with its id, indented into the group."""
    html = render({"id": part_id, **{key: _get(part, key) for key in keys}})
    return f"  {_indent(str(html).strip(), 2)}\n"


def _choices(kind: str, params: Any) -> Markup:
    """`govukRadios` or `govukCheckboxes` (kind "radios" or "checkboxes"): they differ in how
    an item is checked and named, and in what each item is described by."""
    checkboxes = kind == "checkboxes"
    name = _get(params, "name")
    id_prefix = _get(params, "idPrefix") or name
    fieldset = _get(params, "fieldset")
    if checkboxes:
        described_by = _get(params, "describedBy") or ""
        if fieldset and _get(fieldset, "describedBy"):
            described_by = _get(fieldset, "describedBy")
    else:
        described_by = (
            _get(fieldset, "describedBy") if fieldset and _get(fieldset, "describedBy") else ""
        )
    inner = []
    hint = _get(params, "hint")
    if hint:
        hint_id = _join(id_prefix, "-hint")
        described_by = _join(described_by, " ", hint_id) if described_by else hint_id
        inner.append(_group_part(govuk_hint, hint, hint_id, _HINT_KEYS))
    error = _get(params, "errorMessage")
    if error:
        error_id = _join(id_prefix, "-error")
        described_by = _join(described_by, " ", error_id) if described_by else error_id
        inner.append(_group_part(govuk_error_message, error, error_id, _ERROR_KEYS))
    inner.append(
        f'  <div class="{_classes(f"govuk-{kind}", params)}"'
        f'{govuk_attributes(_get(params, "attributes"))} data-module="govuk-{kind}">\n'
    )
    form_group = _get(params, "formGroup")
    before = _get(form_group, "beforeInputs") if form_group else None
    if before:
        inner.append(f"    {_content(before, 4)}\n")
    for index, item in enumerate(_JINJA.getitem(params, "items"), 1):
        if item:
            inner.append(_item(kind, params, item, index, id_prefix, described_by, bool(fieldset)))
    after = _get(form_group, "afterInputs") if form_group else None
    if after:
        inner.append(f"    {_content(after, 4)}\n")
    inner.append("  </div>\n")
    inner_html = "".join(inner).strip()
    group_classes = " govuk-form-group--error" if error else ""
    if form_group and _get(form_group, "classes"):
        group_classes += f" {_text(_get(form_group, 'classes'))}"
    group_attributes = _get(form_group, "attributes") if form_group else _UNDEFINED
    parts = [
        f'\n<div class="govuk-form-group{group_classes}"{govuk_attributes(group_attributes)}>\n'
    ]
    if fieldset:
        fieldset_html = govuk_fieldset(
            {
                "describedBy": described_by,
                "classes": _get(fieldset, "classes"),
                "attributes": _get(fieldset, "attributes"),
                "legend": _get(fieldset, "legend"),
                "html": Markup(inner_html),
            }
        )
        parts.append(f"  {_indent(str(fieldset_html).strip(), 2)}\n")
    else:
        parts.append(f"  {inner_html}\n")
    parts.append("</div>\n")
    return Markup("".join(parts))


def _item(
    kind: str,
    params: Any,
    item: Any,
    index: int,
    id_prefix: Any,
    described_by: str,
    has_fieldset: bool,
) -> str:
    """One radio or checkbox, with its label, hint and conditionally revealed content."""
    item_id = _get(item, "id") or _join(id_prefix, _join("-", index) if index > 1 else "")
    conditional_id = _join("conditional-", item_id)
    divider = _get(item, "divider")
    if divider:
        return f'    <div class="govuk-{kind}__divider">{_text(divider)}</div>\n'
    checked = _get(item, "checked")
    if kind == "checkboxes":
        item_name = _get(item, "name") or _get(params, "name")
        if not checked:
            values = _get(params, "values")
            checked = (
                (_get(item, "value") in params.get("values", []) and checked is not False)
                if values
                else False
            )
    else:
        item_name = _get(params, "name")
        if not checked:
            value = _get(params, "value")
            checked = (_get(item, "value") == value and checked is not False) if value else False
    hint = _get(item, "hint")
    has_hint = bool(hint and (_get(hint, "text") or _get(hint, "html")))
    hint_id = _join(item_id, "-item-hint")
    if kind == "checkboxes":
        hint_id = hint_id if has_hint else ""
        item_described_by = _join("" if has_fieldset else described_by, " ", hint_id).strip()
    else:
        item_described_by = hint_id if has_hint else ""
    conditional = _get(item, "conditional")
    reveals = bool(conditional and _get(conditional, "html"))
    behaviour, label = _get(item, "behaviour"), _get(item, "label")
    input_type = "checkbox" if kind == "checkboxes" else "radio"
    parts = [
        (
            f'    <div class="govuk-{kind}__item">\n      <input class="govuk-{kind}__input"'
            f' id="{_text(item_id)}" name="{_text(item_name)}" type="{input_type}"'
            f' value="{_text(_get(item, "value"))}"'
        ),
        " checked" if checked else "",
        " disabled" if _get(item, "disabled") else "",
        _attribute("data-aria-controls", conditional_id) if reveals else "",
        _attribute("data-behaviour", behaviour) if kind == "checkboxes" else "",
        _attribute("aria-describedby", item_described_by),
        f"{govuk_attributes(_get(item, 'attributes'))}>\n",
    ]
    label_classes = _join(
        f"govuk-{kind}__label",
        _join(" ", _get(label, "classes")) if label and _get(label, "classes") else "",
    )
    label_html = govuk_label(
        {
            "html": _get(item, "html"),
            "text": _get(item, "text"),
            "classes": label_classes,
            "attributes": _get(label, "attributes") if label else _UNDEFINED,
            "for": item_id,
        }
    )
    parts.append(f"      {_indent(str(label_html).strip(), 6)}\n")
    if has_hint:
        hint_classes = _join(
            f"govuk-{kind}__hint",
            _join(" ", _get(hint, "classes")) if hint and _get(hint, "classes") else "",
        )
        hint_html = govuk_hint(
            {
                "id": hint_id,
                "classes": hint_classes,
                "attributes": _get(hint, "attributes") if hint else _UNDEFINED,
                "html": _get(hint, "html"),
                "text": _get(hint, "text"),
            }
        )
        parts.append(f"      {_indent(str(hint_html).strip(), 6)}\n")
    parts.append("    </div>\n")
    if reveals:
        hidden = "" if checked else f" govuk-{kind}__conditional--hidden"
        parts.append(
            f'    <div class="govuk-{kind}__conditional{hidden}" id="{_text(conditional_id)}">\n'
            f"      {str(Markup(_get(conditional, 'html'))).strip()}\n    </div>\n"
        )
    return "".join(parts)


def govuk_radios(params: Any) -> Markup:
    """GOV.UK Frontend's `govukRadios`."""
    return _choices("radios", params)


def govuk_checkboxes(params: Any) -> Markup:
    """GOV.UK Frontend's `govukCheckboxes`."""
    return _choices("checkboxes", params)


def _items(params: Any) -> Any:
    """`params['items']` as Jinja reads it (a key, else an attribute, else undefined)."""
    return _JINJA.getitem(params, "items")


def _action_link(action: Any, card_title: Any) -> str:
    """A summary list's or card's action: a link, its hidden text naming what it changes."""
    html = _get(action, "html")
    shown = do_indent(str(Markup(html)), 4) if html else _text(_get(action, "text"))
    hidden_text = _get(action, "visuallyHiddenText")
    hidden = ""
    if hidden_text or card_title:
        hidden = f" {_text(hidden_text)}" if hidden_text else ""
        if card_title:
            title_html = _get(card_title, "html")
            title = (
                str(Markup(do_indent(title_html, 6)))
                if title_html
                else _text(_get(card_title, "text"))
            )
            hidden += f" ({title})"
        hidden = f'<span class="govuk-visually-hidden">{hidden}</span>'
    return (
        f'<a class="{_classes("govuk-link", action)}" href="{_text(_get(action, "href"))}"'
        f"{govuk_attributes(_get(action, 'attributes'))}>{shown}{hidden}</a>"
    )


def _summary_card(card: Any, summary_list: str) -> str:
    """GOV.UK Frontend's summary card around a summary list."""
    title = _get(card, "title")
    level = _get(title, "headingLevel") if title and _get(title, "headingLevel") else 2
    level = _text(level)
    card_attributes = govuk_attributes(_get(card, "attributes"))
    parts = [
        f'<div class="{_classes("govuk-summary-card", card)}"{card_attributes}>\n',
        '  <div class="govuk-summary-card__title-wrapper">\n',
    ]
    if title:
        parts.append(
            f'    <h{level} class="{_classes("govuk-summary-card__title", title)}">\n'
            f"      {_content(title, 6)}\n    </h{level}>\n"
        )
    actions = _get(card, "actions")
    if actions and len(_items(actions)):
        classes = _classes("govuk-summary-card__actions", actions)
        links = _items(actions)
        if len(links) == 1:
            link = _indent(_action_link(links[0], title), 4)
            parts.append(f'    <div class="{classes}">\n      {link}\n    </div>\n')
        else:
            parts.append(f'    <ul class="{classes}">\n')
            for action in links:
                link = _indent(_action_link(action, title), 8)
                parts.append(
                    f'      <li class="govuk-summary-card__action">\n        {link}\n      </li>\n'
                )
            parts.append("    </ul>\n")
    parts.append(
        '  </div>\n\n  <div class="govuk-summary-card__content">\n'
        f"    {summary_list.strip()}\n  </div>\n</div>\n"
    )
    return "".join(parts)


def govuk_summary_list(params: Any) -> Markup:
    """GOV.UK Frontend's `govukSummaryList`, as a card when `params.card` is given."""
    rows = _get(params, "rows")
    any_row_has_actions = any(
        _get(row, "actions") and len(_items(_get(row, "actions"))) for row in rows
    )
    card = _get(params, "card")
    card_title = _get(card, "title") if card else _UNDEFINED
    list_attributes = govuk_attributes(_get(params, "attributes"))
    parts = [f'<dl class="{_classes("govuk-summary-list", params)}"{list_attributes}>\n']
    for row in rows:
        if not row:
            continue
        actions = _get(row, "actions")
        classes = "govuk-summary-list__row"
        if any_row_has_actions and not (actions and _items(actions)):
            classes += " govuk-summary-list__row--no-actions"
        key, value = _get(row, "key"), _get(row, "value")
        parts.append(
            f'  <div class="{_classes(classes, row)}">\n'
            f'    <dt class="{_classes("govuk-summary-list__key", key)}">\n'
            f"      {_content(key, 6)}\n    </dt>\n"
            f'    <dd class="{_classes("govuk-summary-list__value", value)}">\n'
            f"      {_content(value, 6)}\n    </dd>\n"
        )
        if actions and len(_items(actions)):
            parts.append(f'    <dd class="{_classes("govuk-summary-list__actions", actions)}">\n')
            links = _items(actions)
            if len(links) == 1:
                parts.append(f"{do_indent(_action_link(links[0], card_title), 6, True)}\n")
            else:
                parts.append('      <ul class="govuk-summary-list__actions-list">\n')
                for action in links:
                    link = _indent(_action_link(action, card_title), 8)
                    parts.append(
                        '        <li class="govuk-summary-list__actions-list-item">\n'
                        f"          {link}\n        </li>\n"
                    )
                parts.append("      </ul>\n")
            parts.append("    </dd>\n")
        parts.append("  </div>\n")
    parts.append("</dl>\n")
    summary_list = "".join(parts).strip()
    if card:
        return Markup(_summary_card(card, _indent(summary_list, 4)))
    return Markup(summary_list)


# Each component's template, as a module whose macro is the function above (a global of the
# environment), so `{% from ... import govukRadios %}` imports it unchanged.
FUNCTIONS = {
    "label": ("govukLabel", govuk_label),
    "hint": ("govukHint", govuk_hint),
    "error-message": ("govukErrorMessage", govuk_error_message),
    "fieldset": ("govukFieldset", govuk_fieldset),
    "radios": ("govukRadios", govuk_radios),
    "checkboxes": ("govukCheckboxes", govuk_checkboxes),
    "summary-list": ("govukSummaryList", govuk_summary_list),
}
TEMPLATE = "govuk_frontend_jinja/components/{}/macro.html"
REPLACEMENTS = {
    TEMPLATE.format(component): f"{{% set {macro} = {function.__name__} %}}"
    for component, (macro, function) in FUNCTIONS.items()
}
GLOBALS = {function.__name__: function for _, function in FUNCTIONS.values()}
