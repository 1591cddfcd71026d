"""The findings register (data/findings.csv): how findings are ranked and how confident each is.

A finding's text is a template filled from the computation (`finding_facts`); which outputs mark
which values: `analysis.marks`.
"""

#: Consequence of a finding for a reader, the gravest first: findings are ranked by it.
CONSEQUENCES = ("changes-case-conclusion", "changes-number", "changes-label")

#: The confidence each kind of evidence supports, written down once. A primary-source finding is
#: capped further by the confidence of the primary fact itself (`fact_confidence`).
CONFIDENCE_OF_KIND = {
    "printed-values": "high",  # the paper's own printed numbers or dates, recomputed
    "primary-source": "high",  # a fact documented in a primary publication
    "published-rule": "medium",  # a published rule applied to what the paper reports
    "inference": "low",  # reasoning beyond what is documented
}
_LEVELS = ("low", "medium", "high")


def confidence(kind: str, fact_confidence: str = "") -> str:
    """A finding's confidence: its kind's level, capped by the primary fact's confidence."""
    level = CONFIDENCE_OF_KIND[kind]
    if fact_confidence:
        level = min(level, fact_confidence, key=_LEVELS.index)
    return level
