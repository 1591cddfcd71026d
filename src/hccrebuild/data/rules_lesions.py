"""Domain rules on the index case's lesions: sizes that fit visibility, and the basis of every size."""

import pandas as pd

from ..errors import DataError
from .rules import _file


def lesion_errors(frames: dict) -> list:
    """A visible lesion has two positive diameters, the second no longer; an invisible one none."""
    errors = []
    les = frames["case_lesions"]
    for i, r in les.iterrows():
        has = pd.notna(r["long_cm"]) and pd.notna(r["short_cm"])
        if r["visible"] and not has:
            field = "long_cm" if pd.isna(r["long_cm"]) else "short_cm"
            errors.append(
                DataError(
                    _file("case_lesions"), i + 1, field, "a visible lesion needs both diameters"
                )
            )
        for field in ("long_cm", "short_cm"):
            if r["visible"] and pd.notna(r[field]) and r[field] <= 0:
                errors.append(
                    DataError(
                        _file("case_lesions"),
                        i + 1,
                        field,
                        f"a visible lesion needs a size above 0 cm (value '{r[field]:g}')",
                    )
                )
        if not r["visible"] and (pd.notna(r["long_cm"]) or pd.notna(r["short_cm"])):
            errors.append(
                DataError(
                    _file("case_lesions"),
                    i + 1,
                    "long_cm",
                    "a lesion that is not visible has no diameters",
                )
            )
        if has and r["short_cm"] > r["long_cm"]:
            errors.append(
                DataError(
                    _file("case_lesions"),
                    i + 1,
                    "short_cm",
                    "the second diameter is longer than the longest",
                )
            )
    return errors


def basis_errors(frames: dict) -> list:
    """Every lesion row has its basis (measured or how it was inferred) and every basis row its
    lesion; every study assessed for response says what the paper reports of non-target disease."""
    errors = []
    les, basis = frames["case_lesions"], frames["case_lesion_basis"]
    keys = set(zip(les["lesion_id"], les["study_id"], strict=True))
    have = set(zip(basis["lesion_id"], basis["study_id"], strict=True))
    for i, r in les.iterrows():
        if (r["lesion_id"], r["study_id"]) not in have:
            errors.append(
                DataError(
                    _file("case_lesions"),
                    i + 1,
                    "study_id",
                    f"no row in {_file('case_lesion_basis')} says whether lesion "
                    f"'{r['lesion_id']}' at '{r['study_id']}' was measured or inferred",
                )
            )
    for i, r in basis.iterrows():
        if (r["lesion_id"], r["study_id"]) not in keys:
            errors.append(
                DataError(
                    _file("case_lesion_basis"),
                    i + 1,
                    "lesion_id",
                    f"no lesion '{r['lesion_id']}' at study '{r['study_id']}' in "
                    f"{_file('case_lesions')}",
                )
            )
    img, nt = frames["case_imaging"], frames["case_nontarget"]
    assessed = img[img["purpose"].isin(["baseline", "follow_up"])]
    for i, r in assessed.iterrows():
        items = set(nt.loc[nt["study_id"] == r["study_id"], "item"])
        missing = {"portal-mass", "other-intrahepatic", "new-lesions"} - items
        if missing:
            errors.append(
                DataError(
                    _file("case_imaging"),
                    i + 1,
                    "study_id",
                    f"study '{r['study_id']}' has no row in {_file('case_nontarget')} for "
                    + ", ".join(sorted(missing)),
                )
            )
    return errors
