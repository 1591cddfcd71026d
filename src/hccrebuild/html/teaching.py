"""Teaching exercise: classify the response at each scan, reveal the computed answer, edit the measurements."""

from html import escape

import pandas as pd

from ..analysis import case, fmt, response, timeline
from ..errors import ParameterError

#: Resources the exercise reads (those of the response assessment).
INPUTS = [*response.INPUTS]

NO_GUESS = "(your guess)"
#: What a learner can answer at a follow-up scan.
GUESSES = (NO_GUESS, response.CR, response.PR, response.SD, response.PD, response.NOT_ASSESSABLE)
CORRECT, WRONG, UNGUESSED = "Correct", "Not quite", "No guess"

MEASUREMENT_COLUMNS = [
    "study_id",
    "date",
    "modality",
    "purpose",
    "lesion_id",
    "long_cm",
    "short_cm",
]


def measurements(frames: dict) -> pd.DataFrame:
    """The lesion diameters of the baseline and every follow-up study, one row per lesion and study.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    DataFrame
        `MEASUREMENT_COLUMNS`, in date then lesion order; diameters in cm as floats, 0 where the
        lesion is not visible (the form a learner edits).
    """
    les = case.lesions(frames)
    base = case.baseline_study(frames)
    les = les[(les["date"] >= base["date"]) & les["purpose"].isin(["baseline", "follow_up"])]
    out = les[["study_id", "date", "modality", "purpose", "lesion_id"]].copy()
    seen = les["visible"].astype(bool)
    for col in ("long_cm", "short_cm"):
        out[col] = [float(v) if s and pd.notna(v) else 0.0 for v, s in zip(les[col], seen)]
    return out.reset_index(drop=True)[MEASUREMENT_COLUMNS]


def _checked(measured: pd.DataFrame) -> pd.DataFrame:
    """The measurements with a `visible` column, checked: a lesion is visible if its long diameter is above 0."""
    m = measured.copy()
    for col in ("long_cm", "short_cm"):
        m[col] = pd.to_numeric(m[col]).fillna(0.0).astype(float)
    for r in m.itertuples():
        where = f"{r.lesion_id} on {timeline.day(r.date)}"
        if r.long_cm < 0 or r.short_cm < 0:
            raise ParameterError(
                f"{where}: a diameter cannot be negative ({r.long_cm} × {r.short_cm} cm)"
            )
        if (r.long_cm > 0) != (r.short_cm > 0):
            raise ParameterError(
                f"{where}: give both diameters, or 0 for both if the lesion is not visible"
            )
        if r.short_cm > r.long_cm:
            raise ParameterError(
                f"{where}: the short diameter ({r.short_cm} cm) exceeds the long one ({r.long_cm} cm)"
            )
    m["visible"] = m["long_cm"] > 0
    return m


def assess_measurements(
    frames: dict,
    measured: pd.DataFrame,
    criterion: str = "RECIST1.1",
    sorafenib_start: str = None,
    new_lesions=(),
) -> pd.DataFrame:
    """The response at every study for edited measurements, as `response.assess` computes it, plus new lesions.

    A lesion seen again after a study assessed CR is a new lesion (progression), as is any study
    listed in `new_lesions`; everything else is `response.assess` on the edited diameters.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`; not changed.
    measured : DataFrame
        As `measurements` returns it, with any diameters edited (cm; 0 or NaN: not visible).
    criterion : str
        One of `response.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    new_lesions : iterable of str
        study_ids at which a new lesion is seen.

    Returns
    -------
    DataFrame
        `response.COLUMNS` plus `new_lesion` (bool), one row per study, the baseline first.

    Raises
    ------
    ParameterError
        For a negative diameter, a single diameter, or a short diameter above the long one.
    ValueError
        If the baseline sum is 0 (every baseline lesion set to 0): there is nothing to compare with.
    """
    response.check_criterion(criterion)
    m = _checked(measured)
    les = frames["case_lesions"].copy()
    for r in m.itertuples():
        hit = (les["lesion_id"] == r.lesion_id) & (les["study_id"] == r.study_id)
        les.loc[hit, "visible"] = bool(r.visible)
        les.loc[hit, ["long_cm", "short_cm"]] = (
            [r.long_cm, r.short_cm] if r.visible else [pd.NA, pd.NA]
        )
    table = response.assess({**frames, "case_lesions": les}, criterion, sorafenib_start)
    table["new_lesion"] = False
    new_lesions = set(new_lesions)
    classify = {
        "RECIST1.1": response.classify_recist,
        "WHO": response.classify_who,
        "mRECIST": response.classify_mrecist,
    }[criterion]
    cr_at, base = None, _or_none(table.iloc[0]["sum"])
    nadir = base
    for i, row in table.iterrows():
        if row["category"] == response.BASELINE:
            continue
        current = _or_none(row["sum"])
        reappeared = cr_at is not None and row["lesions_visible"] > 0
        if row["study_id"] in new_lesions or reappeared:
            # the criteria module's own wording for a new lesion
            reason = classify(base, nadir, current, new_lesion=True).reason
            if reappeared and row["study_id"] not in new_lesions:
                reason = (
                    f"a lesion is seen again after the CR of {timeline.day(cr_at)}, so it counts as a new lesion: "
                    + reason
                )
            table.loc[i, ["category", "reason", "new_lesion"]] = [response.PD, reason, True]
        elif row["category"] == response.CR and cr_at is None:
            cr_at = row["date"]
        if current is not None and (nadir is None or current < nadir):
            nadir = current
    return table


def _or_none(value):
    return None if pd.isna(value) else value


def answer_key(
    frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None
) -> pd.DataFrame:
    """The computed category of every follow-up scan on the recorded measurements, for people.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        One of `response.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    DataFrame
        study, days since the sorafenib start, sum, category and reason; one row per follow-up scan.
    """
    table = assess_measurements(frames, measurements(frames), criterion, sorafenib_start)
    return _for_people(table)


def _for_people(table: pd.DataFrame) -> pd.DataFrame:
    follow = table[table["category"] != response.BASELINE]
    return pd.DataFrame(
        {
            "study": [f"{r.modality} {timeline.day(r.date)}" for r in follow.itertuples()],
            "days since sorafenib start": list(follow["days_since_start"]),
            "sum": [
                "not recorded" if pd.isna(r.sum) else f"{fmt.number(r.sum, 1)} {r.unit}"
                for r in follow.itertuples()
            ],
            "category": list(follow["category"]),
            "reason": list(follow["reason"]),
        }
    )


def rules_html(criterion: str = "RECIST1.1") -> str:
    """The criterion's rules in words, with the thresholds `response` uses.

    Parameters
    ----------
    criterion : str
        One of `response.CRITERIA`.

    Returns
    -------
    str
        HTML list.
    """
    response.check_criterion(criterion)
    measure, unit = response.MEASURE[criterion]
    pr, pd_pct, pd_mm = {
        "RECIST1.1": (response.RECIST_PR, response.RECIST_PD, response.RECIST_PD_MM),
        "WHO": (response.WHO_PR, response.WHO_PD, None),
        "mRECIST": (response.MRECIST_PR, response.MRECIST_PD, None),
    }[criterion]
    mm = f" and at least {pd_mm} {unit}" if pd_mm is not None else ""
    items = [
        f"Measure: the {measure} ({unit}) of the target lesions; the baseline study is the reference.",
        f"{response.CR}: every target lesion has gone (sum 0).",
        f"{response.PD}: a new lesion (a lesion seen again after a CR counts as new), or a sum at least "
        f"{pd_pct} %{mm} above the smallest sum so far (the nadir, baseline included).",
        f"{response.PR}: a sum at least {pr} % below the baseline.",
        f"{response.SD}: neither. PD is checked before PR; the limits belong to the category they name.",
    ]
    if criterion == "mRECIST":
        items.append(
            f"{response.NOT_ASSESSABLE}: {response.NO_ENHANCEMENT}, so a lesion that is still visible "
            "cannot be measured as viable tumour."
        )
    return (
        f"<p><b>{escape(criterion)}</b></p><ul>"
        + "".join(f"<li>{escape(i)}</li>" for i in items)
        + "</ul>"
    )


def feedback_text(guess: str, category: str, reason: str) -> str:
    """What the learner reads after the reveal, for one scan.

    Parameters
    ----------
    guess : str
        One of `GUESSES` (`NO_GUESS` if none was made).
    category, reason : str
        The computed category and why.

    Returns
    -------
    str
        "Correct: CR. Why: ...", "Not quite: you said PR; the computed category is CR. Why: ..." or
        "No guess; the computed category is CR. Why: ...".
    """
    why = f"Why: {reason}."
    if guess == NO_GUESS:
        return f"{UNGUESSED}; the computed category is {category}. {why}"
    if guess == category:
        return f"{CORRECT}: {category}. {why}"
    return f"{WRONG}: you said {guess}; the computed category is {category}. {why}"


class Exercise:
    """The widgets of the exercise and their handlers; `widget` is what the notebook displays.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Initial response criterion (the learner can change it).
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    reveal : bool
        Show the computed answers from the start (for a non-interactive run).
    """

    def __init__(
        self,
        frames: dict,
        criterion: str = "RECIST1.1",
        sorafenib_start: str = None,
        reveal: bool = False,
    ):
        import ipywidgets as w

        response.check_criterion(criterion)
        case.event_date(frames, "sorafenib-start", sorafenib_start)
        self.frames, self.sorafenib_start = frames, sorafenib_start
        self.recorded = measurements(frames)
        self.revealed = False
        self.table = None
        self.criterion = w.Dropdown(
            options=list(response.CRITERIA), value=criterion, description="Criterion"
        )
        self.diameters = {}
        for r in self.recorded.itertuples():
            for col, label in (("long_cm", "long"), ("short_cm", "short")):
                box = w.FloatText(
                    value=getattr(r, col),
                    step=0.1,
                    description=f"{r.lesion_id} {label}",
                    layout=w.Layout(width="150px"),
                    style={"description_width": "60px"},
                )
                box.observe(self.on_change, names="value")
                self.diameters[(r.study_id, r.lesion_id, col)] = box
        studies = self.recorded.drop_duplicates("study_id")
        self.studies = list(studies["study_id"])
        self.follow_ups = list(studies.loc[studies["purpose"] == "follow_up", "study_id"])
        self.guesses = {
            s: w.Dropdown(options=list(GUESSES), value=NO_GUESS, layout=w.Layout(width="150px"))
            for s in self.follow_ups
        }
        self.new_lesion = {
            s: w.Checkbox(
                value=False, description="new lesion", indent=False, layout=w.Layout(width="110px")
            )
            for s in self.follow_ups
        }
        self.feedback = {s: w.HTML(value="") for s in self.follow_ups}
        for s in self.follow_ups:
            self.guesses[s].observe(self.on_change, names="value")
            self.new_lesion[s].observe(self.on_change, names="value")
        self.criterion.observe(self.on_change, names="value")
        self.reveal_button = w.Button(description="Reveal the answers", button_style="primary")
        self.reveal_button.on_click(self.on_reveal)
        self.reset_button = w.Button(description="Reset measurements")
        self.reset_button.on_click(self.on_reset)
        self.status = w.HTML(value="")
        self.result = w.HTML(value="")
        self.widget = self._layout(w, studies)
        if reveal:
            self.on_reveal()

    def _layout(self, w, studies):
        start = case.event_date(self.frames, "sorafenib-start", self.sorafenib_start)
        rows = []
        for r in studies.itertuples():
            days = (r.date - start).days
            label = w.HTML(
                f"<b>{escape(r.modality)} {timeline.day(r.date)}</b><br>"
                + ("baseline" if r.purpose == "baseline" else f"day {days} of sorafenib"),
                layout=w.Layout(width="150px"),
            )
            boxes = [b for (s, _, _), b in self.diameters.items() if s == r.study_id]
            extra = (
                [self.new_lesion[r.study_id], self.guesses[r.study_id], self.feedback[r.study_id]]
                if r.study_id in self.guesses
                else []
            )
            rows.append(w.HBox([label, *boxes, *extra], layout=w.Layout(align_items="center")))
        buttons = w.HBox([self.criterion, self.reveal_button, self.reset_button])
        note = w.HTML("Diameters in cm; 0 for both means the lesion is not visible.")
        return w.VBox([buttons, note, *rows, self.status, self.result])

    def edited(self) -> pd.DataFrame:
        """The measurements as the learner has them now (see `measurements`)."""
        m = self.recorded.copy()
        m["long_cm"] = [
            self.diameters[(r.study_id, r.lesion_id, "long_cm")].value for r in m.itertuples()
        ]
        m["short_cm"] = [
            self.diameters[(r.study_id, r.lesion_id, "short_cm")].value for r in m.itertuples()
        ]
        return m

    def new_lesions(self) -> list:
        """Follow-up studies the learner has marked as showing a new lesion."""
        return [s for s, box in self.new_lesion.items() if box.value]

    def on_reveal(self, button=None) -> None:
        """Handler of the reveal button: show every computed category beside the learner's guess."""
        self.revealed = True
        self.update()

    def on_reset(self, button=None) -> None:
        """Handler of the reset button: the recorded diameters and no new lesions again."""
        for r in self.recorded.itertuples():
            self.diameters[(r.study_id, r.lesion_id, "long_cm")].value = r.long_cm
            self.diameters[(r.study_id, r.lesion_id, "short_cm")].value = r.short_cm
        for box in self.new_lesion.values():
            box.value = False
        self.update()

    def on_change(self, change=None) -> None:
        """Handler of every diameter, guess, new-lesion box and the criterion: recompute."""
        self.update()

    def update(self) -> None:
        """Recompute the assessment; after the reveal, show it with feedback on each guess."""
        try:
            self.table = assess_measurements(
                self.frames,
                self.edited(),
                self.criterion.value,
                self.sorafenib_start,
                self.new_lesions(),
            )
        except (ParameterError, ValueError) as exc:
            self.table = None
            self.status.value = (
                f'<span style="color:#D55E00">Cannot assess: {escape(str(exc))}</span>'
            )
            return
        self.status.value = ""
        if not self.revealed:
            return
        rows = self.table.set_index("study_id")
        for s in self.follow_ups:
            text = feedback_text(
                self.guesses[s].value, rows.loc[s, "category"], rows.loc[s, "reason"]
            )
            colour = {CORRECT: "#009E73", WRONG: "#D55E00"}.get(text.split(":")[0], "#555555")
            self.feedback[s].value = f'<span style="color:{colour}">{escape(text)}</span>'
        self.result.value = _for_people(self.table).to_html(index=False, border=0)

    def feedback_texts(self) -> dict:
        """The feedback shown at each follow-up study, as plain text (empty before the reveal)."""
        import re

        return {s: re.sub(r"<[^>]+>", "", box.value) for s, box in self.feedback.items()}


def exercise(
    frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None, reveal: bool = False
) -> Exercise:
    """Build and wire the exercise's widgets (see `Exercise`); display `.widget`.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Initial response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    reveal : bool
        Show the answers from the start.

    Returns
    -------
    Exercise
    """
    return Exercise(frames, criterion, sorafenib_start, reveal)


def answer_key_html(
    frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None, reveal: bool = False
) -> str:
    """The answer key as HTML when `reveal`, else a line saying how to see it.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        One of `response.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    reveal : bool
        Whether to show it.

    Returns
    -------
    str
        HTML.
    """
    if not reveal:
        return "<p>The answer key is hidden: use the reveal button above, or run with <code>reveal=True</code>.</p>"
    return answer_key(frames, criterion, sorafenib_start).to_html(index=False, border=0)
