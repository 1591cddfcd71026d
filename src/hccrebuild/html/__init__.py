"""Presentation: Jinja2 templates (autoescaped) fed by context dicts built here."""
