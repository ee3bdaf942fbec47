"""Build hook for the C extensions; everything else lives in pyproject.toml.

Small modules in plain CPython C API, each optional: without a C
compiler or Python headers the build prints a warning, the install succeeds,
and the pure-Python definitions are used (same answers to the last bit,
slower). `pip install -e .` builds them in place, next to the source.
- `models._treeeval` (models/_treeeval.c): the exported tree ensemble's walk;
- `features._hotpath` (features/_hotpath.c): the per-payment profile work,
  `features.profile.learn` and the profile-reading part of `features.extract`;
- `features._population` (features/_population.c): the entity update of
  `features.population.observe_decoded`;
- `features._derive` (features/_derive.c): `features.attributes.derive`, the
  request's fields cleaned, hashed and looked up.
`RISKGATE_PURE_PYTHON=1` makes the service use the Python definitions even
where the extensions are built.
"""
from setuptools import Extension, setup

# Python evaluates a * b + c as two rounded operations; a compiler may fuse
# them into one (FMA: the default of GCC and Clang wherever the target has it,
# e.g. aarch64 or -march=native), which moves the last bit. Bit-equality with
# the Python definitions is the extensions' contract, so fusing is off. libm
# is named so that pow and log bind the same symbol versions Python's own do.
_FLOAT_EXACT = {"extra_compile_args": ["-ffp-contract=off"], "libraries": ["m"]}

setup(ext_modules=[
    Extension("models._treeeval", sources=["models/_treeeval.c"], optional=True, **_FLOAT_EXACT),
    Extension("features._hotpath", sources=["features/_hotpath.c"], depends=["features/_cexact.h"], optional=True,
              **_FLOAT_EXACT),
    Extension("features._population", sources=["features/_population.c"], depends=["features/_cexact.h"],
              optional=True, **_FLOAT_EXACT),
    Extension("features._derive", sources=["features/_derive.c"], depends=["features/_cexact.h"], optional=True,
              **_FLOAT_EXACT),
])
