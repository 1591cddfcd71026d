"""The build's validation step: the data package, then the errata register against the ledger.

`data.validate` checks the files, the schema and the domain rules; the errata register
(data/errata.csv) is then checked against the verification ledger, which only the analyses can
build: its discrepancies must be exactly the register's. The build runs this before any notebook
(`python -m hccrebuild validate` alone).
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

    """
    validate.check()
    names = [res["name"] for res in data.descriptor()["resources"]]
    frames = data.load(names, validate=False)
    check_register(build(frames), frames["errata"])


def main() -> int:
    """Command line: validate; print every problem and return 2 on any (see `pipeline.cli`)."""
    check()
    print(passed())
    return 0


def passed() -> str:
    """What a validation that passed says."""
    n = len(data.descriptor()["resources"])
    return f"data valid: {n} files in {paths.relative(paths.DATAPACKAGE)}; errata register agrees"
