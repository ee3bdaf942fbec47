"""Build hook for the one C extension; everything else lives in pyproject.toml.

`models._treeeval` (models/_treeeval.c, plain CPython C API) evaluates the
exported tree ensemble on the scoring path. It is optional: without a C
compiler or Python headers the build prints a warning, the install succeeds,
and `models.export` uses the generated pure-Python evaluator (same answers,
slower). `pip install -e .` builds it in place, next to the source.
"""
from setuptools import Extension, setup

setup(ext_modules=[Extension("models._treeeval", sources=["models/_treeeval.c"], optional=True)])
