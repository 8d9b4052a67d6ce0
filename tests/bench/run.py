"""`make bench`: run every `tests/bench/bench_*.py` module's `main()` in name order and print
its figures. Heavy measurements live here, outside CI; each module can also run alone
(`python tests/bench/bench_retrieval.py`)."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from knowledge.offline import stay_offline  # noqa: E402

stay_offline()


def main() -> int:
    """Run the selected (default: all) benchmark modules; return a process exit code."""
    wanted = set(sys.argv[1:])
    modules = sorted(HERE.glob("bench_*.py"))
    if wanted:
        modules = [m for m in modules if m.stem.removeprefix("bench_") in wanted]
    for path in modules:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"\n=== {path.stem.removeprefix('bench_')} ===", flush=True)
        started = time.perf_counter()
        module.main()
        print(f"({path.stem} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
