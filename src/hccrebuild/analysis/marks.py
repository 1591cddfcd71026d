"""Which findings mark a value: the one rule every output uses to flag a value a finding touches.

A finding of the register (data/findings.csv) lists in `values` the ids of the values it touches
(space-separated, ``*`` as wildcard): table cells (``table1-<row>-<arm>``,
``table2-<row>-<column>[-<visit>]``), text claims (``text-<claim id>``) and the case
(``case-ae-<term>``, ``case-response-<study>``, ``case-first-cr``, ``case-cr-duration``,
``case-sorafenib-start``). Kept free of the analyses, so that a table of the trials does not
depend on the case's data.
"""

import fnmatch

#: Resources `marks` reads.
INPUTS = ["findings"]


def marks(value_ids, register) -> list:
    """For each value id, the findings (space-separated ids, in register order) whose `values`
    match it; "" if none. A value may carry several ids, space-separated (a chart's difference
    of two arms).

    Parameters
    ----------
    value_ids : iterable of str
    register : DataFrame
        data/findings.csv (`finding_id`, `values`).
    """
    pats = [
        (f, p)
        for f, vals in zip(register["finding_id"], register["values"], strict=True)
        if isinstance(vals, str)
        for p in vals.split()
    ]
    out = []
    for value in value_ids:
        ids = str(value or "").split()
        hit = [f for f, p in pats if any(fnmatch.fnmatchcase(v, p) for v in ids)]
        out.append(" ".join(dict.fromkeys(hit)))
    return out
