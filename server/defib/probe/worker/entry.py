"""Start the worker by file path: `python .../worker/entry.py --report-fd N [--warm] REQUEST`.

Loads this directory as a package under a private name (so a user module called `verdict`
or `data` cannot shadow ours, and ours cannot shadow theirs) and hands over to `main`.
"""

import importlib.util
import os
import sys

_PACKAGE = "_defib_probe_worker"


def _load_package() -> object:
    here = os.path.dirname(os.path.abspath(__file__))
    # Running a file puts its directory first on sys.path; the user's script must not see it.
    if sys.path and os.path.abspath(sys.path[0] or ".") == here:
        sys.path.pop(0)
    spec = importlib.util.spec_from_file_location(
        _PACKAGE, os.path.join(here, "__init__.py"), submodule_search_locations=[here]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[_PACKAGE] = package
    spec.loader.exec_module(package)
    return importlib.import_module(_PACKAGE + ".main")


if __name__ == "__main__":
    main_module = _load_package()
    sys.exit(main_module.main(sys.argv[1:]))  # type: ignore[attr-defined]
