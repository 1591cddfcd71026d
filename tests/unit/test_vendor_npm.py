"""vendor_npm: a pinned npm tarball is checked by hash, unpacked whole or not at all; offline (a fake npm)."""

import io
import json
import stat
import tarfile

import pytest

from hccrebuild.errors import RebuildError
from hccrebuild.pipeline import vendor_npm as vn


def tarball(files: dict) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture
def fake_npm(tmp_path):
    """An `npm` that 'packs' a prepared tarball into --pack-destination, and logs its calls."""
    blob = tarball(
        {
            "package.json": json.dumps({"name": "demo-pkg", "version": "1.2.3"}),
            "dist/demo.js": "window.demo = 1;",
            "LICENSE": "MIT",
            "README.md": "not kept",
        }
    )
    (tmp_path / "demo.tgz").write_bytes(blob)
    npm = tmp_path / "npm"
    npm.write_text(f"""#!/bin/sh
echo "$@" >> {tmp_path}/calls.log
while [ "$1" != "--pack-destination" ]; do shift; done
cp {tmp_path}/demo.tgz "$2/demo-pkg-1.2.3.tgz"
""")
    npm.chmod(npm.stat().st_mode | stat.S_IXUSR)
    return str(npm), vn.integrity(blob), tmp_path


def test_unpacks_only_the_files_asked_for_then_reuses_them(fake_npm):
    npm, pin, tmp = fake_npm
    out = vn.vendor_npm(
        "demo-pkg", "1.2.3", pin, ["dist/demo.js", "LICENSE"], folder=tmp / "v" / "demo", npm=npm
    )
    assert (out / "dist" / "demo.js").read_text() == "window.demo = 1;"
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [
        "LICENSE",
        "demo.js",
        "package.json",
    ]
    vn.vendor_npm("demo-pkg", "1.2.3", pin, ["dist/demo.js"], folder=out, npm=npm)
    assert len((tmp / "calls.log").read_text().splitlines()) == 1, "a second call fetched again"


def test_a_tarball_with_another_hash_is_refused_and_nothing_is_left(fake_npm):
    npm, pin, tmp = fake_npm
    wrong = "sha512-" + "A" * 86 + "=="
    with pytest.raises(vn.NpmVendorError, match="is not the pinned demo-pkg@1.2.3") as err:
        vn.vendor_npm("demo-pkg", "1.2.3", wrong, ["LICENSE"], folder=tmp / "v" / "demo", npm=npm)
    assert isinstance(err.value, RebuildError)
    assert not (tmp / "v" / "demo").exists()


def test_a_missing_file_or_npm_is_a_clear_error(fake_npm):
    npm, pin, tmp = fake_npm
    with pytest.raises(vn.NpmVendorError, match="has no file dist/missing.js"):
        vn.vendor_npm(
            "demo-pkg", "1.2.3", pin, ["dist/missing.js"], folder=tmp / "v" / "demo", npm=npm
        )
    assert not (tmp / "v" / "demo").exists() and not (tmp / "v" / ".demo.tmp").exists()
    with pytest.raises(vn.NpmVendorError, match="not found"):
        vn.vendor_npm(
            "demo-pkg", "1.2.3", pin, ["LICENSE"], folder=tmp / "v" / "x", npm=str(tmp / "no-npm")
        )
    with pytest.raises(vn.NpmVendorError, match="not a plain path"):
        vn.vendor_npm("demo-pkg", "1.2.3", pin, ["../escape"], folder=tmp / "v" / "x", npm=npm)
