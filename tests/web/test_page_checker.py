"""The page checker catches each mistake it exists for."""

from __future__ import annotations

import pytest

from tests.fixtures.pages import check_fragment, check_page

GOOD = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>
{summary}<h1>{h1}</h1>{body}</body></html>"""


def page(title="Find a mentor - Service", h1="Find a mentor", summary="", body=""):
    return GOOD.format(title=title, h1=h1, summary=summary, body=body)


SUMMARY = '<div class="govuk-error-summary"><a href="#{target}">Enter a TRN</a></div>'
CSRF = '<input type="hidden" name="_csrf_token" value="x">'


def test_a_good_page_passes():
    check_page(page(body=f'<form method="post" action="/x">{CSRF}<input id="trn"></form>'))
    check_page(
        page(
            title="Error: Find a mentor - Service",
            summary=SUMMARY.format(target="trn"),
            body='<input id="trn">',
        )
    )


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        (page(h1="Find a mentor</h1><h1>Again"), "expected one <h1>"),
        (page(body="<p>no heading</p>").replace("<h1>Find a mentor</h1>", ""), "expected one <h1>"),
        (page(title="Something else - Service"), "does not start with the <h1>"),
        (page(summary=SUMMARY.format(target="trn"), body='<input id="trn">'), "'Error: '"),
        (page(title="Error: Find a mentor - Service"), "'Error: ' in the title without"),
        (
            page(title="Error: Find a mentor - Service", summary=SUMMARY.format(target="nope")),
            "summary link #nope",
        ),
        (page(body='<form action="/x"></form>'), "a form needs a method"),
        (page(body='<form method="post"></form>'), "a form needs an action"),
        (page(body='<form method="post" action="/x"></form>'), "no CSRF token"),
        (page(body='<p id="a"></p><p id="a"></p>'), "duplicate ids"),
        (page(body='<div hx-get="/x"></div>'), "must enhance a form or link"),
        (page(body="<p>unclosed <b>bold</p></span>"), "does not parse cleanly"),
    ],
)
def test_each_mistake_is_caught(html, problem):
    with pytest.raises(AssertionError, match=problem):
        check_page(html)


def test_fragments_are_checked_too():
    check_fragment('<div id="a"></div><div id="b"></div>')
    with pytest.raises(AssertionError, match="duplicate ids"):
        check_fragment('<div id="a"></div><div id="a"></div>')
    with pytest.raises(AssertionError, match="not be a whole page"):
        check_fragment(page())


def test_htmx_may_enhance_controls_inside_a_real_form():
    check_page(page(body=f'<form method="post" action="/x">{CSRF}<input hx-post="/y"></form>'))
    with pytest.raises(AssertionError, match="needs a real href"):
        check_page(page(body='<a hx-get="/x">Link</a>'))
