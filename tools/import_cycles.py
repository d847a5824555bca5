"""Gate: no import cycles between egaku's modules.

Builds the import graph of every module under egaku/ with `ast`: module-level imports and
imports inside functions alike (a lazy import is still a dependency), relative imports
resolved, `from package import name` pointing at the submodule when `name` is one and at
the package's __init__ otherwise. Importing a module also runs its parent packages'
__init__ files, but that is not counted as an edge: a package __init__ that re-exports its
submodules is fine, a submodule that imports its own package's __init__ back is a cycle.
Imports under `if TYPE_CHECKING:` are left out (they never run).

Prints each strongly connected component of more than one module (and each module that
imports itself) and exits 1 if there is any; exits 0 and prints nothing otherwise.

    python tools/import_cycles.py [--graph] [ROOT]
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement in the tree, except those under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def graph(package: Path) -> dict[str, set[str]]:
    base = package.parent
    files = {module_name(p, base): p for p in sorted(package.rglob("*.py"))}
    modules = set(files)
    packages = {name for name, p in files.items() if p.name == "__init__.py"}
    top = package.name
    edges: dict[str, set[str]] = {name: set() for name in modules}

    def owner(name: str) -> str | None:
        """The module that defines `name` (the name itself, or its nearest enclosing module)."""
        while name:
            if name in modules:
                return name
            name = name.rpartition(".")[0]
        return None

    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        here = name if name in packages else name.rpartition(".")[0]
        for node in imports(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    anchor = here.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    source = ".".join(anchor + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for alias in node.names:
                    sub = f"{source}.{alias.name}"
                    targets.append(sub if sub in modules else source)
            for target in targets:
                if target != top and not target.startswith(top + "."):
                    continue
                dep = owner(target)
                if dep is not None:
                    edges[name].add(dep)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with a cycle (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    found.append(sorted(component))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("root", nargs="?", type=Path, default=ROOT / "egaku", help="the package directory")
    parser.add_argument("--graph", action="store_true", help="print every module's imports")
    args = parser.parse_args(argv)
    edges = graph(args.root.resolve())
    if args.graph:
        for name in sorted(edges):
            print(f"{name}: {', '.join(sorted(edges[name]))}")
    found = cycles(edges)
    for component in found:
        inner = {m: sorted(edges[m] & set(component)) for m in component}
        print(f"import cycle among {len(component)} modules:")
        for m in component:
            print(f"  {m} -> {', '.join(inner[m])}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
