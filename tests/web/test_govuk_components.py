"""The Python radios, checkboxes, summary list, label, hint, error message and fieldset render
what GOV.UK Frontend's own macros render, for any params (or fail as they do)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import ChainableUndefined, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup

from web import govuk_components
from web.templating import create_environment

# The package's own macros, in an environment set up as ours is, without our replacements.
_PACKAGE = Environment(
    loader=PrefixLoader(
        {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
    ),
    undefined=ChainableUndefined,
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
UNDEFINED = ChainableUndefined(name="missing")


def package_macro(component: str):
    """The package's macro for a component, as its templates define it."""
    macro, _ = govuk_components.FUNCTIONS[component]
    return getattr(_PACKAGE.get_template(govuk_components.TEMPLATE.format(component)).module, macro)


# Text with what needs escaping, and with the spaces and line breaks `trim` and `indent` see.
texts = st.text(alphabet="ab <>&\"' \n", max_size=6)
markup = texts.map(Markup)
# What a param may be, empty or undefined included, so a missing key and a falsy one are both
# reached: text, markup, numbers, booleans, None and Jinja's undefined.
values = st.one_of(texts, markup, st.integers(-1, 2), st.booleans(), st.none(), st.just(UNDEFINED))
attributes = st.one_of(
    st.dictionaries(st.sampled_from(["data-x", "lang", "aria-label"]), values, max_size=2),
    st.just(UNDEFINED),
    texts,
)


def optional(**fields) -> st.SearchStrategy[dict]:
    """A dict with any of the given keys."""
    return st.fixed_dictionaries({}, optional=fields)


REVEALED = {"html": "<p>Revealed</p>\n"}
# Markup of several lines, which `indent` indents after the first.
lines = st.lists(st.text(alphabet="ab<& ", min_size=1, max_size=3), min_size=2, max_size=3).map(
    "\n".join
)
content = {"text": values, "html": st.one_of(values, lines, lines.map(Markup))}
labels = optional(
    **content, classes=values, attributes=attributes, isPageHeading=values, **{"for": values}
)
hints = optional(**content, id=values, classes=values, attributes=attributes)
error_messages = optional(
    **content, id=values, classes=values, attributes=attributes, visuallyHiddenText=values
)
legends = st.one_of(optional(**content, classes=values, isPageHeading=values), values)
fieldsets = optional(
    legend=legends,
    classes=values,
    attributes=attributes,
    describedBy=values,
    role=values,
    html=values,
)
items = st.one_of(
    optional(
        **content,
        value=values,
        id=values,
        name=values,
        checked=values,
        disabled=values,
        behaviour=values,
        attributes=attributes,
        label=st.one_of(optional(classes=values, attributes=attributes), values),
        hint=st.one_of(optional(**content, classes=values, attributes=attributes), values),
        conditional=st.one_of(st.fixed_dictionaries({"html": values}), values, st.just(REVEALED)),
    ),
    st.fixed_dictionaries({"divider": values}),
    st.none(),
)
form_groups = st.one_of(
    optional(
        classes=values,
        attributes=attributes,
        beforeInputs=st.one_of(optional(**content), values),
        afterInputs=st.one_of(optional(**content), values),
    ),
    values,
)
choices = optional(
    idPrefix=values,
    name=values,
    value=values,
    values=st.lists(values, max_size=3),
    describedBy=values,
    classes=values,
    attributes=attributes,
    fieldset=st.one_of(fieldsets, values),
    hint=st.one_of(hints, values),
    errorMessage=st.one_of(error_messages, values),
    formGroup=form_groups,
).flatmap(
    lambda params: st.lists(items, min_size=1, max_size=4).map(
        lambda each: {**params, "items": each}
    )
)


def renders_the_same(component: str, params: dict) -> None:
    function = govuk_components.FUNCTIONS[component][1]
    try:
        expected = str(package_macro(component)(params))
    except (TypeError, AttributeError) as error:
        # Params the macro cannot render (a number where it indents text, say): nor can we.
        with pytest.raises(type(error)):
            function(params)
        return
    ours = function(params)
    assert str(ours) == expected
    assert isinstance(ours, Markup)


@settings(max_examples=300)
@given(labels)
@example({"text": "Name", "for": "name", "isPageHeading": True})
def test_label(params):
    renders_the_same("label", params)


@settings(max_examples=200)
@given(hints)
def test_hint(params):
    renders_the_same("hint", params)


@settings(max_examples=200)
@given(error_messages)
@example({"text": "Enter a name", "visuallyHiddenText": ""})
@example({"text": "Enter a name", "visuallyHiddenText": None})
def test_error_message(params):
    renders_the_same("error-message", params)


@settings(max_examples=300)
@given(fieldsets)
def test_fieldset(params):
    renders_the_same("fieldset", params)


# The cases the service's own pages render, as they pass them.
MENTORS = {
    "idPrefix": "mentors",
    "name": "mentors",
    "fieldset": {
        "legend": {
            "text": "Select mentors",
            "isPageHeading": True,
            "classes": "govuk-fieldset__legend--l",
        }
    },
    "hint": {"text": "Select all that apply."},
    "items": [
        {"value": 1, "text": "Ada Lovelace", "hint": {"text": "TRN 1234567"}, "checked": True},
        {"value": 2, "text": "Bob Brown", "hint": {"text": "TRN 7654321"}, "checked": False},
    ],
    "errorMessage": {"text": "Select the mentors"},
}
HOURS = {
    "name": "hours",
    "fieldset": {"legend": {"text": "Hours", "classes": "govuk-fieldset__legend--m"}},
    "value": "another",
    "items": [
        {"value": "20", "text": "20 hours"},
        {"divider": "or"},
        {"value": "another", "text": "Another amount", "conditional": {"html": Markup("<p>x</p>")}},
    ],
}


@settings(max_examples=400)
@given(choices)
@example(MENTORS)
@example(HOURS)
def test_radios(params):
    renders_the_same("radios", params)


@settings(max_examples=400)
@given(choices)
@example(MENTORS)
@example({**MENTORS, "fieldset": None, "values": [2], "describedBy": "extra"})
@example({**HOURS, "items": [{"value": "x", "text": "X", "behaviour": "exclusive"}]})
def test_checkboxes(params):
    renders_the_same("checkboxes", params)


actions = st.one_of(
    st.fixed_dictionaries(
        {
            "items": st.lists(
                optional(
                    **content,
                    href=values,
                    classes=values,
                    attributes=attributes,
                    visuallyHiddenText=values,
                ),
                min_size=1,
                max_size=3,
            )
        },
        optional={"classes": values},
    ),
    values,
)
cells = st.one_of(optional(**content, classes=values), values)
rows = st.one_of(
    st.fixed_dictionaries(
        {"key": cells, "value": cells}, optional={"actions": actions, "classes": values}
    ),
    st.none(),
    st.just({}),
)
cards = optional(
    title=st.one_of(
        optional(**content, classes=values, headingLevel=st.one_of(st.integers(1, 6), values)),
        values,
    ),
    actions=actions,
    classes=values,
    attributes=attributes,
)
summary_lists = optional(
    card=st.one_of(cards, values), classes=values, attributes=attributes
).flatmap(lambda params: st.lists(rows, max_size=4).map(lambda each: {**params, "rows": each}))
CHECK_ANSWERS = {
    "rows": [
        {
            "key": {"text": "Accredited provider"},
            "value": {"text": "Bath Spa University"},
            "actions": {
                "items": [{"href": "/provider", "text": "Change", "visuallyHiddenText": "provider"}]
            },
        },
        {"key": {"text": "Mentors"}, "value": {"html": Markup("<ul>\n<li>Ada</li>\n</ul>")}},
    ]
}


@settings(max_examples=400)
@given(summary_lists)
@example(CHECK_ANSWERS)
@example(
    {
        **CHECK_ANSWERS,
        "card": {
            "title": {"text": "Ada"},
            "actions": {"items": [{"href": "/r", "text": "Remove"}]},
        },
    }
)
@example(
    {
        "card": {
            "title": {"html": "Card\ntitle", "headingLevel": 3},
            "actions": {"items": [{"href": "/a", "html": "A\nB"}, {"href": "/b", "text": "B"}]},
        },
        "rows": [
            {
                "key": {"text": "K"},
                "value": {"text": "V"},
                "actions": {"items": [{"href": "/c", "text": "C"}, {"href": "/d", "text": "D"}]},
            }
        ],
    }
)
@example({"card": {"title": {"html": "One\ntwo"}, "actions": {"items": [{"href": "/a"}]}}})
def test_summary_list(params):
    renders_the_same("summary-list", params)


def test_templates_import_the_python_functions():
    environment = create_environment(auto_reload=False)
    for component, (macro, function) in govuk_components.FUNCTIONS.items():
        module = environment.get_template(govuk_components.TEMPLATE.format(component)).module
        assert getattr(module, macro) is function
    page = environment.from_string(
        '{% from "govuk_frontend_jinja/components/checkboxes/macro.html" import govukCheckboxes %}'
        "{{ govukCheckboxes(params) }}"
    )
    assert page.render(params=MENTORS) == str(package_macro("checkboxes")(MENTORS))


def test_a_fieldset_called_with_content():
    template = (
        '{% from "govuk_frontend_jinja/components/fieldset/macro.html" import govukFieldset %}'
        '{% call govukFieldset({"legend": {"text": "Lines <1>"}, "describedBy": "d"}) %}'
        "<p>Inside & {{ x }}</p>\n{% endcall %}"
    )
    ours = create_environment(auto_reload=False).from_string(template).render(x="<y>")
    assert ours == _PACKAGE.from_string(template).render(x="<y>")
    assert "<p>Inside & &lt;y&gt;</p>" in ours
