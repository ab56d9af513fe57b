"""The layout shows the flow: no import cycles (function-level imports included), and stages import no wiring.

The import graph is read from the source with ``ast``: every ``import`` and
``from ... import`` anywhere in a module (at the top, in a function, under a
``try``) is an edge to the dateline module it names.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "dateline"
#: What any stage may import besides its own folder: the data model, the settings, the errors, the shared text tools.
SHARED = frozenset({"dateline.model", "dateline.period", "dateline.config", "dateline.errors", "dateline.text"})
#: The stage folders in the order data flows through them: a stage may use what an earlier folder offers
#: (the corpus dating stage reads publication dates with ``ingest.pubdate`` and the tagger of ``annotate``),
#: never a later folder, and never the wiring around the stages (pipeline, store, render, web, cli).
FLOW = ("ingest", "annotate", "story")


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``root``, by dotted name (a package by its own name)."""
    names = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """For each module of ``package``, the modules of ``package`` it imports, wherever the import stands."""
    modules = module_names(root, package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base_parts = here[: len(here) - node.level + 1] if node.level else []
                base = ".".join(base_parts + ([node.module] if node.module else []))
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    targets.append(submodule if submodule in modules else base)
            for target in targets:
                while target and target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]  # `import a.b.c` of a name inside a module
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(SRC, PACKAGE)


def test_the_graph_sees_imports_inside_functions_and_finds_their_cycles(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .sub import b\n")
    (pkg / "sub" / "b.py").write_text("def late():\n    from ..a import thing\n    return thing\n")
    (pkg / "c.py").write_text("try:\n    import pkg.a\nexcept ImportError:\n    pass\n")
    found = import_graph(tmp_path, "pkg")
    assert found["pkg.sub.b"] == {"pkg.a"} and found["pkg.c"] == {"pkg.a"}
    assert cycles(found) == [["pkg.a", "pkg.sub.b"]]


def test_the_graph_knows_every_part_of_dateline(graph):
    assert {"dateline.pipeline", "dateline.model", "dateline.render.html", "dateline.store.sqlite"} <= graph.keys()
    assert "dateline.annotate.dating" in graph["dateline.pipeline"]


def test_dateline_has_no_import_cycles(graph):
    assert cycles(graph) == []


def test_stages_import_only_the_model_the_shared_tools_their_folder_and_earlier_folders(graph):
    wrong = []
    for module, targets in sorted(graph.items()):
        parts = module.split(".")
        if len(parts) < 3 or parts[1] not in FLOW:
            continue
        allowed = {f"{PACKAGE}.{folder}" for folder in FLOW[: FLOW.index(parts[1]) + 1]}
        for target in sorted(targets):
            folder = ".".join(target.split(".")[:2])
            if target not in SHARED and folder not in allowed:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_the_model_and_the_renderers_import_no_wiring(graph):
    wiring = {"dateline", "dateline.pipeline", "dateline.cli", "dateline.store", "dateline.store.sqlite",
              "dateline.web.server"}
    assert not graph["dateline.model"] - SHARED
    for module, targets in graph.items():
        if module.startswith("dateline.render"):
            assert not targets & wiring, module


def third_party_imports(root: Path, package: str) -> set[str]:
    """The top-level names of the modules outside the standard library and ``package`` that it imports."""
    names = set()
    for path in (root / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n != package and n not in sys.stdlib_module_names and n != "__future__"}


def declared_requirements() -> set[str]:
    """The distributions pyproject.toml names, core and optional, normalised (PEP 503)."""
    project = tomllib.loads((SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_library_the_code_imports_is_declared():
    declared = declared_requirements()
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for name in sorted(third_party_imports(SRC, PACKAGE)):
        distributions = {d.lower().replace("_", "-") for d in providers.get(name, [name])}
        if not distributions & declared:
            undeclared.append(f"{name} (from {', '.join(sorted(distributions))})")
    assert undeclared == []
