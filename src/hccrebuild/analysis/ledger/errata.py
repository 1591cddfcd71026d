"""The build's validation step: the data package, then the errata register against the ledger.

`data.validate` checks the files, the schema and the domain rules; the errata register
(data/errata.csv) is then checked against the verification ledger, which only the analyses can
build: its discrepancies must be exactly the register's. `python -m hccrebuild validate` runs
this before any notebook; a pass is recorded (`data.validated_marker`) and not repeated.
"""

from ... import data, paths
from ...data import validate
from . import build
from . import check as check_register


def check() -> None:
    """Validate the data package, then the errata register; raise on the first stage with a problem.

    Raises
    ------
    DataErrors
        Every problem of the data package (files, schema, domain rules), see `data.validate.check`.
    LedgerError
        If the errata register and the ledger disagree (each entry id with both values).

    Skipped when these exact inputs already passed (`data.validated_marker`, written here).
    """
    try:
        marker = data.validated_marker()
    except Exception:  # a broken descriptor: data.validate reports it
        marker = None
    if marker is not None and marker.is_file():
        return
    validate.check()
    names = [res["name"] for res in data.descriptor()["resources"]]
    frames = data.load(names, validate=False)
    check_register(build(frames), frames["errata"])
    marker = data.validated_marker()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def main() -> int:
    """Command line: validate; print every problem and return 2 on any (see `pipeline.cli`)."""
    check()
    n = len(data.descriptor()["resources"])
    print(f"data valid: {n} files in {paths.relative(paths.DATAPACKAGE)}; errata register agrees")
    return 0
