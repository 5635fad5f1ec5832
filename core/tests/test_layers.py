"""Imports point one way: core <- programs <- (shortlists, careers, curation) <- mltportal."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "programs", "shortlists", "careers", "curation", "mltportal"]
# What each app may import from the project (besides itself).
ALLOWED = {
    "core": set(),
    "programs": {"core"},
    "shortlists": {"core", "programs"},
    "careers": {"core", "programs"},
    "curation": {"core", "programs", "careers"},
    "mltportal": set(APPS),
}


def project_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_imports_point_one_way(app):
    wrong = {}
    for path in (ROOT / app).rglob("*.py"):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts or "tests" in relative.parts:
            continue
        bad = project_imports(path) - ALLOWED[app] - {app}
        if bad:
            wrong[str(relative)] = sorted(bad)
    assert wrong == {}


def test_no_module_outside_tests_and_migrations_is_much_over_400_lines():
    long = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or "tests" in relative.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > 460:
                long[str(relative)] = lines
    assert long == {}
