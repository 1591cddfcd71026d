"""Ledger entries of the tables: every cell of Tables 1 and 2, and consistency checks on the
printed values alone (GRIM-style sums and percentages, response categories against arm size)."""

from decimal import Decimal

from .. import case, case_intervals, fmt, matching, table1, table2
from ..tables import NOT_RECOMPUTABLE
from .entries import ARM_NAMES, Entry, printed, status_of, table1_values


def _cells(number: int, table, basis=None) -> list:
    heads = {c: " ".join(p for p in (h, s) if p) for c, h, s in table.columns}
    out = []
    for c in table.cells:
        column = heads[c.column] + (f", {c.visit} visit" if c.visit else "")
        rule = matching.RULES[matching.rule_of(c.printed)]
        note = " ".join(p for p in (c.reason, c.annotation) if p)
        extra = (basis or {}).get(c.key, "")
        out.append(
            Entry(
                c.key,
                "cell",
                f"Table {number} · {c.label} · {column}",
                c.printed,
                c.rebuilt + extra,
                rule,
                c.status,
                note,
                "chen-case",
            )
        )
    return out


def table1_entries(frames: dict) -> list:
    """Every cell of Table 1 (all arms); a percentage carries its denominator."""
    ae, pops = frames["trial_adverse_events"], frames["trial_populations"]
    sizes = dict(zip(zip(pops["arm_id"], pops["population"]), pops["n"]))
    pct = ae[(ae["unit"] == "percent") & ae["value"].notna()]
    basis = {
        f"table1-ae-{term}-{arm}": f" of {int(sizes[(arm, population)])} {population}"
        for term, arm, population in zip(pct["ae_term"], pct["arm_id"], pct["population"])
    }
    return _cells(1, table1.build(frames), basis)


def table2_entries(frames: dict) -> list:
    """Every cell of Table 2 (the default reading of the sorafenib start)."""
    return _cells(2, table2.build(frames))


def cell_entries(frames: dict) -> list:
    """Every cell of Tables 1 and 2."""
    return table1_entries(frames) + table2_entries(frames)


def consistency_entries(frames: dict) -> list:
    """Checks that use the printed values alone: they catch errors no transcription can hide."""
    t = printed(frames, "table1")
    arms = list(dict.fromkeys(t["column"]))
    values = table1_values(frames)
    n_printed = {a: int(values[("number", a)]) for a in arms}
    labels = {}  # the first printed label of each row
    for row_id, label in zip(t["row_id"], t["label"]):
        labels.setdefault(row_id, label)
    out = []
    for row_id in ("sex", "child_pugh", "hepatitis", "tnm_stage", "bclc", "ecog"):
        for arm in arms:
            text = values[(row_id, arm)]
            parts = matching.parts(text)
            label = labels[row_id]
            where = f"Table 1 · {label} · {ARM_NAMES[arm]}"
            if parts == [None]:
                continue  # printed NA: nothing to add up
            if any(p is None for p in parts):
                out.append(
                    Entry(
                        f"sum-{row_id}-{arm}",
                        "consistency",
                        where,
                        text,
                        "",
                        "categories add up to the printed Number",
                        NOT_RECOMPUTABLE,
                        "a category is printed NA, so the sum cannot be checked",
                        "chen-case",
                    )
                )
                continue
            total = int(sum(parts))
            out.append(
                Entry(
                    f"sum-{row_id}-{arm}",
                    "consistency",
                    where,
                    text,
                    f"sum {total} of {n_printed[arm]}",
                    "categories add up to the printed Number",
                    status_of(total == n_printed[arm]),
                    ""
                    if total == n_printed[arm]
                    else f"the categories add up to {total}, the arm has {n_printed[arm]}",
                    "chen-case",
                )
            )
    for arm in arms:
        cats = [matching.parts(values[(rid, arm)])[0] for rid in ("cr", "pr", "sd", "pd", "ne")]
        known = int(sum(c for c in cats if c is not None))
        gap = n_printed[arm] - known
        note = (
            ""
            if gap == 0
            else (
                f"{gap} of {n_printed[arm]} patients are in no response category"
                + (" (the not-assessable row is NA)" if cats[-1] is None else "")
            )
        )
        out.append(
            Entry(
                f"response-sum-{arm}",
                "consistency",
                f"Table 1 · best response rows · {ARM_NAMES[arm]}",
                "/".join("NA" if c is None else str(int(c)) for c in cats),
                f"sum {known} of {n_printed[arm]}",
                "CR + PR + SD + PD + not assessable = Number",
                status_of(gap == 0),
                note,
                "chen-case",
            )
        )
    return out


#: Printed words that mean "none" in Table 2.
_NONE = {"neg", "0", "none", "no"}


def _t2(frames) -> dict:
    """Printed Table 2 cells by (row_id, column, visit); visit "" for single cells."""
    t = frames["published_table2"].fillna({"visit": ""})
    return {(r.row_id, r.column, r.visit): str(r.printed) for r in t.itertuples()}


def _t2_where(frames, column: str, rows) -> str:
    names = {"so-2008": "So et al.", "index": "Chen et al. (index case)"}
    t = frames["published_table2"].drop_duplicates("row_id").set_index("row_id")["label"]
    return f"Table 2 · {names[column]} · " + ", ".join(t[r] for r in rows)


def table2_check_entries(frames: dict) -> list:
    """The cells of each Table 2 column against each other and against the text (cross-row checks).

    Outcome CR requires no lesion and no metastasis at the last visit; a "Longest Diameter" cell
    holds one diameter; the index case's treatment time agrees with its dates; the values printed
    for the last visit agree with the text; the two columns' outcomes are the same kind of CR.
    """
    cells = _t2(frames)
    out = []
    for col in ("so-2008", "index"):
        outcome = cells[("outcome", col, "")]
        last = {
            r: cells[(r, col, "last")] for r in ("lesion_count", "longest_diameter", "metastasis")
        }
        left = [r for r, v in last.items() if v.strip().lower() not in _NONE]
        ok = outcome != "CR" or not left
        out.append(
            Entry(
                f"table2-check-outcome-{col}",
                "consistency",
                _t2_where(frames, col, ["outcome", *last]),
                f"Outcome {outcome}; last visit: "
                + "; ".join(f"{r.replace('_', ' ')} {v}" for r, v in last.items()),
                "no disease left at the last visit" if ok else f"disease left: {', '.join(left)}",
                "Outcome CR means no lesion and no metastasis is left at the last visit",
                status_of(ok),
                ""
                if ok
                else "the column prints a complete response together with disease still present",
                "chen-case",
            )
        )
    # Both columns print a lesion's size the same way (two diameters, "a×b").
    shapes = {}
    for col in ("so-2008", "index"):
        first = cells[("longest_diameter", col, "first")]
        shapes[col] = len([p for p in first.replace("x", "×").split("×") if p.strip()])
    same = len(set(shapes.values())) == 1
    out.append(
        Entry(
            "table2-check-diameter-format",
            "consistency",
            "Table 2 · Longest Diameter, cm · both columns (first visit)",
            " / ".join(cells[("longest_diameter", c, "first")] for c in shapes),
            " / ".join(f"{n} value{'s' * (n != 1)}" for n in shapes.values()),
            "both columns print a lesion's size in the same format",
            status_of(same),
            "both columns print two diameters of one lesion under a label that names one diameter; "
            "the index case's second measured lesion (Case Report ¶3) is not shown"
            if same
            else "the columns print sizes in different formats",
            "chen-case",
        )
    )
    # The index case's treatment time (">8" months) against its dates, by whole calendar months.
    start = case.event_date(frames, "sorafenib-start")
    last_scan = case.last_study(frames)["date"]
    printed_time = cells[("treatment_months", "index", "")]
    n = int(printed_time.lstrip(">").strip())
    ok = case_intervals.agrees("more than", n, start, last_scan)
    whole = case_intervals.calendar_months(start, last_scan)
    extra = (last_scan - case_intervals.add_months(start, whole)).days
    out.append(
        Entry(
            "table2-check-treatment-time-index",
            "consistency",
            _t2_where(frames, "index", ["treatment_months"]),
            printed_time,
            f"{whole} months and {extra} days from the sorafenib start ({start:%d %b %Y}) to the "
            f"last scan ({last_scan:%d %b %Y})",
            "more than N whole calendar months from the sorafenib start to the last scan",
            status_of(ok),
            "",
            "chen-case",
        )
    )
    # The last-visit AFP within the range the text gives for the treatment.
    rng = frames["case_labs"].set_index("lab_id").loc["afp-treatment-range"]
    afp_last = Decimal(cells[("afp", "index", "last")])
    lo, hi = Decimal(str(rng["value"])), Decimal(str(rng["value_high"]))
    ok = lo <= afp_last <= hi
    out.append(
        Entry(
            "table2-check-afp-last-index",
            "consistency",
            _t2_where(frames, "index", ["afp"]) + " (last visit)",
            cells[("afp", "index", "last")],
            f"the text's range during treatment: {fmt.number(lo, 2)}-{fmt.number(hi, 1)}",
            "the last-visit value lies within the text's range during treatment",
            status_of(ok),
            "",
            "chen-case",
        )
    )
    # The last-visit ECOG: the text gives ECOG 0 only at the first follow-up.
    out.append(
        Entry(
            "table2-check-ecog-last-index",
            "consistency",
            _t2_where(frames, "index", ["ecog"]) + " (last visit)",
            cells[("ecog", "index", "last")],
            "",
            "the last-visit value is stated in the text",
            NOT_RECOMPUTABLE,
            "the text states ECOG 0 at the CT of 10 Jul 2009 only; no value is given for the last visit",
            "chen-case",
        )
    )
    # So et al.: a last dose of 0 agrees with six months of treatment then a stop.
    so = frames["comparator_cases"].set_index(["item", "visit"], drop=False)
    stopped = so.loc[("sorafenib_dose_mg_bid", "last"), "value"] == "0"
    rf = so[so["item"] == "recurrence_free_after_stop_months"]
    ok = stopped and not rf.empty
    out.append(
        Entry(
            "table2-check-dose-so-2008",
            "consistency",
            _t2_where(frames, "so-2008", ["dose", "treatment_months"]),
            f"{cells[('dose', 'so-2008', 'last')]} at the last visit; "
            f"{cells[('treatment_months', 'so-2008', '')]} months",
            "stopped after the treatment time, then followed without it",
            "a last dose of 0 agrees with a treatment that stopped",
            status_of(ok),
            "",
            "chen-case",
        )
    )
    # The two columns' outcomes: each paper's own word for its response; neither states a criterion.
    kind = so[so["item"] == "outcome_kind"]
    so_kind = kind["value"].iloc[0] if not kind.empty else "not stated"
    out.append(
        Entry(
            "table2-check-outcome-kind",
            "consistency",
            "Table 2 · Outcome · both columns",
            "CR / CR",
            f"So et al.: {so_kind} complete response; index case: radiological complete response",
            "each column's outcome is the complete response its own paper reports",
            status_of(True),
            "neither paper states a response criterion (RECIST, WHO or mRECIST): So et al. call theirs "
            "a complete clinical response, this paper a radiological CR, so the row compares two "
            "authors' judgements, not two measurements by one rule",
            kind["source"].iloc[0] if not kind.empty else "chen-case",
            kind["confidence"].iloc[0] if not kind.empty else "",
        )
    )
    return out
