"""The layering rules of ARCHITECTURE.md, checked on every run: a wrong arrow fails CI."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "siibai_desktop"


def imports_of(path: Path, package_root: Path = PACKAGE) -> set[str]:
    """Absolute module names imported by a file (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    package = parts if path.name == "__init__.py" else parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                found.add(module)
                found.update(f"{module}.{alias.name}" for alias in node.names)
            else:
                found.add(node.module or "")
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def files(sub: str):
    return sorted((PACKAGE / sub).rglob("*.py")) if sub else sorted(PACKAGE.rglob("*.py"))


def offenders(sub: str, forbidden) -> list[str]:
    bad = []
    for path in files(sub):
        for name in imports_of(path):
            if forbidden(name):
                bad.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return bad


def test_only_ui_imports_pyside6():
    bad = [b for b in offenders("", lambda n: n.split(".")[0] == "PySide6") if "/ui/" not in b.split(" ")[0]]
    assert bad == []


def test_domain_imports_nothing_of_ours_but_domain():
    assert offenders("domain", lambda n: n.startswith("siibai_desktop") and not n.startswith("siibai_desktop.domain")) == []
    assert offenders("domain", lambda n: n.split(".")[0] in {"sqlalchemy", "PySide6", "reportlab"}) == []


def test_db_imports_only_domain_and_db():
    assert offenders("db", lambda n: n.startswith(("siibai_desktop.services", "siibai_desktop.ui", "siibai_desktop.cli"))) == []


def test_services_never_import_ui_or_cli():
    assert offenders("services", lambda n: n.startswith(("siibai_desktop.ui", "siibai_desktop.cli"))) == []


def test_ui_and_cli_never_touch_models_or_sessions():
    def forbidden(name):
        return (name.startswith("siibai_desktop.db") or name.startswith("sqlalchemy"))
    assert offenders("ui", forbidden) == []
    assert offenders("cli", forbidden) == []


def test_the_checker_sees_a_wrong_arrow(tmp_path):
    """The walker itself works: relative imports of db.models from ui are resolved and caught."""
    root = tmp_path / "siibai_desktop"
    (root / "ui" / "pages").mkdir(parents=True)
    probe = root / "ui" / "pages" / "probe.py"
    probe.write_text("from ...db.models import Resident\nfrom ..runner import Runner\n", encoding="utf-8")
    found = imports_of(probe, root)
    assert "siibai_desktop.db.models.Resident" in found
    assert "siibai_desktop.ui.runner" in found
