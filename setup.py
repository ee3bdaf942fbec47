"""Build hook for the C extensions; everything else lives in pyproject.toml.

Small modules in plain CPython C API, each optional: without a C
compiler or Python headers the build prints a warning, the install succeeds,
and the pure-Python definitions are used (same answers to the last bit,
slower). `pip install -e .` builds them in place, next to the source.
- `models._treeeval` (models/_treeeval.c): the exported tree ensemble's walk;
- `features._hotpath` (features/_hotpath.c): the per-payment profile work,
  `features.profile.learn` and the profile-reading part of `features.extract`.
`RISKGATE_PURE_PYTHON=1` makes the service use the Python definitions even
where the extensions are built.
"""
from setuptools import Extension, setup

setup(ext_modules=[
    Extension("models._treeeval", sources=["models/_treeeval.c"], optional=True),
    Extension("features._hotpath", sources=["features/_hotpath.c"], optional=True),
])
