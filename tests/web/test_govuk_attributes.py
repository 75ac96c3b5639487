"""The Python `govukAttributes` renders what GOV.UK Frontend's own macro renders, for any params."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import ChainableUndefined, Environment, PackageLoader
from markupsafe import Markup

from web.govuk_attributes import TEMPLATE, govuk_attributes
from web.templating import create_environment

# The package's own macro, in an environment set up as ours is, without our replacement.
_PACKAGE = Environment(
    loader=PackageLoader("govuk_frontend_jinja", "templates"),
    undefined=ChainableUndefined,
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_MACRO = _PACKAGE.get_template(TEMPLATE.removeprefix("govuk_frontend_jinja/")).module
UNDEFINED = ChainableUndefined(name="missing")

texts = st.text(alphabet="ab <>&\"'=", max_size=6)
scalars = st.one_of(
    texts,
    texts.map(Markup),
    st.integers(-2, 2),
    st.booleans(),
    st.none(),
    st.just(UNDEFINED),
)
options = st.one_of(
    st.fixed_dictionaries({"value": scalars, "optional": st.booleans()}),
    st.fixed_dictionaries({}, optional={"value": scalars, "optional": scalars, "val": scalars}),
)
attribute_maps = st.dictionaries(texts, st.one_of(scalars, options), max_size=4)


# Cheap to run: enough examples to reach optional attributes with each kind of value.
@settings(max_examples=500)
@given(st.one_of(attribute_maps, texts, texts.map(Markup), st.none(), st.just(UNDEFINED)))
@example({"hidden": {"value": True, "optional": True}})
@example({"hidden": {"value": None, "optional": True}})
@example({"hidden": {"value": 0, "optional": True}})
@example({"aria-hidden": False, "data-x": {"val": Markup("<b>")}})
@example({"items": "x"})
def test_renders_what_the_macro_renders(attributes):
    assert govuk_attributes(attributes) == _MACRO.govukAttributes(attributes)
    assert isinstance(govuk_attributes(attributes), Markup)


def test_components_import_the_python_function():
    environment = create_environment(auto_reload=False)
    template = environment.from_string(
        '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
        '{{ govukButton({"text": "Go", "attributes": {"data-module": "x", "id": "<go>"}}) }}'
    )
    assert 'data-module="x" id="&lt;go&gt;"' in template.render()
    assert environment.get_template(TEMPLATE).module.govukAttributes is govuk_attributes
