"""The one Jinja2 environment for HTML fragments: autoescaped, strict, with fixed whitespace rules.

Python builds context dicts of plain values; the templates under `paths.TEMPLATES` build the markup.
"""

import html
from functools import cache

import jinja2
import yaml
from markupsafe import Markup

from .. import paths


def _escaped(value):
    """Escape every `{{ value }}` as the standard library does (quotes as `&quot;`, `&#x27;`).

    Jinja's own escaping writes quotes as `&#34;` and `&#39;`; the standard library's form is
    kept so that the pages stay byte-identical to the ones built before the templates. Values that
    are already `Markup` (rendered fragments, a saved SVG) pass unchanged.
    """
    if value is None or isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def _join(values, separator: str = "") -> Markup:
    """The `join` filter, escaping each item as `{{ }}` does (the separator is template text)."""
    return Markup(separator).join(_escaped(v) for v in values)


@cache
def environment() -> jinja2.Environment:
    """The environment: templates from `paths.TEMPLATES`, every fragment and string autoescaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "j2"), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        finalize=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters["join"] = _join
    return env


def render(name: str, /, **context) -> str:
    """Render the template `name` (relative to `paths.TEMPLATES`) with `context`.

    Parameters
    ----------
    name : str
        Template path, e.g. "fragments/table.html.j2".
    **context
        Plain values the template reads; a missing one is an error (StrictUndefined).

    Returns
    -------
    str
        The markup, as `Markup` so that it can be placed in another template unescaped.
    """
    return Markup(environment().get_template(name).render(**context))


def render_string(source: str, /, **context) -> str:
    """Render a template given as text (a sentence of the prose files), autoescaped like the files."""
    return Markup(environment().from_string(source).render(**context))


@cache
def prose_file(name: str) -> dict:
    """A prose file of html/prose/ (Jinja templates and labels, by key), read once."""
    return yaml.safe_load((paths.PROSE / name).read_text(encoding="utf-8"))


def say_from(file: str, key: str, /, **values) -> str:
    """The text `key` ("answers.staging.ecog") of prose file `file`, with `values` filled in and
    escaped."""
    text = prose_file(file)
    for part in key.split("."):
        text = text[part]
    return render_string(text, **values)
