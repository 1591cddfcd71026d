"""The table `make bench` prints (bench/bench.py, a script outside the package): medians, ratios
against the right reference, and pass/fail against each target."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "bench.py"
spec = importlib.util.spec_from_file_location("bench", SCRIPT)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_table_medians_ratios_and_targets():
    times = {
        "cold": [9.0, 10.0, 30.0],  # median 10, not the mean
        "peer": [20.0, 20.0, 20.0],
        "html": [13.0, 13.0, 13.0],  # 0.65 of the peer: over its 0.6 target
        "noop": [0.1, 0.2, 0.9, 0.1],
        **{f"touch {f}": [4.0] for f in bench.DATA},
        "edit html": [3.3],  # 0.33 of cold: on the target, which passes
        "edit css": [9.0],
    }
    rows = {line.split(" | ")[0]: line for line in bench.table(times).splitlines()}
    cold = rows["| cold `make report` (after `make clean`)"]
    assert "| 10.00 s | 9.00, 10.00, 30.00 | 0.50 × peer | ≤ 1.0 | pass |" in cold
    assert rows["| cold `make report-html`: report.html written"].endswith(
        "| 0.65 × peer | ≤ 0.6 | FAIL |"
    )
    assert rows["| no-op `make report`"].endswith(
        "| 0.15 s | 0.10, 0.20, 0.90, 0.10 |  | < 0.5 s | pass |"
    )
    assert rows[f"| edit `{bench.HTML_CODE}` (a comment), `make report`"].endswith(
        "| 0.33 × cold | ≤ 0.33 | pass |"
    )
    assert rows[f"| edit `{bench.CSS}` (a comment), `make report`"].endswith(
        "| 0.90 × cold | none |  |"
    )
    for f in bench.DATA:
        assert rows[f"| touch `{f}`, `make report`"].endswith("| 0.40 × cold | ≤ 0.5 | pass |")
