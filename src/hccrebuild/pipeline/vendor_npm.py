"""Front-end files from the npm registry, pinned by version and tarball hash, kept beside the environment.

`npm pack` fetches the tarball (no install scripts run); its sha512 is checked against the pinned
integrity string (the one `npm view PACKAGE@VERSION dist.integrity` prints) before anything is unpacked,
and only the files asked for are kept. Standard library only.
"""

import base64
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from .. import paths
from ..errors import VendorError as NpmVendorError

#: Where vendored packages go: beside the environment's Python, one folder per package.
VENDOR = paths.VENDOR


def integrity(blob: bytes) -> str:
    """The npm integrity string (Subresource Integrity, sha512) of a tarball's bytes."""
    return "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode("ascii")


def vendored_version(folder: Path):
    """The version recorded in a vendored package's package.json, or None."""
    try:
        return json.loads((Path(folder) / "package.json").read_text(encoding="utf-8")).get(
            "version"
        )
    except (OSError, ValueError):
        return None


def _tarball_name(package: str, version: str) -> str:
    # npm pack names scoped packages "@scope/name" as "scope-name-VERSION.tgz"
    return f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"


def _safe(rel: str) -> PurePosixPath:
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise NpmVendorError(f"file {rel!r} is not a plain path inside the package")
    return p


def vendor_npm(
    package: str,
    version: str,
    integrity_pin: str,
    files,
    folder: Path = None,
    npm: str = "npm",
    timeout: float = 300,
) -> Path:
    """Fetch one pinned npm package with `npm pack` and keep only `files` (plus package.json).

    Nothing is fetched when `folder` already holds the pinned version and every file asked for;
    otherwise the folder is rebuilt beside itself and renamed into place, so it appears whole or not at all.

    Parameters
    ----------
    package : str
        npm package name, e.g. "axe-core".
    version : str
        Exact version, e.g. "4.14.1".
    integrity_pin : str
        Expected tarball integrity, "sha512-<base64>".
    files : iterable of str
        Paths inside the package (without the tarball's "package/" prefix), e.g. ["axe.min.js", "LICENSE"].
    folder : Path, optional
        Destination; default VENDOR / package.
    npm : str
        The npm executable.
    timeout : float
        Seconds `npm pack` may take.

    Returns
    -------
    Path
        The folder holding the files.

    Raises
    ------
    NpmVendorError
        If npm is missing or fails, the tarball's hash is not the pinned one, or a file is not in it.
    """
    if not integrity_pin.startswith("sha512-"):
        raise NpmVendorError(
            f"integrity for {package}@{version} must be a sha512 string, got {integrity_pin!r}"
        )
    rels = [_safe(f) for f in dict.fromkeys([*files, "package.json"])]
    folder = Path(folder) if folder is not None else VENDOR / package
    if (
        folder.is_dir()
        and vendored_version(folder) == version
        and all((folder / r).is_file() for r in rels)
    ):
        return folder
    spec = f"{package}@{version}"
    with tempfile.TemporaryDirectory(prefix="npm-vendor-") as tmp:
        cmd = [npm, "pack", spec, "--pack-destination", tmp, "--ignore-scripts", "--silent"]
        try:
            proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=timeout)
        except FileNotFoundError:
            raise NpmVendorError(
                f"'{npm}' not found: install Node.js and npm to fetch {spec}, "
                f"or unpack its files into {folder}"
            ) from None
        except subprocess.TimeoutExpired:
            raise NpmVendorError(
                f"`npm pack {spec}` did not finish in {timeout:g} s "
                "(is the npm registry reachable?)"
            ) from None
        tarball = Path(tmp) / _tarball_name(package, version)
        if proc.returncode != 0 or not tarball.is_file():
            tail = "\n".join((proc.stderr or proc.stdout or "").strip().splitlines()[-5:])
            raise NpmVendorError(f"`npm pack {spec}` failed (exit {proc.returncode}):\n{tail}")
        blob = tarball.read_bytes()
        got = integrity(blob)
        if got != integrity_pin:
            raise NpmVendorError(
                f"{tarball.name} is not the pinned {spec}: integrity {got}, expected {integrity_pin}"
            )
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f".{folder.name}.tmp")
        shutil.rmtree(staging, ignore_errors=True)
        try:
            with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
                for rel in rels:
                    try:
                        member = tar.getmember(f"package/{rel}")
                    except KeyError:
                        raise NpmVendorError(f"{spec} has no file {rel}") from None
                    source = tar.extractfile(member)
                    if source is None:
                        raise NpmVendorError(f"{spec}: {rel} is not a regular file")
                    dest = staging.joinpath(*rel.parts)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(source.read())
        except tarfile.TarError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise NpmVendorError(f"{tarball.name} could not be read: {exc}") from None
        except NpmVendorError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    return folder
