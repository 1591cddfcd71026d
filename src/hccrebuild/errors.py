"""Small named exceptions: each says what went wrong and where."""


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
