"""The PDFs' text as a reader's copy-and-paste gets it: poppler's pdftotext (Debian's poppler-utils,
which the tests that draw pages as pictures need too; written in C, it is far faster than a
pure-Python reader), page by page, whitespace collapsed."""

import subprocess


def pages_text(path) -> list:
    """Each page's text, whitespace collapsed, in page order."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [" ".join(page.split()) for page in out.split("\f")[:-1]]  # a form feed ends each page
