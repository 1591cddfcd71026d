"""A finding's words: templates whose ``{name}`` fields are filled from computed values.

Pure string work, free of the analyses, so that any product can show a finding's title.
`ledger.register.facts` computes the values the register's templates name.
"""

import string

from .. import paths
from ..errors import LedgerError


class _Strict(string.Formatter):
    def get_value(self, key, args, kwargs):
        if key not in kwargs:
            raise KeyError(key)
        return kwargs[key]


def fill(text: str, values: dict, where: str) -> str:
    """`text` with its ``{name}`` fields filled from `values`; LedgerError naming `where` if one is unknown."""
    try:
        return _Strict().format(text, **values)
    except (KeyError, IndexError, ValueError) as e:
        raise LedgerError(
            f"{paths.relative(paths.DATA / 'findings.csv')}: {where} names {e}, which the "
            "computation does not give"
        ) from None


def titles(register, values: dict = None) -> dict:
    """Each finding's title, by id, as a reader sees it: a title whose fields `values` cannot fill
    (see `ledger.register.facts`) is replaced by the finding id."""
    out = {}
    for fid, title in zip(register["finding_id"], register["title"], strict=True):
        try:
            out[fid] = fill(str(title), values or {}, fid)
        except LedgerError:
            out[fid] = fid
    return out
