"""Mutation testing of one guard module against its own tests, in a copy of the tree.

    make mutation MODULE=anpr_governance/audit/chain.py \
        TESTS='tests/audit/test_access_log_chain.py tests/audit/test_log_anchor.py'

mutmut reads its configuration from the pyproject.toml of the directory it runs in, and a
change of test selection resets every cached result in mutants/. So each module gets its own
copy of the tree, var/mutation/<module>/, whose pyproject.toml names only that module in
`only_mutate` and only the given tests in `pytest_add_cli_args_test_selection`; its mutants/
(results, `mutmut show`) stays there between runs; the tree is copied over it each time (a file
deleted from the checkout stays: remove the copy to start afresh). See docs/testing.md.
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

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
    pyproject = copy / "pyproject.toml"
    pyproject.write_text(narrowed(pyproject.read_text(), args.module, args.tests))

    print(f"Mutating {args.module} against {' '.join(args.tests)} in {copy}", flush=True)
    command = [MUTMUT, "run", "--max-children", args.max_children, *args.mutant]
    run = subprocess.run(command, cwd=copy, check=False)  # noqa: S603
    subprocess.run([MUTMUT, "results"], cwd=copy, check=False)  # noqa: S603
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
