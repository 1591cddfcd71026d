"""The one exception hierarchy: every error the package raises on purpose is a `RebuildError`.

Input problems (data, parameters, the errata register) exit with code 2 and a message naming
the file, row and field or the parameter key; a bug exits with 1.
"""


class RebuildError(Exception):
    """Base class of every error this package raises on purpose."""


class DataError(RebuildError):
    """One problem in one input file, located by row and field.

    Parameters
    ----------
    file : str
        Path of the file, relative to the project root.
    row : int or None
        Data row (1 = first row after the header); None for file- or column-level problems.
    field : str or None
        Column name; None for row- or file-level problems.
    message : str
        What is wrong.
    """

    def __init__(self, file, row, field, message):
        self.file, self.row, self.field, self.message = file, row, field, message
        super().__init__(str(self))

    def __str__(self):
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class DataErrors(RebuildError):
    """Every problem found in one validation pass."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self):
        n = len(self.errors)
        head = f"{n} problem{'s' if n != 1 else ''} in the input data:"
        return "\n".join([head] + [f"  - {e}" for e in self.errors])


class ParameterError(RebuildError, ValueError):
    """A notebook parameter has a value the package does not know."""


class LedgerError(RebuildError):
    """The ledger and the errata register disagree; the message lists every difference."""


class VendorError(RebuildError):
    """A front-end package could not be fetched from npm or is not as pinned."""


class NotebookFailed(RebuildError):
    """A notebook raised an error; the message names the notebook, the cell and the error."""

    def __init__(self, notebook, cell, ename, evalue, kept):
        self.notebook, self.cell, self.ename, self.evalue, self.kept = (
            notebook,
            cell,
            ename,
            evalue,
            kept,
        )
        super().__init__(str(self))

    def __str__(self):
        from .paths import relative

        return (
            f"{relative(self.notebook)} failed in cell [{self.cell}]: {self.ename}: {self.evalue}\n"
            f"(executed notebook kept as {relative(self.kept)})"
        )


class UnknownName(RebuildError, KeyError):
    """A name (resource, figure, prompt, rule) the package does not know; the message lists the known ones."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class InvalidValue(RebuildError, ValueError):
    """A value outside what a computation accepts (e.g. a non-positive total for a percentage)."""


class ParameterErrors(RebuildError):
    """Every problem found in one parameter file, each naming the file and the key."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self):
        n = len(self.errors)
        head = f"{n} problem{'s' if n != 1 else ''} in the parameters:"
        return "\n".join([head] + [f"  - {e}" for e in self.errors])
