"""The domain is pure Python: it imports the standard library, `eventsourcing.domain` and itself,
nothing else (no store, web, I/O or third-party library). import-linter (`make lint`) keeps the
arrows between our packages; this keeps out the rest of the world, module by module."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
ALLOWED = ("domain", "eventsourcing.domain", "__future__")


def imported(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


def allowed(module: str) -> bool:
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or any(
        module == name or module.startswith(f"{name}.") for name in ALLOWED)


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_a_domain_module_imports_only_the_standard_library_and_eventsourcing_domain(path):
    assert [m for m in imported(path) if not allowed(m)] == []


def test_the_walk_sees_imports():
    # Guards the test above against passing vacuously.
    assert "eventsourcing.domain" in imported(DOMAIN / "case_folder.py")
    assert not allowed("sqlalchemy") and not allowed("eventsourcing.persistence")
