"""Front-end files from the npm registry, pinned by version and integrity, kept beside the environment.

reveal.js (for the deck) is fetched once with `npm pack`, checked against its sha512, and only the
files the deck inlines are kept, under `paths.VENDOR`.
"""

import re
from pathlib import Path

from .. import paths
from ..errors import VendorError
from . import vendor_npm

#: reveal.js as shipped in the deck: npm version and the tarball's integrity (as `npm view reveal.js@5.2.1 dist.integrity`).
REVEAL_VERSION = "5.2.1"
REVEAL_INTEGRITY = "sha512-r7//6mIM5p34hFiDMvYfXgyjXqGRta+/psd9YtytsgRlrpRzFv4RbH76TXd2qD+7ZPZEbpBDhdRhJaFgfQ7zNQ=="
REVEAL_THEME = "white"
VENDOR = paths.VENDOR / "reveal.js"
#: Files the deck inlines, by the name the template uses, as paths inside the npm package.
VENDOR_FILES = {
    "reveal_css": "dist/reveal.css",
    "theme_css": f"dist/theme/{REVEAL_THEME}.css",
    "reveal_js": "dist/reveal.js",
    "notes_js": "plugin/notes/notes.js",
}
#: Kept beside them: the licence that must travel with the code, and the version record.
VENDOR_EXTRA = ("LICENSE", "package.json")


def vendor_reveal(folder: Path = VENDOR, npm: str = "npm") -> Path:
    """Fetch the pinned reveal.js (see `vendor_npm.vendor_npm`) and keep only the files the deck inlines.

    Raises
    ------
    VendorError
        If npm is missing or fails, or the tarball is not the pinned one.
    """
    files = [*VENDOR_FILES.values(), *VENDOR_EXTRA]
    return vendor_npm.vendor_npm(
        "reveal.js", REVEAL_VERSION, REVEAL_INTEGRITY, files, folder=folder, npm=npm
    )


_IMPORT = re.compile(r"@import\s+url\([^)]*\)\s*;?")
_URL = re.compile(r"url\(\s*['\"]?(?!data:)([^)'\"]+)")


def vendor_resources(folder: Path = VENDOR) -> dict:
    """The vendored files as text ready to inline: web-font imports dropped, `</script` escaped.

    Parameters
    ----------
    folder : Path
        As written by `vendor_reveal`.

    Returns
    -------
    dict
        reveal_css, theme_css, reveal_js, notes_js (text) and version.

    Raises
    ------
    VendorError
        If a file is missing, or a style sheet still points at a file that would not travel with the HTML.
    """
    folder = Path(folder)
    out = {"version": vendor_npm.vendored_version(folder)}
    for key, rel in VENDOR_FILES.items():
        path = folder / rel
        if not path.is_file():
            raise VendorError(
                f"{paths.relative(path)} is missing: run `make slides`, which fetches reveal.js"
            )
        text = path.read_text(encoding="utf-8")
        if key.endswith("_css"):
            # the theme's web fonts are separate files; the deck falls back to the system sans-serif instead
            text = _IMPORT.sub("", text)
            left = _URL.findall(text)
            if left:
                raise VendorError(
                    f"{paths.relative(path)} refers to files that would not travel with the HTML: {left}"
                )
            text = text.replace("</style", "<\\/style")
        else:
            text = text.replace("</script", "<\\/script")
        out[key] = text
    return out
