"""What changed between two versions of a frame or a parameter set: pure, no files, no HTML.

Every value is compared as the text it is written as (frames read with `dtype=str`), so a change
is a change of the printed product, not of a float's last bit.
"""

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class FrameDiff:
    """Rows added and removed (by key), cells changed in rows present in both, columns gained/lost.

    `changed` holds one dict per changed row: `key` (the row's key, as text), `row` (its values in
    the new frame) and `cells` (a list of `(column, old, new)`).
    """

    key: list
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    columns_added: list = field(default_factory=list)
    columns_removed: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the two frames are the same."""
        return not (
            self.added or self.removed or self.changed or self.columns_added or self.columns_removed
        )

    def counts(self) -> dict:
        """Number of rows added, removed and changed, and of cells changed."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "cells": sum(len(c["cells"]) for c in self.changed),
        }

    def to_dict(self) -> dict:
        """Plain values for JSON."""
        return {
            "key": list(self.key),
            "added": self.added,
            "removed": self.removed,
            "changed": [
                {
                    "key": c["key"],
                    "cells": [{"column": col, "old": a, "new": b} for col, a, b in c["cells"]],
                }
                for c in self.changed
            ],
            "columns_added": self.columns_added,
            "columns_removed": self.columns_removed,
        }


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text; missing values as the empty string."""
    return frame.astype(object).where(frame.notna(), "").astype(str)


def row_key(frame: pd.DataFrame, key) -> list:
    """Each row's key as one text: the key columns joined by " · ", numbered when repeated.

    With `key` empty or None the key is the row's position ("row 1", "row 2", ...).
    """
    if not key:
        return [f"row {i}" for i in range(1, len(frame) + 1)]
    joined = _text(frame[list(key)]).agg(" · ".join, axis=1).tolist()
    seen, out = {}, []
    for k in joined:
        seen[k] = seen.get(k, 0) + 1
        out.append(k if seen[k] == 1 else f"{k} #{seen[k]}")
    return out


def unique_key(old: pd.DataFrame, new: pd.DataFrame, candidates) -> list:
    """The first candidate column list that identifies every row of both frames; [] if none does."""
    for cand in candidates:
        cols = list(cand)
        if all(c in old.columns and c in new.columns for c in cols):
            if not old.duplicated(cols).any() and not new.duplicated(cols).any():
                return cols
    return []


def frames(old: pd.DataFrame, new: pd.DataFrame, key=None, columns=None) -> FrameDiff:
    """Compare two frames row by row.

    Parameters
    ----------
    old, new : DataFrame
        The two versions.
    key : list of str, optional
        Columns that identify a row (repeats are numbered); None: the row's position.
    columns : list of str, optional
        Only these columns count as changes (others are still carried in `row`).

    Returns
    -------
    FrameDiff
    """
    key = list(key or [])
    old, new = _text(old), _text(new)
    out = FrameDiff(
        key=key,
        columns_added=[c for c in new.columns if c not in old.columns],
        columns_removed=[c for c in old.columns if c not in new.columns],
    )
    ok, nk = row_key(old, key), row_key(new, key)
    old_rows = dict(zip(ok, old.to_dict("records"), strict=True))
    new_rows = dict(zip(nk, new.to_dict("records"), strict=True))
    shared = [c for c in new.columns if c in old.columns]
    watched = [c for c in (columns or shared) if c in shared]
    for k in nk:
        if k not in old_rows:
            out.added.append({"key": k, "row": new_rows[k]})
            continue
        cells = [
            (c, old_rows[k][c], new_rows[k][c]) for c in watched if old_rows[k][c] != new_rows[k][c]
        ]
        if cells:
            out.changed.append({"key": k, "row": new_rows[k], "cells": cells})
    out.removed = [{"key": k, "row": old_rows[k]} for k in ok if k not in new_rows]
    return out


def flatten(mapping, prefix: str = "") -> dict:
    """A nested mapping as {"a.b.c": value}; lists and scalars are leaves."""
    out = {}
    for k, v in (mapping or {}).items():
        name = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict) and v:
            out.update(flatten(v, name))
        else:
            out[name] = v
    return out


def mappings(old: dict, new: dict) -> list:
    """Keys whose value differs between two flat mappings, sorted: dicts of key, old, new.

    A key missing on one side has None there.
    """
    keys = sorted(set(old) | set(new))
    return [
        {"key": k, "old": old.get(k), "new": new.get(k)} for k in keys if old.get(k) != new.get(k)
    ]


def layout(frame: pd.DataFrame, diff: FrameDiff, label_columns) -> list:
    """The new table in its own layout with every changed cell marked, for display.

    Returns
    -------
    list of list of dict
        One list per row of `frame` (after `row_key` with the diff's key), one dict per column:
        `text`, `old` (the old text where the cell changed, else None), `changed` (bool),
        `added_row` (the row is new), `label` (the column is one of `label_columns`).
    """
    text = _text(frame)
    keys = row_key(text, diff.key)
    changed = {c["key"]: {col: a for col, a, _ in c["cells"]} for c in diff.changed}
    added = {a["key"] for a in diff.added}
    rows = []
    for k, rec in zip(keys, text.to_dict("records"), strict=True):
        cells = changed.get(k, {})
        rows.append(
            [
                {
                    "text": rec[c],
                    "old": cells.get(c),
                    "changed": c in cells,
                    "added_row": k in added,
                    "label": c in label_columns,
                }
                for c in text.columns
            ]
        )
    return rows
