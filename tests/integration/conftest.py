"""Integration tier: builds, kernels and browsers. Every test here is marked `integration`."""

import pytest


def pytest_collection_modifyitems(config, items):
    here = str(config.rootpath / "tests" / "integration")
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.integration)
