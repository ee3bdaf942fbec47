/*
 * Shared by features/_hotpath.c, features/_population.c and features/_derive.c:
 * Python's own float semantics where C's differ, the slot access they use on
 * msgspec Structs, and their set-up's dict of helpers. Static inline: each
 * extension gets its own copy.
 */
#ifndef RISKGATE_CEXACT_H
#define RISKGATE_CEXACT_H

#include <Python.h>
#include <structmember.h>
#include <math.h>

/* A Struct field read or written at its slot offset (what msgspec's getattr
   and, for gc=False structs, setattr do). */
#define SLOT(obj, off) (*(PyObject **)((char *)(obj) + (off)))

/* libm's pow, called at run time as Python calls it: a compiler may rewrite
   pow(x, 2.0) as x * x, which can differ from glibc's pow in the last bit. */
static double (*volatile libm_pow)(double, double) = pow;

/* Python's float floor division (floatobject.c float_floor_div), for `ts // 60.0`. */
static inline double py_floordiv(double vx, double wx) {
    double mod = fmod(vx, wx);
    double div = (vx - mod) / wx;
    if (mod) {
        if ((wx < 0) != (mod < 0))
            div -= 1.0;
    }
    double floordiv;
    if (div) {
        floordiv = floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1.0;
    } else {
        floordiv = copysign(0.0, vx / wx);
    }
    return floordiv;
}

/* The slot offset of a Struct type's field, from its member descriptor (what
   PyObject_GenericGetAttr would find); -1 with TypeError when it is not an
   object slot. */
static inline int offset_of(PyTypeObject *tp, const char *name, Py_ssize_t *out) {
    PyObject *d = PyObject_GetAttrString((PyObject *)tp, name);
    if (d == NULL)
        return -1;
    if (!Py_IS_TYPE(d, &PyMemberDescr_Type)) {
        Py_DECREF(d);
        PyErr_Format(PyExc_TypeError, "%s.%s is not a slot", tp->tp_name, name);
        return -1;
    }
    PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
    int ok = m->type == T_OBJECT_EX || m->type == T_OBJECT;
    *out = m->offset;
    Py_DECREF(d);
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s.%s is not an object slot", tp->tp_name, name);
        return -1;
    }
    return 0;
}

/* setup()'s helpers: `*out = d[name]` (a new reference, replacing the one a
   former setup() left), TypeError when it is missing. */
static inline int setup_item(PyObject *d, const char *name, PyObject **out) {
    PyObject *v = PyDict_GetItemString(d, name);
    if (v == NULL) {
        PyErr_Format(PyExc_TypeError, "setup: missing %s", name);
        return -1;
    }
    Py_INCREF(v);
    Py_XSETREF(*out, v);
    return 0;
}

#endif
