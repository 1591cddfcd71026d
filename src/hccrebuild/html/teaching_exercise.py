"""The teaching exercise's widgets: scans to classify, diameters to edit, a reveal button, feedback."""

from html import escape

import pandas as pd

from ..analysis import case, case_intervals, criteria, finding_facts, products, response
from ..analysis import response_exercise as rx
from ..errors import ParameterError
from .case_numbers import marked
from .teaching import (
    CORRECT,
    GUESSES,
    NO_GUESS,
    WRONG,
    assess_measurements,
    feedback_text,
    key_html,
    measurements,
    say,
)
from .templating import render


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

        criteria.check_criterion(criterion)
        case.event_date(frames, "sorafenib-start", sorafenib_start)
        self.frames, self.sorafenib_start = frames, sorafenib_start
        self.recorded = measurements(frames)
        self.revealed = False
        self.kept = {}
        self.score = None
        self.table = None
        self._titles = None
        self.criterion = w.Dropdown(
            options=list(criteria.CRITERIA), value=criterion, description="Criterion"
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
        # mRECIST: the learner's reading of arterial enhancement of each lesion at each study; each
        # box starts at the report's reading (its first option): at baseline, the assumption
        self.enhancement = {}
        for r in self.recorded.itertuples():
            baseline = r.purpose == "baseline"
            box = w.Dropdown(
                options=list(rx.BASELINE_ENHANCEMENT if baseline else rx.ENHANCEMENT),
                description=f"{r.lesion_id}",
                tooltip=criteria.MRECIST_ASSUMPTION if baseline else None,
                layout=w.Layout(width="190px"),
                style={"description_width": "24px"},
            )
            box.observe(self.on_change, names="value")
            self.enhancement[(r.study_id, r.lesion_id)] = box
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
        self.feedback = {
            s: w.HTML(value="", layout=w.Layout(width="auto", margin="0 0 6px 150px"))
            for s in self.follow_ups
        }
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
        self._scored_criterion = criterion
        self._enh_default = self.enhancement_read()
        self._show_enhancement()
        if reveal:
            self.on_reveal()

    def _layout(self, w, studies):
        start = case.event_date(self.frames, "sorafenib-start", self.sorafenib_start)
        rows = []
        for r in studies.itertuples():
            days = (r.date - start).days
            label = w.HTML(
                str(
                    say(
                        "study",
                        modality=r.modality,
                        date=case_intervals.day(r.date),
                        baseline=r.purpose == "baseline",
                        days=days,
                    )
                ),
                layout=w.Layout(width="150px"),
            )
            boxes = [b for (s, _, _), b in self.diameters.items() if s == r.study_id]
            extra = (
                [self.new_lesion[r.study_id], self.guesses[r.study_id]]
                if r.study_id in self.guesses
                else []
            )
            enh = [b for (s, _), b in self.enhancement.items() if s == r.study_id]
            rows.append(
                w.HBox(
                    [label, *boxes, *enh, *extra],
                    layout=w.Layout(align_items="center", flex_flow="row wrap", width="100%"),
                )
            )
            if r.study_id in self.feedback:
                rows.append(self.feedback[r.study_id])
        buttons = w.HBox(
            [self.criterion, self.reveal_button, self.reset_button],
            layout=w.Layout(flex_flow="row wrap"),
        )
        note = w.HTML(
            escape(
                "Diameters in cm; 0 for both means the lesion is not visible. Under mRECIST, say "
                "whether each visible lesion enhances in the arterial phase (viable tumour). The "
                f"baseline lesions start as “{rx.ASSUMED}”, as the report reads them: "
                f"{criteria.MRECIST_ASSUMPTION}. Later lesions start as “{rx.CANNOT_JUDGE}”."
            )
        )
        return w.VBox(
            [buttons, note, *rows, self.status, self.result], layout=w.Layout(width="100%")
        )

    def _show_enhancement(self) -> None:
        shown = "" if self.criterion.value == "mRECIST" else "none"
        for box in self.enhancement.values():
            box.layout.display = shown

    def enhancement_read(self) -> dict:
        """The learner's reading of enhancement (mRECIST), by (study_id, lesion_id)."""
        return {k: box.value for k, box in self.enhancement.items()}

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

    def recorded_values(self) -> bool:
        """Whether the learner's measurements are the recorded ones, with no new lesion ticked: the
        computed verdicts are then the case's own, which the findings register marks."""
        mine = self.edited()[["long_cm", "short_cm"]].astype(float)
        theirs = self.recorded[["long_cm", "short_cm"]].astype(float)
        unread = all(v == self.enhancement_read()[k] for k, v in self._enh_default.items())
        return mine.equals(theirs) and not self.new_lesions() and unread

    def new_lesions(self) -> list:
        """Follow-up studies the learner has marked as showing a new lesion."""
        return [s for s, box in self.new_lesion.items() if box.value]

    def on_reveal(self, button=None) -> None:
        """Handler of the reveal button: show every computed category beside the learner's guess."""
        if not self.revealed:
            # the guesses are scored once, here, on the recorded measurements, and kept
            self.kept = {s: box.value for s, box in self.guesses.items()}
            key = assess_measurements(
                self.frames, self.recorded, self.criterion.value, self.sorafenib_start
            ).set_index("study_id")
            right = sum(self.kept[s] == key.loc[s, "category"] for s in self.follow_ups)
            self.score = (int(right), len(self.follow_ups))
            for box in self.guesses.values():
                box.disabled = True
        self.revealed = True
        self.update()

    def on_reset(self, button=None) -> None:
        """Handler of the reset button: the recorded diameters and no new lesions again."""
        for r in self.recorded.itertuples():
            self.diameters[(r.study_id, r.lesion_id, "long_cm")].value = r.long_cm
            self.diameters[(r.study_id, r.lesion_id, "short_cm")].value = r.short_cm
        for box in self.new_lesion.values():
            box.value = False
        for box in self.enhancement.values():
            box.value = box.options[0]
        self.update()

    def on_change(self, change=None) -> None:
        """Handler of every diameter, guess, new-lesion box and the criterion: recompute."""
        self.update()

    def update(self) -> None:
        """Recompute the assessment; after the reveal, show it with feedback on each guess."""
        self._show_enhancement()
        try:
            self.table = assess_measurements(
                self.frames,
                self.edited(),
                self.criterion.value,
                self.sorafenib_start,
                self.new_lesions(),
                self.enhancement_read(),
            )
        except (ParameterError, ValueError) as exc:
            self.table = None
            self.status.value = str(say("cannot_assess", reason=str(exc)))
            return
        self.status.value = ""
        if not self.revealed:
            return
        rows = self.table.set_index("study_id")
        recorded = self.recorded_values()
        register = products.register_of(self.frames)
        if recorded and self._titles is None:
            self._titles = finding_facts.reader_titles(self.frames)
        scored = recorded and self.criterion.value == self._scored_criterion
        for s in self.follow_ups:
            if scored:
                text = feedback_text(self.kept[s], rows.loc[s, "category"], rows.loc[s, "reason"])
            else:
                text = str(
                    say(
                        "what_if",
                        category=rows.loc[s, "category"],
                        reason=rows.loc[s, "reason"],
                    )
                )
            colour = {CORRECT: "#009E73", WRONG: "#D55E00"}.get(text.split(":")[0], "#555555")
            mark = marked("", f"case-response-{s}" if recorded else "", register, self._titles)
            self.feedback[s].value = str(
                render("teaching/feedback.html.j2", colour=colour, text=text, mark=mark)
            )
        self.result.value = str(say("score", right=self.score[0], of=self.score[1])) + str(
            key_html(self.frames, self.table, recorded)
        )

    def feedback_texts(self) -> dict:
        """The feedback shown at each follow-up study, as plain text (empty before the reveal)."""
        import re

        return {s: re.sub(r"<[^>]+>", "", box.value) for s, box in self.feedback.items()}


class Questions:
    """The response exercise's questions (`analysis.response_exercise.questions`) as widgets: what
    the paper says at each scan, an answer box per question, one "Check my answers" button that
    scores every answer once and reveals the answers; the score is kept, and an answer changed
    afterwards is not scored again.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `teaching.INPUTS`.
    criterion : str
        "RECIST1.1", "mRECIST" or "WHO".
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    reveal : bool
        Check (and reveal) at once, for a non-interactive run.
    """

    def __init__(self, frames, criterion="RECIST1.1", sorafenib_start=None, reveal=False):
        import ipywidgets as w

        criteria.check_criterion(criterion)
        self.frames, self.criterion = frames, criterion
        self.sorafenib_start = sorafenib_start
        self.questions = rx.questions(frames, criterion, sorafenib_start)
        self.scans = rx.scans(frames, sorafenib_start)
        self.register = products.register_of(frames)
        self.titles = finding_facts.reader_titles(frames)
        self.checked = False
        self.score = None
        self.kept = {}
        self.inputs, self.feedback = {}, {}
        for q in self.questions:
            if q["kind"] == "choice":
                box = w.Dropdown(
                    options=[("—", ""), *[(c, c) for c in q["choices"]]],
                    value="",
                    layout=w.Layout(width="auto", max_width="100%"),
                )
            else:
                box = w.Text(
                    value="", placeholder=q["unit"], layout=w.Layout(width="auto", max_width="100%")
                )
            box.observe(self.on_change, names="value")
            self.inputs[q["id"]] = box
            self.feedback[q["id"]] = w.HTML(value="", layout=w.Layout(width="100%"))
        self.check_button = w.Button(description="Check my answers", button_style="primary")
        self.check_button.on_click(self.on_check)
        self.summary = w.HTML(value="")
        self.widget = self._layout(w)
        if reveal:
            self.on_check()

    def _field(self, w, q):
        label = w.HTML(f"<b>{escape(q['label'])}</b>", layout=w.Layout(width="100%"))
        return w.VBox(
            [label, self.inputs[q["id"]], self.feedback[q["id"]]],
            layout=w.Layout(min_width="0", border="1px solid #ccc", padding="4px"),
        )

    def _grid(self, w, qs):
        return w.GridBox(
            [self._field(w, q) for q in qs],
            layout=w.Layout(
                grid_template_columns="repeat(auto-fill, minmax(220px, 1fr))",
                grid_gap="6px",
                width="100%",
            ),
        )

    def _layout(self, w):
        mrecist = self.criterion == "mRECIST"
        intro = say(
            "questions.intro",
            criterion=criteria.NAMES[self.criterion],
            na=rx.NOT_ASSESSABLE,
            nd=rx.NOT_DEFINED,
            nr=rx.NOT_REPORTED if mrecist else None,
            zero=0,
            assumption=criteria.MRECIST_ASSUMPTION if mrecist else None,
        )
        parts = [w.HTML(str(intro))]
        by_section = {}
        for q in self.questions:
            by_section.setdefault(q["section"], []).append(q)
        parts.append(w.HTML(f"<h3>{say('worksheet.sections.baseline')}</h3>"))
        parts.append(self._grid(w, by_section.get("baseline", [])))
        parts.append(w.HTML(f"<h3>{say('worksheet.sections.scans')}</h3>"))
        start = case.event_date(self.frames, "sorafenib-start", self.sorafenib_start)
        mark = marked(case_intervals.day(start), "case-sorafenib-start", self.register, {})
        parts.append(
            w.HTML(
                str(render("teaching/start.html.j2", words=say("worksheet.days_from"), start=mark))
            )
        )
        for s in self.scans.itertuples():
            quote = marked(s.target, s.target_value, self.register, {})
            head = render("teaching/scan.html.j2", scan=s, quote=quote)
            parts.append(w.HTML(str(head), layout=w.Layout(width="100%")))
            qs = [q for q in by_section.get("scan", []) if q["study_id"] == s.study_id]
            if qs:
                parts.append(self._grid(w, qs))
        for section in ("course", "practice"):
            parts.append(w.HTML(f"<h3>{say('worksheet.sections.' + section)}</h3>"))
            parts.append(self._grid(w, by_section.get(section, [])))
        if "sources" in self.frames:
            cites = self.frames["sources"].set_index("source_id")["citation"]
            used = dict.fromkeys(("RECIST1.1", self.criterion))
            text = " · ".join(escape(cites[response.CRITERION_SOURCES[c]]) for c in used)
            parts.append(w.HTML(f"<p><small>{text}</small></p>"))
        parts += [self.check_button, self.summary]
        return w.VBox(parts, layout=w.Layout(width="100%", max_width="100%"))

    def answers(self) -> dict:
        """The learner's answers now, by question id."""
        return {qid: box.value for qid, box in self.inputs.items()}

    def on_check(self, button=None) -> None:
        """Score every answer once (the first press only), then show each answer and why."""
        if not self.checked:
            self.kept = self.answers()
            results = {q["id"]: rx.check(q, self.kept[q["id"]]) for q in self.questions}
            self.score = (sum(ok for ok, _ in results.values()), len(results))
            self.results = results
            self.checked = True
            self.check_button.disabled = True
            self.check_button.description = "Checked"
        for q in self.questions:
            ok, words = self.results[q["id"]]
            text = rx.shown_answer(q, q["unit"] if q["kind"] == "number" else "")
            answer = marked(text, q["value_id"], self.register, self.titles)
            self.feedback[q["id"]].value = str(
                render(
                    "teaching/answer.html.j2",
                    ok=ok,
                    given=self.kept[q["id"]],
                    words=words,
                    answer=answer,
                    unit=q["unit"]
                    if q["kind"] == "number" and q["answer"] not in rx.TOKENS
                    else "",
                    why=q["why"],
                    changed=self.answers()[q["id"]] != self.kept[q["id"]],
                )
            )
        self.summary.value = str(say("questions.score", right=self.score[0], of=self.score[1]))

    def on_change(self, change=None) -> None:
        """An answer changed: before the check nothing is shown; after it, the kept score stands
        and the feedback says the change is not scored."""
        if self.checked:
            self.on_check()

    def feedback_texts(self) -> dict:
        """The feedback under each question, as plain text (empty before the check)."""
        import re

        return {q: re.sub(r"<[^>]+>", "", box.value) for q, box in self.feedback.items()}
