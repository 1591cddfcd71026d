"""Front-end files from the npm registry, pinned by version and integrity, kept beside the environment.

reveal.js (for the deck) is fetched once with `npm pack`, checked against its sha512, and only the
files the deck inlines are kept, under `paths.VENDOR`.
"""

import base64
import hashlib
import io
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .. import paths
from ..errors import VendorError

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


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _vendored_version(folder: Path):
    import json

    pkg = folder / "package.json"
    return json.loads(pkg.read_text(encoding="utf-8")).get("version") if pkg.is_file() else None


def vendor_reveal(folder: Path = VENDOR, npm: str = "npm") -> Path:
    """Fetch the pinned reveal.js with `npm pack` and keep only the files the deck inlines.

    Nothing is done if `folder` already holds the pinned version; another version is replaced.
    The folder appears whole or not at all (written beside it, then renamed).

    Parameters
    ----------
    folder : Path
        Where the files go (default build/vendor/reveal.js).
    npm : str
        The npm executable.

    Returns
    -------
    Path
        `folder`.

    Raises
    ------
    VendorError
        If npm is missing or fails, or the tarball is not the pinned one.
    """
    folder = Path(folder)
    if folder.is_dir() and _vendored_version(folder) == REVEAL_VERSION:
        return folder
    spec = f"reveal.js@{REVEAL_VERSION}"
    with tempfile.TemporaryDirectory(prefix="reveal-") as tmp:
        cmd = [npm, "pack", spec, "--pack-destination", tmp, "--ignore-scripts", "--silent"]
        try:
            proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=300)
        except FileNotFoundError:
            raise VendorError(
                f"'{npm}' not found: install Node.js and npm to fetch {spec}, "
                f"or unpack its files into {paths.relative(folder)}"
            ) from None
        except subprocess.TimeoutExpired:
            raise VendorError(
                f"`npm pack {spec}` did not finish in 300 s (is the npm registry reachable?)"
            ) from None
        tarball = Path(tmp) / f"reveal.js-{REVEAL_VERSION}.tgz"
        if proc.returncode != 0 or not tarball.is_file():
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
            raise VendorError(f"`npm pack {spec}` failed (exit {proc.returncode}):\n{tail}")
        blob = tarball.read_bytes()
        if _integrity(blob) != REVEAL_INTEGRITY:
            raise VendorError(
                f"{tarball.name} is not the pinned {spec}: integrity {_integrity(blob)}, "
                f"expected {REVEAL_INTEGRITY}"
            )
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f".{folder.name}.tmp")
        shutil.rmtree(staging, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
            for rel in [*VENDOR_FILES.values(), *VENDOR_EXTRA]:
                member = tar.getmember(f"package/{rel}")
                dest = staging / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(tar.extractfile(member).read())
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    return folder


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
    out = {"version": _vendored_version(folder)}
    for key, rel in VENDOR_FILES.items():
        path = folder / rel
        if not path.is_file():
            raise VendorError(
                f"{paths.relative(path)} is missing: run slides.vendor_reveal() first"
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
