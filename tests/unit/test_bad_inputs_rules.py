"""The bad-input corpus, its domain-rule cases (the corpus and the check: test_bad_inputs.py): each
stopped by the validator with its file, row and field named. A file of their own, so that the
two test workers share the corpus."""

import pytest
from test_bad_inputs import RULE_CASES, assert_named


@pytest.mark.parametrize("case", RULE_CASES, ids=[c.id for c in RULE_CASES])
def test_bad_data_is_named(proj, case):
    assert_named(proj, case)
