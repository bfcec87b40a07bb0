"""Mutation testing of one guard module against its own tests, in a copy of the tree.

    make mutation MODULE=anpr_governance/audit/chain.py \
        TESTS='tests/audit/test_access_log_chain.py tests/audit/test_log_anchor.py'

mutmut reads its configuration from the pyproject.toml of the directory it runs in, and a
change of test selection resets every cached result in mutants/. So each module gets its own
copy of the tree, var/mutation/<module>/, whose pyproject.toml names only that module in
`only_mutate` and only the given tests in `pytest_add_cli_args_test_selection`; its mutants/
(results, `mutmut show`) stays there between runs; the tree is copied over it each time (a file
deleted from the checkout stays: remove the copy to start afresh).

mutmut 3.8 does not mutate a decorated function, and every service that writes is
`@transaction.atomic`: in the copy only, the module's functions decorated with that alone are
rewritten to open the transaction in their body instead (`unwrapped_atomic`), so that they are
mutated too. See docs/testing.md.
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import libcst as cst

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = ROOT / ".venv" / "bin" / "mutmut"
# Not copied: the venv and node packages (the copy runs the checkout's own mutmut), earlier
# copies and results, and caches.
IGNORED = shutil.ignore_patterns(".git", ".venv", "node_modules", "var", "mutants", "__pycache__", ".*_cache")


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def narrowed(pyproject: str, module: str, tests: list[str]) -> str:
    """pyproject.toml with [tool.mutmut] mutating only `module` and selecting only `tests`."""
    for key, value in (("only_mutate", [module]), ("pytest_add_cli_args_test_selection", tests)):
        pyproject, found = re.subn(
            rf"^{key} = \[[^\n]*\]$|^{key} = \[\n.*?^\]$", f"{key} = {toml_list(value)}", pyproject,
            count=1, flags=re.MULTILINE | re.DOTALL,
        )
        if not found:
            sys.exit(f"pyproject.toml has no {key} under [tool.mutmut]")
    return pyproject


def _is_transaction_atomic(decorator: cst.BaseExpression) -> bool:
    """`transaction.atomic` or `transaction.atomic()` (no arguments: `using=` or `savepoint=` are kept)."""
    if isinstance(decorator, cst.Call):
        if decorator.args:
            return False
        decorator = decorator.func
    return (
        isinstance(decorator, cst.Attribute)
        and isinstance(decorator.value, cst.Name)
        and decorator.value.value == "transaction"
        and decorator.attr.value == "atomic"
    )


def _is_generator(function: cst.FunctionDef) -> bool:
    """Whether the function itself (not a function or class nested in it) yields."""

    class Finder(cst.CSTVisitor):
        found = False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_Yield(self, node: cst.Yield) -> bool:
            self.found = True
            return False

    finder = Finder()
    function.visit(finder)
    return finder.found


class _UnwrapAtomic(cst.CSTTransformer):
    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        if (
            len(updated.decorators) != 1
            or not _is_transaction_atomic(updated.decorators[0].decorator)
            or updated.asynchronous is not None
            or not isinstance(updated.body, cst.IndentedBlock)
            or _is_generator(original)
        ):
            return updated
        statements = list(updated.body.body)
        docstring = []
        if updated.get_docstring(clean=False) is not None:
            docstring = [statements.pop(0)]
        atomic = cst.With(
            items=[cst.WithItem(cst.parse_expression("transaction.atomic()"))],
            body=cst.IndentedBlock(body=statements, footer=updated.body.footer),
        )
        return updated.with_changes(
            decorators=[],
            leading_lines=[*updated.leading_lines, *updated.decorators[0].leading_lines,
                           *updated.lines_after_decorators],
            lines_after_decorators=[],
            body=updated.body.with_changes(body=[*docstring, atomic], footer=[]),
        )


def unwrapped_atomic(source: str) -> str:
    """The module with each function decorated only with `@transaction.atomic` (or
    `@transaction.atomic()`) rewritten to open the transaction in its body, after its docstring:

        @transaction.atomic                   def f(x):
        def f(x):                 becomes         \"\"\"Doc.\"\"\"
            \"\"\"Doc.\"\"\"                            with transaction.atomic():
            return g(x)                               return g(x)

    The same behaviour for an ordinary function: the decorator enters the same atomic block around
    the whole call, and nothing in the call runs before the body but binding the arguments. A
    generator (its body would run outside the decorator's transaction), an async function and
    any other decorator are left alone (mutmut then leaves the function alone too)."""
    return cst.parse_module(source).visit(_UnwrapAtomic()).code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("module", help="the file to mutate, e.g. anpr_governance/audit/chain.py")
    parser.add_argument("tests", nargs="+", help="the test files (or pytest arguments) that guard it")
    parser.add_argument("--max-children", default="1", help="mutants tested at once (default 1)")
    parser.add_argument("--mutant", action="append", default=[],
                        help="run only this mutant (a name or glob as `mutmut results` prints it); repeatable")
    args = parser.parse_args()

    copy = ROOT / "var" / "mutation" / args.module.removesuffix(".py").replace("/", ".")
    copy.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if IGNORED(str(ROOT), [entry.name]):
            continue
        target = copy / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target, ignore=IGNORED, dirs_exist_ok=True)
        else:
            shutil.copy2(entry, target)
    (copy / "var" / "staticfiles").mkdir(parents=True, exist_ok=True)
    mutated = copy / args.module
    mutated.write_text(unwrapped_atomic(mutated.read_text()))
    pyproject = copy / "pyproject.toml"
    pyproject.write_text(narrowed(pyproject.read_text(), args.module, args.tests))

    print(f"Mutating {args.module} against {' '.join(args.tests)} in {copy}", flush=True)
    command = [MUTMUT, "run", "--max-children", args.max_children, *args.mutant]
    run = subprocess.run(command, cwd=copy, check=False)  # noqa: S603
    subprocess.run([MUTMUT, "results"], cwd=copy, check=False)  # noqa: S603
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
