"""The Jinja2 environment of the html layer: escaping, strictness, fragments."""

import html

import jinja2
import pytest

from hccrebuild.html import product_html, templating

NASTY = 'it\'s <b>"bold"</b> & more'


def test_values_are_escaped_as_the_standard_library_does():
    out = templating.render_string("<p>{{ x }}</p>", x=NASTY)
    assert out == f"<p>{html.escape(NASTY)}</p>"
    assert "&#x27;" in out and "&quot;" in out


def test_join_escapes_each_item_but_not_the_separator():
    assert (
        templating.render_string('{{ xs|join("; ") }}', xs=["a&b", "<c>"]) == "a&amp;b; &lt;c&gt;"
    )


def test_a_missing_value_is_an_error():
    with pytest.raises(jinja2.UndefinedError):
        templating.render_string("{{ missing }}")


def test_file_fragments_are_autoescaped():
    fig = {"id": "fig-x", "svg": "<svg ></svg>", "alt": NASTY, "caption": NASTY, "csv": "x.csv"}
    out = product_html.figure_html(fig, 1)
    assert f'aria-label="{html.escape(NASTY)}"' in out
    assert f"</span> {html.escape(NASTY)} <span" in out
    assert "<b>" not in out
