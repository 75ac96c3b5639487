"""The layout's GOV.UK parts, rendered once and kept, are what the macros themselves render."""

from __future__ import annotations

import jinja2.runtime
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2.filters import do_indent
from markupsafe import Markup, escape

from web.navigation import school_navigation
from web.templating import create_environment, escape_output, indent, rendered_once

MACROS = "govuk_frontend_jinja/components/{}/macro.html"


def macro(environment, component: str, name: str):
    return getattr(environment.get_template(MACROS.format(component)).module, name)


def render_page(environment, **context) -> str:
    template = environment.from_string(
        '{% extends "layouts/base.html" %}{% block page %}<p>Page</p>{% endblock %}'
    )
    return template.render(title="A page", errors=[], **context)


def rendered_each_time(macro, params, fill=None) -> Markup:
    """What the macro renders given the filled-in markup itself in place of each placeholder."""
    fill = fill or {}

    def filled(value):
        if isinstance(value, dict):
            return {name: filled(each) for name, each in value.items()}
        if isinstance(value, list):
            return [filled(each) for each in value]
        return fill.get(value, value) if isinstance(value, str) else value

    return macro(filled(params))


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_page_is_the_same_whether_layout_parts_are_kept_or_rendered_each_time(signed_in):
    environment = create_environment(auto_reload=False)
    environment.globals["csrf_token"] = lambda: "token-1"
    environment.globals["development_links"] = [{"href": "/mailbox", "text": "Local mailbox"}]
    context = {
        "user": {"first_name": "Ada"} if signed_in else None,
        "navigation": school_navigation(7, "mentors") if signed_in else [],
        "csrf_input": Markup('<input type="hidden" name="_csrf_token" value="token-1">'),
    }
    kept = [render_page(environment, **context) for _ in range(2)]
    environment.globals["rendered_once"] = rendered_each_time
    assert kept[0] == kept[1] == render_page(environment, **context)
    assert ('value="token-1"' in kept[0]) is signed_in
    assert "Local mailbox" in kept[0]


def test_each_session_gets_its_own_sign_out_form_from_one_kept_navigation():
    environment = create_environment(auto_reload=False)
    navigation = macro(environment, "service-navigation", "govukServiceNavigation")
    params = {"serviceName": "S", "navigation": [], "slots": {"navigationEnd": "<!-- here -->"}}
    first = rendered_once(navigation, params, {"<!-- here -->": Markup("<li>one</li>")})
    second = rendered_once(navigation, params, {"<!-- here -->": Markup("<li>two</li>")})
    assert "<li>one</li>" in first and "<li>two</li>" not in first
    assert "<li>two</li>" in second and "<li>one</li>" not in second


def test_text_filled_in_is_escaped():
    environment = create_environment(auto_reload=False)
    navigation = macro(environment, "service-navigation", "govukServiceNavigation")
    params = {"serviceName": "S", "slots": {"navigationEnd": "<!-- here -->"}}
    assert "&lt;script&gt;" in rendered_once(navigation, params, {"<!-- here -->": "<script>"})


def test_text_and_markup_parameters_are_kept_apart():
    environment = create_environment(auto_reload=False)
    inset = macro(environment, "inset-text", "govukInsetText")
    as_text = rendered_once(inset, {"text": "<b>Bold</b>"})
    as_markup = rendered_once(inset, {"text": Markup("<b>Bold</b>")})
    assert "&lt;b&gt;Bold" in as_text
    assert "<b>Bold</b>" in as_markup


def test_parameters_that_cannot_be_a_key_are_refused():
    environment = create_environment(auto_reload=False)
    inset = macro(environment, "inset-text", "govukInsetText")
    with pytest.raises(TypeError):
        rendered_once(inset, {"text": object()})


def test_templates_see_globals_added_after_they_were_loaded():
    environment = create_environment(auto_reload=False)
    template = environment.from_string("{{ late }}")
    environment.globals["late"] = "added later"
    assert template.render() == "added later"


@given(
    st.text(alphabet="a <&\n", max_size=12),
    st.booleans(),
    st.one_of(st.integers(0, 3), st.sampled_from(["", "--", "<i>"])),
    st.booleans(),
    st.booleans(),
)
def test_indent_is_jinjas_indent(text, as_markup, width, first, blank):
    value = Markup(text) if as_markup else text
    ours, jinjas = indent(value, width, first, blank), do_indent(value, width, first, blank)
    assert ours == jinjas
    assert type(ours) is type(jinjas)


def test_reading_a_dicts_key_is_as_jinja_reads_it():
    environment = create_environment(auto_reload=False)
    template = environment.from_string(
        "{{ params.text }}|{{ params.missing.deeper }}|{{ params.items is callable }}|{{ n.real }}"
    )
    assert template.render(params={"text": "<b>", "items": []}, n=3) == "&lt;b&gt;||True|3"


class _Html:
    def __init__(self, html):
        self.html = html

    def __html__(self):
        return self.html


@given(
    st.one_of(
        st.text(alphabet="a<>&\"' ", max_size=8),
        st.text(alphabet="a<>&", max_size=8).map(Markup),
        st.text(alphabet="a<>&", max_size=8).map(_Html),
        st.text(alphabet="a<>&", max_size=8).map(lambda text: _Html(Markup(text))),
        st.integers(),
        st.none(),
        st.booleans(),
    )
)
def test_templates_escape_output_as_markupsafe_does(value):
    ours, markupsafes = escape_output(value), escape(value)
    assert ours == markupsafes
    assert type(ours) is Markup


def test_compiled_templates_use_it():
    environment = create_environment(auto_reload=False)
    template = environment.from_string("{{ value }}")
    assert template.render(value="<b>") == "&lt;b&gt;"
    assert jinja2.runtime.escape is escape_output
