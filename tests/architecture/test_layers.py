"""The data flows one way: every import between apps points down the layers of docs/architecture.md,
and no app imports another inside a function unless a comment on that line says why."""

from __future__ import annotations

import ast
from pathlib import Path

APPS = Path(__file__).resolve().parents[2] / "apps"
# Bottom to top. An app may import the apps below it, never one above it.
LAYERS = ["geo", "actors", "news", "tagging", "events", "pipeline", "web"]


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported app, line, inside a function) for every `apps.<app>` import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            names: list[str] = []
            if isinstance(child, ast.ImportFrom) and child.module:
                names = [child.module] + [f"{child.module}.{a.name}" for a in child.names]
            elif isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "apps" and len(parts) > 1 and parts[1] in LAYERS:
                    found.append((parts[1], child.lineno, in_function))
                    break
            visit(child, nested)

    visit(tree, False)
    return found


def _modules():
    for path in sorted(APPS.rglob("*.py")):
        app = path.relative_to(APPS).parts[0]
        if app in LAYERS and "migrations" not in path.parts:
            yield app, path


def test_every_app_is_in_a_layer():
    apps = {p.name for p in APPS.iterdir() if p.is_dir() and (p / "apps.py").exists()}
    assert apps == set(LAYERS)


def test_imports_between_apps_only_point_down():
    upward = [
        f"{path.relative_to(APPS.parent)}:{line} imports apps.{target}"
        for app, path in _modules()
        for target, line, _ in _imports(path)
        if LAYERS.index(target) > LAYERS.index(app)
    ]
    assert upward == []


def test_no_import_between_apps_hides_in_a_function_without_a_reason():
    hidden = []
    for app, path in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, line, in_function in _imports(path):
            # The reason is a comment on the line or just above the group of imports it belongs to.
            nearby = lines[max(0, line - 5) : line]
            if in_function and target != app and not any("#" in text for text in nearby):
                hidden.append(f"{path.relative_to(APPS.parent)}:{line} imports apps.{target}")
    assert hidden == []


def test_migrations_import_no_app_code():
    offenders = [
        str(path.relative_to(APPS.parent))
        for path in APPS.glob("*/migrations/*.py")
        if any(target for target, _, _ in _imports(path))
    ]
    assert offenders == []


def test_the_checker_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from apps.web import views\n", encoding="utf-8")
    assert _imports(module) == [("web", 2, True)]


def test_every_table_keyed_by_kind_covers_exactly_the_one_list_of_kinds():
    from apps.events.models import Event
    from apps.tagging.kinds import KINDS
    from apps.web.exports import CAMEO
    from apps.web.labels import KIND_CLASSES, KIND_LABELS

    assert [value for value, _ in Event.Kind.choices] == list(KINDS)
    for table in (KIND_LABELS, KIND_CLASSES, CAMEO):
        assert set(table) == set(KINDS)
