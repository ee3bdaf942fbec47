/*
 * features._hotpath: the per-payment profile work of features/, compiled:
 * `features.profile.learn` (here, first) and the profile-reading part of
 * `features.extract.extract` (`profile_features`, below).
 *
 * learn
 * Why: the profile update runs for every completed payment, and in Python it
 * costs ~22 us, almost all of it bytecode dispatch and boxed-int arithmetic on
 * ~300 field reads and writes (issue 3's budget for features plus update is
 * 50 us). This module does the same reads, arithmetic and writes on the same
 * msgspec objects in C.
 *
 * Same bytes to the last bit: every float operation is the one Python does, in
 * the same order (`2.0 ** y` is libm `pow`, `x ** 2` is `pow(x, 2.0)`,
 * `round` is round-half-even, `int(float)` truncates, an int in float
 * arithmetic is converted to double first), and ints are int64 (a profile's
 * values are weights in 1/16 payments, minutes since the epoch and amounts in
 * cents of at most 1e14). tests/test_learn_c.py compares the encoded profiles
 * of this function and of `features.profile.learn_py` over randomized
 * histories, byte for byte.
 *
 * What stays in Python (called from here): the table keys (`attr_keys`), the
 * rare paths (a payment older than the spending windows' time, a payment
 * older than the last recent one, which re-sorts the recent list), and the
 * whole update when a value is out of the range this code handles exactly
 * (an amount above 1e13, a histogram idle so long that its increment leaves
 * double precision): those go to `learn_py` before anything is changed.
 *
 * Fields are read and written at their slot offsets, taken once from the
 * msgspec Struct types' member descriptors (what PyObject_GenericGetAttr
 * would find); every object's type is checked against the expected struct
 * type before its slots are touched, so a foreign object raises TypeError.
 * The structs are gc=False (features/profile.py), so a slot store is what
 * msgspec's own setattr does for them.
 *
 * Memory checks (clean on 2026-11-27): build with
 *     CFLAGS="-fsanitize=address,undefined -O1" LDFLAGS="-fsanitize=address,undefined" \
 *         python setup.py build_ext --inplace
 * and run tests/test_learn_c.py and tests/test_extract_c.py (-k "not switch")
 * with ASAN_OPTIONS=detect_leaks=0 and
 * LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)".
 * Rebuild normally afterwards.
 *
 * Python:
 *     setup(types: dict, helpers: dict)   # once, from features/profile.py
 *     learn(profile, attrs, cfg=DEFAULT_CONFIG) -> None
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_cexact.h"

#define UNIT 16
#define WIN_UNIT 256
#define HIST_MAX 65535
#define HIST_BYTES 336
#define MEM_GEN_BYTES 96
#define MEM_BITS (MEM_GEN_BYTES * 8)
#define MEM_ROTATE 230          /* int(0.3 * 768), as features/profile.py */
#define N_TABLES 10             /* all but the payee table */
#define MAX_WINDOWS 8

typedef long long i64;

/* ------------------------------------------------------------ types, offsets */

static PyTypeObject *T_Profile, *T_Table, *T_Entry, *T_PayeeTable, *T_PayeeEntry, *T_Centre;
static PyObject *H_attr_keys, *H_learn_params, *H_learn_py, *H_windows_add, *H_sort_recent, *H_default_cfg;
static int ready = 0;

/* Profile */
static Py_ssize_t P_n, P_version, P_first, P_last, P_tab[N_TABLES], P_payee, P_centres, P_geo_w, P_geo_t, P_hist,
    P_hist_tot, P_hist_log2, P_hist_t, P_amt_mu, P_amt_var, P_amt_w, P_amt_t, P_amt_max, P_amt_max_t, P_recent,
    P_last_geo, P_win, P_win_t, P_day_max, P_day_max_t, P_burst_h, P_burst_d, P_burst_t, P_pend_h, P_pend_d,
    P_pend_t, P_payee_mem, P_day_pend, P_day_pend_t;
/* Table and PayeeTable (separate types, so separate offsets) */
static Py_ssize_t TB_w, TB_t, TB_e, PT_w, PT_t, PT_e;
/* Entry (PayeeEntry inherits these slots) and PayeeEntry's own */
static Py_ssize_t E_k, E_w, E_t, E_f, E_c, PE_a, PE_r;
static Py_ssize_t C_lat, C_lon, C_w, C_t, C_f, C_c;
/* Attributes: read through getattr (a plain msgspec Struct with a __dict__) */
static PyObject *S_ts, *S_amount, *S_lat, *S_lon, *S_how;

static const char *TABLE_NAMES[N_TABLES] = {"ip", "net_a", "net_b", "asn", "ipcc", "device", "ua_family", "ua_os",
                                            "country", "city"};


/* Read an int slot. -1 with an exception on a missing or non-int value. */
static inline int get_i(PyObject *obj, Py_ssize_t off, i64 *out) {
    PyObject *v = SLOT(obj, off);
    if (v == NULL || !PyLong_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "profile field is not an int");
        return -1;
    }
    int overflow = 0;
    i64 x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow) {
        PyErr_SetString(PyExc_OverflowError, "profile field out of int64 range");
        return -1;
    }
    if (x == -1 && PyErr_Occurred())
        return -1;
    *out = x;
    return 0;
}

/* Store a new reference in a slot (what msgspec's setattr does for gc=False structs). */
static inline int put_obj(PyObject *obj, Py_ssize_t off, PyObject *v) {
    if (v == NULL)
        return -1;
    PyObject *old = SLOT(obj, off);
    SLOT(obj, off) = v;
    Py_XDECREF(old);
    return 0;
}

static inline int set_i(PyObject *obj, Py_ssize_t off, i64 x) { return put_obj(obj, off, PyLong_FromLongLong(x)); }

static inline int check_type(PyObject *obj, PyTypeObject *tp) {
    if (obj == NULL) {   /* a field deleted from the struct */
        PyErr_Format(PyExc_TypeError, "expected %s, got a missing field", tp->tp_name);
        return -1;
    }
    if (!Py_IS_TYPE(obj, tp)) {
        PyErr_Format(PyExc_TypeError, "expected %s, got %s", tp->tp_name, Py_TYPE(obj)->tp_name);
        return -1;
    }
    return 0;
}

/* A list field (`what` names it in the error), or NULL with TypeError. */
static inline PyObject *list_slot(PyObject *obj, Py_ssize_t off, const char *what) {
    PyObject *v = SLOT(obj, off);
    if (v == NULL || !PyList_Check(v)) {
        PyErr_SetString(PyExc_TypeError, what);
        return NULL;
    }
    return v;
}

#define TRY(x)            \
    do {                  \
        if ((x) < 0)      \
            goto error;   \
    } while (0)

/* ------------------------------------------------------------ Python float semantics */

/* libm's pow, called at run time as Python calls it (features/_cexact.h). */
#define POW(x, y) libm_pow((x), (y))

/* Python's round() of a float: half to even. */
static inline double py_round(double x) {
    double r = round(x);
    if (fabs(x - r) == 0.5)
        r = 2.0 * round(x / 2.0);
    return r;
}

/* (double)(w + 1) as Python computes it (the exact sum, rounded once), without
   overflowing at INT64_MAX. */
static inline double plus_one(i64 w) { return w == INT64_MAX ? 9223372036854775808.0 : (double)(w + 1); }

/* features.profile.decayed: weight w (as of minute t) brought to minute now. */
static inline double decayed(i64 w, i64 t, i64 now, double hl) {
    if (now <= t)
        return (double)w;
    return (double)w * POW(2.0, (double)(-(now - t)) / hl);
}

/* ------------------------------------------------------------ configuration */

typedef struct {
    double hls[N_TABLES + 1];
    i64 caps[N_TABLES + 1];
    double win_hls[MAX_WINDOWS];
    Py_ssize_t n_win;
    double hl_place, hl_time, hl_amount, hl_max_amount, hl_burst, radius, rad, two_r;
    i64 settle_min, k_centres, k_recent;
} Params;

static PyObject *params_cfg = NULL;   /* the config the cached params were made from (strong ref) */
static Params params;

static int load_params(PyObject *cfg) {
    if (cfg == params_cfg)
        return 0;
    PyObject *t = PyObject_CallOneArg(H_learn_params, cfg);
    if (t == NULL)
        return -1;
    Params q;
    PyObject *hls = NULL, *caps = NULL, *wins = NULL;
    if (!PyArg_ParseTuple(t, "O!O!O!dddddLdLLdd", &PyTuple_Type, &hls, &PyTuple_Type, &caps, &PyTuple_Type, &wins,
                          &q.hl_place, &q.hl_time, &q.hl_amount, &q.hl_max_amount, &q.hl_burst, &q.settle_min,
                          &q.radius, &q.k_centres, &q.k_recent, &q.rad, &q.two_r))
        goto error;
    if (PyTuple_GET_SIZE(hls) != N_TABLES + 1 || PyTuple_GET_SIZE(caps) != N_TABLES + 1 ||
        PyTuple_GET_SIZE(wins) > MAX_WINDOWS) {
        PyErr_SetString(PyExc_ValueError, "learn params: wrong table or window count");
        goto error;
    }
    for (int i = 0; i < N_TABLES + 1; i++) {
        q.hls[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(hls, i));
        q.caps[i] = PyLong_AsLongLong(PyTuple_GET_ITEM(caps, i));
        if (PyErr_Occurred())
            goto error;
    }
    q.n_win = PyTuple_GET_SIZE(wins);
    for (Py_ssize_t i = 0; i < q.n_win; i++) {
        q.win_hls[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(wins, i));
        if (PyErr_Occurred())
            goto error;
    }
    Py_DECREF(t);
    params = q;
    Py_INCREF(cfg);
    Py_XSETREF(params_cfg, cfg);
    return 0;
error:
    Py_DECREF(t);
    return -1;
}

/* ------------------------------------------------------------ payee memory */

static inline void mem_positions(i64 k, unsigned pos[3]) {
    uint64_t h = (uint64_t)k * 0x9E3779B97F4A7C15ULL;
    pos[0] = (unsigned)((h >> 11) % MEM_BITS);
    pos[1] = (unsigned)((h >> 29) % MEM_BITS);
    pos[2] = (unsigned)((h >> 47) % MEM_BITS);
}

static int payee_remembered(PyObject *mem, i64 k) {
    if (mem == Py_None)
        return 0;   /* as Python's `if not mem` */
    if (mem == NULL || !PyBytes_Check(mem)) {
        PyErr_SetString(PyExc_TypeError, "payee_mem is not bytes");
        return -1;
    }
    Py_ssize_t n = PyBytes_GET_SIZE(mem);
    if (n == 0)
        return 0;
    const unsigned char *m = (const unsigned char *)PyBytes_AS_STRING(mem);
    unsigned pos[3];
    mem_positions(k, pos);
    for (int g = 0; g < 2; g++) {
        Py_ssize_t off = g * MEM_GEN_BYTES;
        int all = 1;
        for (int j = 0; j < 3; j++) {
            Py_ssize_t byte = off + (pos[j] >> 3);
            if (byte >= n) {   /* Python would raise IndexError on a short filter */
                PyErr_SetString(PyExc_IndexError, "index out of range");
                return -1;
            }
            if (!(m[byte] & (1u << (pos[j] & 7)))) {
                all = 0;
                break;
            }
        }
        if (all)
            return 1;
    }
    return 0;
}

static PyObject *payee_memory_add(PyObject *mem, i64 k) {
    unsigned char m[2 * MEM_GEN_BYTES];
    if (PyBytes_Check(mem) && PyBytes_GET_SIZE(mem) == 2 * MEM_GEN_BYTES)
        memcpy(m, PyBytes_AS_STRING(mem), 2 * MEM_GEN_BYTES);
    else
        memset(m, 0, sizeof m);
    unsigned pos[3];
    mem_positions(k, pos);
    for (int j = 0; j < 3; j++)
        m[pos[j] >> 3] |= (unsigned char)(1u << (pos[j] & 7));
    int bits = 0;
    for (int i = 0; i < MEM_GEN_BYTES; i++)
        bits += __builtin_popcount(m[i]);
    if (bits > MEM_ROTATE) {
        memcpy(m + MEM_GEN_BYTES, m, MEM_GEN_BYTES);
        memset(m, 0, MEM_GEN_BYTES);
    }
    return PyBytes_FromStringAndSize((const char *)m, 2 * MEM_GEN_BYTES);
}

/* ------------------------------------------------------------ tables */

/* One payment with key k in a table (features.profile._bump). `payee`: the
   payee table, with units (whole amount), typical, settle_min, memory. The
   decay factor of the table is cached across tables of one family, as learn
   does (same float either way). Sets *gone to the evicted key (payee table)
   and *evicted to 1 when one was evicted. */
static int bump(PyObject *tab, PyObject *kobj, i64 k, i64 now, double hl, i64 cap, int payee, i64 units,
                double typical, i64 settle_min, PyObject *memory, i64 *last_t, double *last_hl, double *last_f,
                i64 *gone, int *evicted) {
    Py_ssize_t o_w = payee ? PT_w : TB_w, o_t = payee ? PT_t : TB_t, o_e = payee ? PT_e : TB_e;
    PyTypeObject *etype = payee ? T_PayeeEntry : T_Entry;
    i64 t, w;
    if (check_type(tab, payee ? T_PayeeTable : T_Table) < 0 || get_i(tab, o_t, &t) < 0 || get_i(tab, o_w, &w) < 0)
        return -1;
    double factor = 1.0;
    if (now > t) {
        if (t != *last_t || hl != *last_hl) {
            *last_f = POW(2.0, (double)(t - now) / hl);
            *last_t = t;
            *last_hl = hl;
        }
        factor = *last_f;
        if (set_i(tab, o_w, (i64)((double)w * factor + 0.5) + UNIT) < 0 || set_i(tab, o_t, now) < 0)
            return -1;
    } else if (set_i(tab, o_w, w + UNIT) < 0) {
        return -1;
    }
    PyObject *entries = list_slot(tab, o_e, "table entries are not a list");
    if (entries == NULL)
        return -1;
    Py_ssize_t n = PyList_GET_SIZE(entries);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(entries, i);
        i64 ek;
        if (check_type(e, etype) < 0 || get_i(e, E_k, &ek) < 0)
            return -1;
        if (ek != k)
            continue;
        i64 te, ew, ef, ec;
        if (get_i(e, E_t, &te) < 0 || get_i(e, E_w, &ew) < 0 || get_i(e, E_f, &ef) < 0 || get_i(e, E_c, &ec) < 0)
            return -1;
        if (now > te) {
            double f = te == t ? factor : POW(2.0, (double)(te - now) / hl);
            if (set_i(e, E_w, (i64)((double)ew * f + 0.5) + UNIT) < 0 || set_i(e, E_t, now) < 0)
                return -1;
        } else if (set_i(e, E_w, ew + UNIT) < 0) {
            return -1;
        }
        if (now < ef && set_i(e, E_f, now) < 0)
            return -1;
        if (set_i(e, E_c, ec + 1) < 0)
            return -1;
        if (payee) {
            i64 a;
            if (get_i(e, PE_a, &a) < 0)
                return -1;
            if (units > a && set_i(e, PE_a, units) < 0)
                return -1;
        }
        return 0;
    }
    /* a new value */
    PyObject *nw;
    if (payee) {
        int rem = payee_remembered(memory, k);
        if (rem < 0)
            return -1;
        nw = PyObject_CallFunction((PyObject *)etype, "OiLLiLi", kobj, UNIT, now, now, 1, units, rem);
    } else {
        nw = PyObject_CallFunction((PyObject *)etype, "OiLLi", kobj, UNIT, now, now, 1);
    }
    if (nw == NULL)
        return -1;
    if (n < cap) {
        int r = PyList_Append(entries, nw);
        Py_DECREF(nw);
        return r;
    }
    Py_ssize_t weakest = 0;
    double low = INFINITY;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(entries, i);
        i64 ew, et;
        if (get_i(e, E_w, &ew) < 0 || get_i(e, E_t, &et) < 0)
            goto fail;
        if (ew < 0) {   /* a corrupt weight: Python's math.log2(e.w + 1) refuses it (or would take 0) */
            PyErr_SetString(PyExc_ValueError, "math domain error");
            goto fail;
        }
        double score = log2(plus_one(ew)) - (double)(now - et) / hl;
        if (payee && now - et >= settle_min) {
            i64 a;
            if (get_i(e, PE_a, &a) < 0)
                goto fail;
            /* keep_bonus(a, typical) */
            double b = 0.0;
            if (!(a <= 0 || !(typical > 0.0) || (double)a <= typical)) {
                b = log2((double)a / typical);
                b = b < 4.0 ? b : 4.0;
            }
            score += b;
        }
        if (score < low) {
            low = score;
            weakest = i;
        }
    }
    if (payee) {
        i64 gk;
        if (get_i(PyList_GET_ITEM(entries, weakest), E_k, &gk) < 0)
            goto fail;
        *gone = gk;
        *evicted = 1;
    }
    /* entries[weakest] = nw (steals the reference) */
    return PyList_SetItem(entries, weakest, nw);
fail:
    Py_DECREF(nw);
    return -1;
}

/* ------------------------------------------------------------ places */

static int centre_new(PyObject *p, double lat, double lon, i64 now, i64 cap, double hl) {
    PyObject *centres = list_slot(p, P_centres, "centres is not a list");
    if (centres == NULL)
        return -1;
    PyObject *nw = PyObject_CallFunction((PyObject *)T_Centre, "LLiLLi", (i64)py_round(lat * 1e4),
                                         (i64)py_round(lon * 1e4), UNIT, now, now, 1);
    if (nw == NULL)
        return -1;
    Py_ssize_t n = PyList_GET_SIZE(centres);
    if (n < cap) {
        int r = PyList_Append(centres, nw);
        Py_DECREF(nw);
        return r;
    }
    double low = INFINITY;
    Py_ssize_t idx = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *c = PyList_GET_ITEM(centres, i);
        i64 cw, ct;
        if (check_type(c, T_Centre) < 0 || get_i(c, C_w, &cw) < 0 || get_i(c, C_t, &ct) < 0) {
            Py_DECREF(nw);
            return -1;
        }
        if (cw < 0) {   /* a corrupt weight: Python's math.log2(c.w + 1) refuses it (or would take 0) */
            Py_DECREF(nw);
            PyErr_SetString(PyExc_ValueError, "math domain error");
            return -1;
        }
        double s = log2(plus_one(cw)) - (double)(now - ct) / hl;
        if (s < low) {
            low = s;
            idx = i;
        }
    }
    return PyList_SetItem(centres, idx, nw);
}

static int learn_place(const Params *q, PyObject *p, double lat, double lon, i64 now, double ts) {
    double hl = q->hl_place;
    i64 gt, gw;
    if (get_i(p, P_geo_t, &gt) < 0 || get_i(p, P_geo_w, &gw) < 0)
        return -1;
    double gwd = now <= gt ? (double)gw : (double)gw * POW(2.0, (double)(-(now - gt)) / hl);
    if (set_i(p, P_geo_w, (i64)(gwd + 0.5) + UNIT) < 0)
        return -1;
    if (now > gt && set_i(p, P_geo_t, now) < 0)
        return -1;
    PyObject *centres = list_slot(p, P_centres, "centres is not a list");
    if (centres == NULL)
        return -1;
    PyObject *best = NULL;
    double best_d = q->radius;
    double p1 = lat * q->rad;
    double cos_p1 = cos(p1);
    Py_ssize_t n = PyList_GET_SIZE(centres);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *c = PyList_GET_ITEM(centres, i);
        i64 clat, clon;
        if (check_type(c, T_Centre) < 0 || get_i(c, C_lat, &clat) < 0 || get_i(c, C_lon, &clon) < 0)
            return -1;
        double p2 = (double)clat * 1e-4 * q->rad;
        double s_p = sin((p2 - p1) * 0.5);
        double s_l = sin(((double)clon * 1e-4 - lon) * q->rad * 0.5);
        double d = sqrt(POW(s_p, 2.0) + cos_p1 * cos(p2) * POW(s_l, 2.0));
        d = q->two_r * asin(d < 1.0 ? d : 1.0);
        if (d <= best_d) {
            best = c;
            best_d = d;
        }
    }
    if (best != NULL) {
        i64 bt, bw, blat, blon, bc;
        if (get_i(best, C_t, &bt) < 0 || get_i(best, C_w, &bw) < 0 || get_i(best, C_lat, &blat) < 0 ||
            get_i(best, C_lon, &blon) < 0 || get_i(best, C_c, &bc) < 0)
            return -1;
        double w = now <= bt ? (double)bw : (double)bw * POW(2.0, (double)(-(now - bt)) / hl);
        double tot = w + UNIT;
        /* features.profile._centre_lon: toward lon the short way round the antimeridian */
        double x = lon * 1e4;
        if (x - (double)blon > 1800000.0)
            x -= 3600000.0;
        else if (x - (double)blon < -1800000.0)
            x += 3600000.0;
        i64 nlon = (i64)py_round(((double)blon * w + x * UNIT) / tot);
        if (nlon > 1800000)
            nlon -= 3600000;
        else if (nlon < -1800000)
            nlon += 3600000;
        if (set_i(best, C_lat, (i64)py_round(((double)blat * w + lat * 1e4 * UNIT) / tot)) < 0 ||
            set_i(best, C_lon, nlon) < 0 || set_i(best, C_w, (i64)(tot + 0.5)) < 0)
            return -1;
        if (now > bt && set_i(best, C_t, now) < 0)
            return -1;
        if (set_i(best, C_c, bc + 1) < 0)
            return -1;
    } else if (centre_new(p, lat, lon, now, q->k_centres, hl) < 0) {
        return -1;
    }
    i64 ts_s = (i64)ts;
    PyObject *lg = list_slot(p, P_last_geo, "last_geo is not a list");
    if (lg == NULL)
        return -1;
    int replace = PyList_GET_SIZE(lg) == 0;
    if (!replace) {
        if (PyList_GET_SIZE(lg) < 3) {
            PyErr_SetString(PyExc_IndexError, "list index out of range");
            return -1;
        }
        PyObject *t2 = PyList_GET_ITEM(lg, 2);
        i64 lt = PyLong_AsLongLong(t2);
        if (lt == -1 && PyErr_Occurred())
            return -1;
        replace = ts_s >= lt;
    }
    if (replace) {
        PyObject *nl = Py_BuildValue("[LLL]", (i64)py_round(lat * 1e4), (i64)py_round(lon * 1e4), ts_s);
        if (put_obj(p, P_last_geo, nl) < 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ hour-of-week histogram */

/* The histogram's increment at `now`, or a negative value when it would leave
   the range this code computes exactly (checked before anything changes). */
static int hist_add(PyObject *p, i64 how, i64 now, double lw, double inc) {
    PyObject *hb = SLOT(p, P_hist);
    unsigned char h[HIST_BYTES];
    if (hb == NULL || !PyBytes_Check(hb)) {
        PyErr_SetString(PyExc_TypeError, "hist is not bytes");
        return -1;
    }
    Py_ssize_t hn = PyBytes_GET_SIZE(hb);
    if (hn == 0) {
        memset(h, 0, HIST_BYTES);
    } else if (hn != HIST_BYTES) {
        PyErr_SetString(PyExc_ValueError, "hist is not 336 bytes");
        return -1;
    } else {
        memcpy(h, PyBytes_AS_STRING(hb), HIST_BYTES);
    }
    i64 tot;
    if (get_i(p, P_hist_tot, &tot) < 0)
        return -1;
    if (how < 0 || how >= HIST_BYTES / 2) {
        PyErr_SetString(PyExc_IndexError, "hour of week out of range");
        return -1;
    }
    Py_ssize_t i = 2 * how;
    i64 v = ((i64)h[i] << 8) | h[i + 1];
    i64 add = (i64)(inc + 0.5);
    v += add;
    if (v > HIST_MAX) {
        double l = ceil(log2((double)v / (double)HIST_MAX));
        i64 shift = l > 1.0 ? (i64)l : 1;
        i64 sum = 0;
        for (int j = 0; j < HIST_BYTES; j += 2) {
            i64 u = (((i64)h[j] << 8) | h[j + 1]) >> shift;
            h[j] = (unsigned char)(u >> 8);
            h[j + 1] = (unsigned char)(u & 255);
            sum += u;
        }
        /* lw is a count's weight at max(now, hist_t): a late payment leaves the clock
           where it was (features.profile._hist_add; a review found it moved back) */
        i64 ht;
        if (get_i(p, P_hist_t, &ht) < 0)
            return -1;
        if (put_obj(p, P_hist_log2, PyFloat_FromDouble(lw + (double)shift)) < 0 ||
            set_i(p, P_hist_t, now > ht ? now : ht) < 0)
            return -1;
        v = v >> shift;
        v = v < HIST_MAX ? v : HIST_MAX;
        i64 old = ((i64)h[i] << 8) | h[i + 1];
        tot = sum + v - old;
    } else {
        tot += add;
    }
    if (set_i(p, P_hist_tot, tot) < 0)
        return -1;
    h[i] = (unsigned char)(v >> 8);
    h[i + 1] = (unsigned char)(v & 255);
    return put_obj(p, P_hist, PyBytes_FromStringAndSize((const char *)h, HIST_BYTES));
}

/* ------------------------------------------------------------ recent payments */

/* features.profile._recent_add: returns 0, or -1 with an exception. */
static int recent_add(PyObject *p, i64 ts_s, i64 cents, i64 cap) {
    PyObject *rec = list_slot(p, P_recent, "recent is not a list");
    if (rec == NULL)
        return -1;
    i64 horizon = ts_s - 86400;
#define REC_TS(r, out)                                                                                  \
    do {                                                                                                \
        PyObject *r_ = (r);                                                                             \
        if (!PyList_Check(r_) || PyList_GET_SIZE(r_) < 1) {                                             \
            PyErr_SetString(PyExc_TypeError, "recent entry is not a list");                             \
            return -1;                                                                                  \
        }                                                                                               \
        (out) = PyLong_AsLongLong(PyList_GET_ITEM(r_, 0));                                              \
        if ((out) == -1 && PyErr_Occurred())                                                            \
            return -1;                                                                                  \
    } while (0)
    Py_ssize_t n = PyList_GET_SIZE(rec);
    if (n) {
        i64 t0;
        REC_TS(PyList_GET_ITEM(rec, 0), t0);
        if (t0 <= horizon) {
            Py_ssize_t i = 1;
            while (i < n) {
                i64 ti;
                REC_TS(PyList_GET_ITEM(rec, i), ti);
                if (ti > horizon)
                    break;
                i++;
            }
            if (PyList_SetSlice(rec, 0, i, NULL) < 0)
                return -1;
        }
    }
    PyObject *r = Py_BuildValue("[LLi]", ts_s, cents, 1);
    if (r == NULL)
        return -1;
    int rc = PyList_Append(rec, r);
    Py_DECREF(r);
    if (rc < 0)
        return -1;
    n = PyList_GET_SIZE(rec);
    if (n > 1) {
        i64 tp;
        REC_TS(PyList_GET_ITEM(rec, n - 2), tp);
        if (tp > ts_s) {
            PyObject *res = PyObject_CallOneArg(H_sort_recent, rec);
            if (res == NULL)
                return -1;
            Py_DECREF(res);
        }
    }
#undef REC_TS
    n = PyList_GET_SIZE(rec);
    if (n > cap) {
        if (n < 2) {   /* a configured k_recent below 1: Python's rec[1] fails the same way */
            PyErr_SetString(PyExc_IndexError, "list index out of range");
            return -1;
        }
        PyObject *a = PyList_GET_ITEM(rec, 0), *b = PyList_GET_ITEM(rec, 1);
        if (!PyList_Check(a) || !PyList_Check(b) || PyList_GET_SIZE(a) < 3 || PyList_GET_SIZE(b) < 3) {
            PyErr_SetString(PyExc_TypeError, "recent entry is not [ts, cents, count]");
            return -1;
        }
        /* [b[0], a[1] + b[1], a[2] + b[2]] with Python's int addition */
        PyObject *s1 = PyNumber_Add(PyList_GET_ITEM(a, 1), PyList_GET_ITEM(b, 1));
        PyObject *s2 = s1 ? PyNumber_Add(PyList_GET_ITEM(a, 2), PyList_GET_ITEM(b, 2)) : NULL;
        if (s2 == NULL) {
            Py_XDECREF(s1);
            return -1;
        }
        PyObject *m = PyList_New(3);
        if (m == NULL) {
            Py_DECREF(s1);
            Py_DECREF(s2);
            return -1;
        }
        PyObject *b0 = PyList_GET_ITEM(b, 0);
        Py_INCREF(b0);
        PyList_SET_ITEM(m, 0, b0);
        PyList_SET_ITEM(m, 1, s1);
        PyList_SET_ITEM(m, 2, s2);
        if (PyList_SetItem(rec, 1, m) < 0 || PyList_SetSlice(rec, 0, 1, NULL) < 0)
            return -1;
    }
    return 0;
}

/* features.profile.DAY_SETTLE_MIN: a pending busiest day settles more than a day after its last raise */
#define DAY_SETTLE_MIN 1440

/* features.profile._day_max_add + _burst_add. */
static int day_and_bursts(const Params *q, PyObject *p, i64 ts_s, i64 now) {
    PyObject *rec = SLOT(p, P_recent);
    i64 day = 0, c1h = 0, c1d = 0;
    Py_ssize_t n = PyList_GET_SIZE(rec);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *r = PyList_GET_ITEM(rec, i);
        if (!PyList_Check(r) || PyList_GET_SIZE(r) != 3) {
            PyErr_SetString(PyExc_ValueError, "recent entry is not [ts, cents, count]");
            return -1;
        }
        i64 t_r = PyLong_AsLongLong(PyList_GET_ITEM(r, 0));
        i64 cents_r = PyLong_AsLongLong(PyList_GET_ITEM(r, 1));
        i64 cnt_r = PyLong_AsLongLong(PyList_GET_ITEM(r, 2));
        if (PyErr_Occurred())
            return -1;
        i64 age = ts_s - t_r;
        if (0 <= age && age < 86400) {
            if (__builtin_add_overflow(day, cents_r, &day)) {
                PyErr_SetString(PyExc_OverflowError, "day total out of int64 range");
                return -1;
            }
            c1d += cnt_r;
            if (age < 3600)
                c1h += cnt_r;
        }
    }
    /* fold a settled pending day: _raise_max(day_max, day_max_t, day_pend_t, hl_burst, day_pend) */
    i64 dp, dpt;
    if (get_i(p, P_day_pend, &dp) < 0 || get_i(p, P_day_pend_t, &dpt) < 0)
        return -1;
    if (dpt && now - dpt > DAY_SETTLE_MIN) {
        i64 dm, dmt;
        if (get_i(p, P_day_max, &dm) < 0 || get_i(p, P_day_max_t, &dmt) < 0)
            return -1;
        double cur = decayed(dm, dmt, dpt, q->hl_burst);
        if ((double)dp >= cur) {
            if (set_i(p, P_day_max, dp) < 0 || set_i(p, P_day_max_t, dpt) < 0)
                return -1;
        } else if (set_i(p, P_day_max, (i64)(cur + 0.5)) < 0 || set_i(p, P_day_max_t, dpt > dmt ? dpt : dmt) < 0) {
            return -1;
        }
        dp = dpt = 0;
    }
    /* this payment's 24 h total raises the pending day */
    if (day > dp || !dpt) {
        if (set_i(p, P_day_pend, day > dp ? day : dp) < 0 || set_i(p, P_day_pend_t, now) < 0)
            return -1;
    }
    /* _burst_add(p, c1h, c1d, now, hl_burst, settle_min) */
    i64 bh, bd, bt, ph, pd, pt;
    if (get_i(p, P_burst_h, &bh) < 0 || get_i(p, P_burst_d, &bd) < 0 || get_i(p, P_burst_t, &bt) < 0 ||
        get_i(p, P_pend_h, &ph) < 0 || get_i(p, P_pend_d, &pd) < 0 || get_i(p, P_pend_t, &pt) < 0)
        return -1;
    if (pt && now - pt >= q->settle_min) {
        i64 t = pt;
        i64 h = (i64)(decayed(bh, bt, t, q->hl_burst) + 0.5);
        i64 d = (i64)(decayed(bd, bt, t, q->hl_burst) + 0.5);
        bh = ph > h ? ph : h;   /* max(p.pend_h, h): the first of equals, the same int */
        bd = pd > d ? pd : d;
        bt = t > bt ? t : bt;
        ph = pd = pt = 0;
        if (set_i(p, P_burst_h, bh) < 0 || set_i(p, P_burst_d, bd) < 0 || set_i(p, P_burst_t, bt) < 0 ||
            set_i(p, P_pend_h, 0) < 0 || set_i(p, P_pend_d, 0) < 0 || set_i(p, P_pend_t, 0) < 0)
            return -1;
    }
    i64 h = c1h * UNIT, d = c1d * UNIT;
    if (h > ph || d > pd || !pt) {
        if (set_i(p, P_pend_h, h > ph ? h : ph) < 0 || set_i(p, P_pend_d, d > pd ? d : pd) < 0 ||
            set_i(p, P_pend_t, now) < 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ spending windows */

static int windows_add(const Params *q, PyObject *p, i64 now, i64 cents) {
    PyObject *wv = list_slot(p, P_win, "win is not a list");
    if (wv == NULL)
        return -1;
    Py_ssize_t nw = 2 * q->n_win;
    if (PyList_GET_SIZE(wv) != nw) {
        wv = PyList_New(nw);
        if (wv == NULL)
            return -1;
        for (Py_ssize_t j = 0; j < nw; j++)
            PyList_SET_ITEM(wv, j, PyLong_FromLong(0));
        if (put_obj(p, P_win, wv) < 0)
            return -1;
    }
    i64 t;
    if (get_i(p, P_win_t, &t) < 0)
        return -1;
    if (now < t) {
        /* a payment older than the windows' time: the Python helper (rare) */
        PyObject *hls = PyTuple_New(q->n_win);
        if (hls == NULL)
            return -1;
        for (Py_ssize_t i = 0; i < q->n_win; i++)
            PyTuple_SET_ITEM(hls, i, PyFloat_FromDouble(q->win_hls[i]));
        PyObject *res = PyObject_CallFunction(H_windows_add, "OLLOi", p, now, cents, hls, 1);
        Py_DECREF(hls);
        if (res == NULL)
            return -1;
        Py_DECREF(res);
        return 0;
    }
    for (Py_ssize_t i = 0; i < q->n_win; i++) {
        Py_ssize_t j = 2 * i;
        i64 c = PyLong_AsLongLong(PyList_GET_ITEM(wv, j));
        i64 a = PyLong_AsLongLong(PyList_GET_ITEM(wv, j + 1));
        if (PyErr_Occurred())
            return -1;
        i64 u1, u2;
        if (now > t) {
            double f = POW(2.0, (double)(t - now) / q->win_hls[i]);
            u1 = (i64)((double)c * f + 0.5) + WIN_UNIT;
            u2 = (i64)((double)a * f + 0.5) + cents;
        } else {
            u1 = c + WIN_UNIT;
            if (__builtin_add_overflow(a, cents, &u2)) {
                PyErr_SetString(PyExc_OverflowError, "window amount out of int64 range");
                return -1;
            }
        }
        PyObject *o1 = PyLong_FromLongLong(u1 > 0 ? u1 : 0);
        PyObject *o2 = PyLong_FromLongLong(u2 > 0 ? u2 : 0);
        if (o1 == NULL || o2 == NULL) {
            Py_XDECREF(o1);
            Py_XDECREF(o2);
            return -1;
        }
        PyList_SetItem(wv, j, o1);
        PyList_SetItem(wv, j + 1, o2);
    }
    if (now > t && set_i(p, P_win_t, now) < 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------ the payment's numbers */

/* What learn and profile_features read of an `Attributes` in common. */
typedef struct {
    double ts, amount, lat, lon;
    i64 how;
    int has_geo;   /* lat and lon both sent */
} PayNums;

static PyObject *get_attr_float(PyObject *attrs, PyObject *name, double *out) {
    PyObject *o = PyObject_GetAttr(attrs, name);
    if (o == NULL)
        return NULL;
    *out = PyFloat_AsDouble(o);
    Py_DECREF(o);
    return PyErr_Occurred() ? NULL : Py_None;
}

/* 0, or -1 with an exception. */
static int read_pay_nums(PyObject *attrs, PayNums *r) {
    r->lat = r->lon = 0.0;
    r->has_geo = 0;
    if (get_attr_float(attrs, S_ts, &r->ts) == NULL || get_attr_float(attrs, S_amount, &r->amount) == NULL)
        return -1;
    PyObject *o = PyObject_GetAttr(attrs, S_how);
    if (o == NULL)
        return -1;
    r->how = PyLong_AsLongLong(o);
    Py_DECREF(o);
    if (PyErr_Occurred())
        return -1;
    PyObject *olat = PyObject_GetAttr(attrs, S_lat);
    if (olat == NULL)
        return -1;
    PyObject *olon = PyObject_GetAttr(attrs, S_lon);
    if (olon == NULL) {
        Py_DECREF(olat);
        return -1;
    }
    if (olat != Py_None && olon != Py_None) {
        r->has_geo = 1;
        r->lat = PyFloat_AsDouble(olat);
        r->lon = PyFloat_AsDouble(olon);
    }
    Py_DECREF(olat);
    Py_DECREF(olon);
    return PyErr_Occurred() ? -1 : 0;
}

/* ------------------------------------------------------------ learn */

static PyObject *learn(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "features._hotpath.setup() was not called");
        return NULL;
    }
    if (nargs < 2 || nargs > 3) {
        PyErr_SetString(PyExc_TypeError, "learn(profile, attrs, cfg=DEFAULT_CONFIG)");
        return NULL;
    }
    PyObject *p = args[0], *attrs = args[1], *cfg = nargs == 3 ? args[2] : H_default_cfg;
    if (check_type(p, T_Profile) < 0 || load_params(cfg) < 0)
        return NULL;
    /* this call's copy: the Python called back below (attr_keys, the rare paths)
       may let another thread set up the cache for another config */
    const Params qv = params;
    const Params *q = &qv;
    PyObject *keys = NULL;
    PayNums pn;
    if (read_pay_nums(attrs, &pn) < 0)
        return NULL;
    const double ts = pn.ts, amount = pn.amount, lat = pn.lat, lon = pn.lon;
    const i64 how = pn.how;
    const int has_geo = pn.has_geo;

    /* Out of the exact range (checked before anything changes): Python does it. */
    int fallback = !(isfinite(ts) && fabs(ts) < 1e12 && isfinite(amount) && fabs(amount) <= 1e13);
    i64 now = 0, hist_tot = 0, hist_t = 0;
    double hist_log2 = 0.0, lw = 0.0, inc = 0.0;
    if (!fallback) {
        now = (i64)py_floordiv(ts, 60.0);
        if (get_i(p, P_hist_tot, &hist_tot) < 0 || get_i(p, P_hist_t, &hist_t) < 0)
            return NULL;
        PyObject *hl2 = SLOT(p, P_hist_log2);
        if (hl2 == NULL || !PyFloat_Check(hl2)) {
            /* an int stored here would still be exact in Python: let Python have it */
            fallback = 1;
        } else {
            hist_log2 = PyFloat_AS_DOUBLE(hl2);
            if (hist_tot == 0) {
                hist_log2 = 0.0;
                hist_t = now;
            }
            i64 dt = now - hist_t;
            lw = hist_log2 - (double)(dt > 0 ? dt : 0) / q->hl_time;
            inc = POW(2.0, -lw);
            if (!(inc < 4e15))
                fallback = 1;
        }
    }
    if (fallback)
        return PyObject_CallFunctionObjArgs(H_learn_py, p, attrs, cfg, NULL);

    keys = PyObject_CallOneArg(H_attr_keys, attrs);
    if (keys == NULL)
        return NULL;
    if (!PyTuple_Check(keys) || PyTuple_GET_SIZE(keys) != N_TABLES + 1) {
        PyErr_SetString(PyExc_TypeError, "attr_keys must return 11 keys");
        goto error;
    }

    i64 n, first, last, version;
    TRY(get_i(p, P_n, &n));
    TRY(get_i(p, P_first, &first));
    TRY(get_i(p, P_last, &last));
    TRY(get_i(p, P_version, &version));
    if (n == 0 || now < first)
        TRY(set_i(p, P_first, now));
    if (now > last)
        TRY(set_i(p, P_last, now));
    n += 1;
    TRY(set_i(p, P_n, n));
    TRY(set_i(p, P_version, version + 1));

    /* tables, all but the payee's */
    i64 last_t = -1;
    double last_hl = 0.0, last_f = 1.0;
    for (int i = 0; i < N_TABLES; i++) {
        PyObject *kobj = PyTuple_GET_ITEM(keys, i);
        if (kobj == Py_None)
            continue;
        i64 k = PyLong_AsLongLong(kobj);
        if (k == -1 && PyErr_Occurred())
            goto error;
        PyObject *tab = SLOT(p, P_tab[i]);
        if (tab == NULL) {
            PyErr_SetString(PyExc_TypeError, "profile table missing");
            goto error;
        }
        TRY(bump(tab, kobj, k, now, q->hls[i], q->caps[i], 0, 0, 0.0, 0, NULL, &last_t, &last_hl, &last_f, NULL,
                 NULL));
    }

    /* the payee table */
    PyObject *kobj = PyTuple_GET_ITEM(keys, N_TABLES);
    if (kobj != Py_None) {
        i64 k = PyLong_AsLongLong(kobj);
        if (k == -1 && PyErr_Occurred())
            goto error;
        i64 amt_mu, amt_w;
        TRY(get_i(p, P_amt_mu, &amt_mu));
        TRY(get_i(p, P_amt_w, &amt_w));
        double typical = amt_w ? exp((double)amt_mu / 1000.0) : 0.0;
        i64 units = amount > 0.0 ? (i64)(amount + 0.5) : 0;
        PyObject *tab = SLOT(p, P_payee), *mem = SLOT(p, P_payee_mem);
        if (tab == NULL || mem == NULL) {
            PyErr_SetString(PyExc_TypeError, "profile payee table missing");
            goto error;
        }
        i64 gone = 0, lt = -1;
        int evicted = 0;
        double lh = 0.0, lf = 1.0;
        TRY(bump(tab, kobj, k, now, q->hls[N_TABLES], q->caps[N_TABLES], 1, units, typical, q->settle_min, mem, &lt,
                 &lh, &lf, &gone, &evicted));
        if (evicted)
            TRY(put_obj(p, P_payee_mem, payee_memory_add(SLOT(p, P_payee_mem), gone)));
    }

    if (has_geo)
        TRY(learn_place(q, p, lat, lon, now, ts));

    /* hour of week: the increment was computed above, before any change */
    if (hist_tot == 0) {
        TRY(put_obj(p, P_hist_log2, PyFloat_FromDouble(0.0)));
        TRY(set_i(p, P_hist_t, now));
    }
    TRY(hist_add(p, how, now, lw, inc));

    /* amount */
    {
        double x = log(0.01 > amount ? 0.01 : amount);
        i64 at, amt_w, amt_mu, amt_var;
        TRY(get_i(p, P_amt_t, &at));
        TRY(get_i(p, P_amt_w, &amt_w));
        TRY(get_i(p, P_amt_mu, &amt_mu));
        TRY(get_i(p, P_amt_var, &amt_var));
        double w = (now <= at ? (double)amt_w : (double)amt_w * POW(2.0, (double)(-(now - at)) / q->hl_amount)) /
                       UNIT + 1.0;
        double mu = (double)amt_mu / 1000.0;
        double var = (double)amt_var / 1000.0;
        if (amt_w == 0) {
            mu = x;
            var = 0.0;
        } else {
            double d = x - mu;
            if (n >= 5) {
                if (var < 0.0) {
                    PyErr_SetString(PyExc_ValueError, "math domain error");
                    goto error;
                }
                double sd = sqrt(var);
                double lim = 3.0 * (0.25 > sd ? 0.25 : sd);
                d = d < lim ? d : lim;
                double neg = -lim;
                d = d > neg ? d : neg;
            }
            mu += d / w;
            var = (1.0 - 1.0 / w) * (var + d * d / w);
        }
        TRY(set_i(p, P_amt_mu, (i64)py_round(mu * 1000)));
        TRY(set_i(p, P_amt_var, (i64)py_round(var * 1000)));
        TRY(set_i(p, P_amt_w, (i64)(w * UNIT + 0.5)));
        if (now > at)
            TRY(set_i(p, P_amt_t, now));
        i64 cents = (i64)py_round(amount * 100);
        i64 am, mt;
        TRY(get_i(p, P_amt_max, &am));
        TRY(get_i(p, P_amt_max_t, &mt));
        double cur_max = now <= mt ? (double)am : (double)am * POW(2.0, (double)(-(now - mt)) / q->hl_max_amount);
        if ((double)cents >= cur_max) {
            TRY(set_i(p, P_amt_max, cents));
            TRY(set_i(p, P_amt_max_t, now));
        } else {
            TRY(set_i(p, P_amt_max, (i64)(cur_max + 0.5)));
            if (now > mt)
                TRY(set_i(p, P_amt_max_t, now));
        }
        i64 ts_s = (i64)ts;
        TRY(recent_add(p, ts_s, cents, q->k_recent));
        TRY(day_and_bursts(q, p, ts_s, now));
        TRY(windows_add(q, p, now, cents));
    }
    Py_DECREF(keys);
    Py_RETURN_NONE;
error:
    Py_XDECREF(keys);
    return NULL;
}

/* ------------------------------------------------------------ profile_features (extract) */

/*
 * features.extract.extract, the part that reads the profile: history and
 * missing-attribute indicators, amount, spending windows, velocity and the
 * customer's rate and bursts, the network, device and place walks
 * (familiarity.chain_llr), distance and travel, the hour of week, the payee
 * table (familiarity.level_llr) and `_extras`. What needs the population or
 * the entities stays in Python: the caller looks up the population's
 * probabilities and rates and the payee entity's memory first and passes
 * them in, and reads the device, IP, network and payee entities after. The
 * feature positions come from FEATURE_NAMES (setup), not from constants here.
 */

#define N_LLR 10
#define MAX_FEATURES 160
#define NO_LEVEL (-1)
#define DAY_MIN 1440
#define WEEK_MIN (7 * 1440)

enum { L_DEVICE, L_NETWORK, L_PLACE, L_TRAVEL, L_TIME, L_AMOUNT, L_PAYEE, L_VELOCITY, L_SHARED, L_RISKY_PAYEE };

static Py_ssize_t n_features = 0;
static int I_WIN_COUNT, I_WIN_MEAN, I_WIN_RATIO, I_C10_HABIT, I_C1H_HABIT, I_C1D_HABIT, I_NET_NEW[5], I_DEV_NEW[3],
    I_PLACE_NEW[2], I_NET_AGE, I_IPV6, I_HOSTING, I_HOSTING_UNKNOWN, I_IPCC_MISMATCH, I_DEV_AGE, I_DIST, I_SPEED,
    I_TRAVEL, I_HOUR_POP, I_HOUR_SHARE, I_PAYEE_NEW, I_PAYEE_COUNT, I_PAYEE_AGE, I_PAYEE_RECALLED, I_OTHER_DEV,
    I_PAYEES_1D, I_PAYEES_7D, I_DEVS_NEW_7D, I_DEVS_ACT_7D, I_DEV_CLONE, I_WIN_SUM, I_LLR0;
static PyObject *S_ip_h, *S_device_h, *S_ua_family, *S_ua_os, *S_ua_model, *S_country, *S_city, *S_payee_h,
    *S_channel, *S_ip_version, *S_hosting, *S_ip_country;
static PyObject *NAME_NET[5], *NAME_DEV[3], *NAME_PLACE[2], *NAME_CENTRE, *NAME_PAYEE;

typedef struct {
    i64 cold_n, settle_min;
    double alpha, lo, hi, c_net, c_ip, c_device, hl_amount, hl_max_amount, hl_win[3], tau_days, hl_burst, burst_min,
        burst_multiple, hl_time, hl_network, hl_device, hl_place, hl_payee, radius, log_span, travel_min_km,
        travel_kmh, t_c, rad, two_r, log2_;
} XParams;

static PyObject *xparams_key = NULL;   /* the tuple the cached params were parsed from (strong ref) */
static XParams xp;

static int load_xparams(PyObject *t) {
    if (t == xparams_key)
        return 0;
    XParams q;
    if (!PyArg_ParseTuple(t, "LLdddddddddddddddddddddddddddd", &q.cold_n, &q.settle_min, &q.alpha, &q.lo, &q.hi,
                          &q.c_net, &q.c_ip, &q.c_device, &q.hl_amount, &q.hl_max_amount, &q.hl_win[0], &q.hl_win[1],
                          &q.hl_win[2], &q.tau_days, &q.hl_burst, &q.burst_min, &q.burst_multiple, &q.hl_time,
                          &q.hl_network, &q.hl_device, &q.hl_place, &q.hl_payee, &q.radius, &q.log_span,
                          &q.travel_min_km, &q.travel_kmh, &q.t_c, &q.rad, &q.two_r, &q.log2_))
        return -1;
    xp = q;
    Py_INCREF(t);
    Py_XSETREF(xparams_key, t);
    return 0;
}

/* One level of familiarity.chain_llr / level_llr: p(new value | customer)
   under a parent of decayed weight parent_w, and the log-LR of a known value
   of decayed weight w with the attacker's conditional c. */
static inline double p_new_of(double r, double alpha, double parent_w) {
    return r + (1.0 - r) * alpha / (parent_w + alpha);
}

static inline double known_llr(double c, double p_new, double parent_w, double w) {
    double share = parent_w > w ? w / parent_w : 1.0;
    return log(c / ((1.0 - p_new) * share + p_new * c));
}

/* features.familiarity.chain_llr over up to 5 levels; tables[i] NULL when the key is None. */
static int chain_llr(PyObject **tables, PyObject **keys, const double *cond, const double *rates, int n_levels,
                     i64 now, double hl, double alpha, double *llr_out, int *novel_out, i64 *first_out) {
    double llr = 0.0, parent_w = -1.0;
    i64 first = -1;
    for (int i = 0; i < n_levels; i++) {
        if (keys[i] == Py_None)
            continue;
        PyObject *tab = tables[i];
        i64 k, tw, tt;
        if (check_type(tab, T_Table) < 0 || get_i(tab, TB_w, &tw) < 0 || get_i(tab, TB_t, &tt) < 0)
            return -1;
        k = PyLong_AsLongLong(keys[i]);
        if (k == -1 && PyErr_Occurred())
            return -1;
        if (parent_w < 0.0) {
            parent_w = decayed(tw, tt, now, hl) / UNIT;
        }
        double p_new = p_new_of(rates[i], alpha, parent_w);
        PyObject *entries = list_slot(tab, TB_e, "table entries are not a list");
        if (entries == NULL)
            return -1;
        PyObject *found = NULL;
        Py_ssize_t ne = PyList_GET_SIZE(entries);
        for (Py_ssize_t j = 0; j < ne; j++) {
            PyObject *e = PyList_GET_ITEM(entries, j);
            i64 ek;
            if (check_type(e, T_Entry) < 0 || get_i(e, E_k, &ek) < 0)
                return -1;
            if (ek == k) {
                found = e;
                break;
            }
        }
        if (found == NULL) {
            *llr_out = llr - log(p_new);
            *novel_out = i;
            *first_out = first;
            return 0;
        }
        i64 et, ew, ef;
        if (get_i(found, E_t, &et) < 0 || get_i(found, E_w, &ew) < 0 || get_i(found, E_f, &ef) < 0)
            return -1;
        double w = decayed(ew, et, now, hl) / UNIT;
        llr += known_llr(cond[i], p_new, parent_w, w);
        parent_w = w;
        first = ef;
    }
    *llr_out = llr;
    *novel_out = NO_LEVEL;
    *first_out = first;
    return 0;
}

/* The attacker's chance of a finer level's value given its parent's: the
   population's probability over the parent's, at most 1; `dflt` unknown. */
static inline double child_cond(double pa, double parent, double dflt) {
    if (!(pa > 0.0))
        return dflt;
    double c = pa / parent;
    return c < 1.0 ? c : 1.0;
}

/* log1p of a relationship's age in days (a first-seen minute later than now counts 0). */
static inline double log1p_age_days(i64 now, i64 first) {
    i64 age = now - first;
    return log1p((double)(age > 0 ? age : 0) / 1440.0);
}

/* features.extract._mark_levels */
static int mark_levels(double *v, PyObject *novelty, PyObject **keys, int n_levels, int novel, int cold,
                       const int *new_idx, PyObject **names) {
    if (novel == NO_LEVEL) {
        if (!cold) {
            for (int i = 0; i < n_levels; i++)
                if (keys[i] != Py_None && PyDict_SetItem(novelty, names[i], Py_False) < 0)
                    return -1;
        }
        return 0;
    }
    for (int i = novel; i < n_levels; i++)
        if (keys[i] != Py_None)
            v[new_idx[i]] = 1.0;
    if (!cold) {
        for (int i = 0; i <= novel; i++)
            if (keys[i] != Py_None && PyDict_SetItem(novelty, names[i], i == novel ? Py_True : Py_False) < 0)
                return -1;
    }
    return 0;
}

/* chain_llr, then _mark_levels with its result: what extract does for each chain. */
static int walk(PyObject **tables, PyObject **keys, const double *cond, const double *rates, int n_levels, i64 now,
                double hl, double alpha, double *v, PyObject *novelty, int cold, const int *new_idx, PyObject **names,
                double *llr_out, int *novel_out, i64 *first_out) {
    if (chain_llr(tables, keys, cond, rates, n_levels, now, hl, alpha, llr_out, novel_out, first_out) < 0)
        return -1;
    return mark_levels(v, novelty, keys, n_levels, *novel_out, cold, new_idx, names);
}

static inline double poisson_glr(i64 k, double mu) {
    if ((double)k <= mu || k <= 1)
        return 0.0;
    return (double)k * log((double)k / mu) - (double)k + mu;
}

static inline double clamp_hi(double l, double hi) { return l < hi ? l : hi; }
static inline double clamp(double l, double lo, double hi) {
    l = l > lo ? l : lo;
    return l < hi ? l : hi;
}

/* Truthiness of an attribute: -1 on error. */
static int attr_true(PyObject *attrs, PyObject *name, PyObject **keep) {
    PyObject *o = PyObject_GetAttr(attrs, name);
    if (o == NULL)
        return -1;
    int r = o == Py_None ? 0 : PyObject_IsTrue(o);
    if (keep != NULL)
        *keep = o;   /* borrowed by the caller until it decrefs */
    else
        Py_DECREF(o);
    return r;
}

static PyObject *get_table(PyObject *p, const char *name) {
    for (int i = 0; i < N_TABLES; i++)
        if (strcmp(TABLE_NAMES[i], name) == 0)
            return SLOT(p, P_tab[i]);
    return NULL;
}

/* features.profile.find(tab, k) is None */
static int not_found(PyObject *tab, PyObject *kobj) {
    i64 k = PyLong_AsLongLong(kobj);
    if (k == -1 && PyErr_Occurred())
        return -1;
    PyObject *entries = SLOT(tab, TB_e);
    Py_ssize_t ne = PyList_GET_SIZE(entries);
    for (Py_ssize_t j = 0; j < ne; j++) {
        i64 ek;
        if (get_i(PyList_GET_ITEM(entries, j), E_k, &ek) < 0)
            return -1;
        if (ek == k)
            return 0;
    }
    return 1;
}

static inline PyObject *opt_bool(int b) {
    /* -1: None; 0/1: bool (new references) */
    if (b < 0)
        Py_RETURN_NONE;
    if (b)
        Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

/*
 * profile_features(p, attrs, ak, xparams, novelty, rates, mu0, sd0, pa_amt, pa_cc, pa_asn, pa_os, pa_fam,
 *                  pa_c, pa_city, pa_h, c_pay, paid)
 *   -> (v, llr, new_network, new_device, new_country, new_city, new_payee, dist, spd, travel,
 *       c1h, c1d, s1d, day_amount, typical, ratio, cur_max, day_largest, payee_largest, hour_share,
 *       hour_day_share)
 * pa_*: the population's attacker probability, -1.0 when the attribute is
 * missing (as extract computes them); paid: population.paid_before or None.
 */
static PyObject *profile_features(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "features._hotpath.setup() was not called");
        return NULL;
    }
    if (nargs != 18) {
        PyErr_SetString(PyExc_TypeError, "profile_features takes 18 arguments");
        return NULL;
    }
    PyObject *p = args[0], *attrs = args[1], *ak = args[2], *novelty = args[4], *rates_t = args[5], *paid = args[17];
    if (check_type(p, T_Profile) < 0 || load_xparams(args[3]) < 0)
        return NULL;
    if (!PyTuple_Check(ak) || PyTuple_GET_SIZE(ak) != N_TABLES + 1 || !PyDict_Check(novelty) ||
        !PyTuple_Check(rates_t) || PyTuple_GET_SIZE(rates_t) != 12) {
        PyErr_SetString(PyExc_TypeError, "profile_features: bad keys, novelty or rates");
        return NULL;
    }
    const XParams qv = xp;   /* this call's copy, as in learn */
    const XParams *q = &qv;
    double rates[12];
    for (int i = 0; i < 12; i++)
        rates[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(rates_t, i));
    double mu0 = PyFloat_AsDouble(args[6]), sd0 = PyFloat_AsDouble(args[7]), pa = PyFloat_AsDouble(args[8]),
           pa_cc = PyFloat_AsDouble(args[9]), pa_asn = PyFloat_AsDouble(args[10]), pa_os = PyFloat_AsDouble(args[11]),
           pa_fam = PyFloat_AsDouble(args[12]), pa_c = PyFloat_AsDouble(args[13]),
           pa_city = PyFloat_AsDouble(args[14]), pa_h = PyFloat_AsDouble(args[15]), c_pay = PyFloat_AsDouble(args[16]);
    if (PyErr_Occurred())
        return NULL;
    const double r_ipcc = rates[0], r_asn = rates[1], r_net_b = rates[2], r_net_a = rates[3], r_ip = rates[4],
                 r_os = rates[5], r_fam = rates[6], r_dev = rates[7], r_country = rates[8], r_city = rates[9],
                 r_centre = rates[10], r_payee = rates[11];
    double v[MAX_FEATURES];
    double llr[N_LLR];
    memset(v, 0, sizeof v);
    memset(llr, 0, sizeof llr);
    PyObject *o, *ip_country = NULL, *country = NULL, *ua_family_o = NULL, *ua_model_o = NULL;
    PyObject *result = NULL;

    /* attrs */
    PayNums pn;
    if (read_pay_nums(attrs, &pn) < 0)
        return NULL;
    const double ts = pn.ts, amount = pn.amount, lat = pn.lat, lon = pn.lon;
    const i64 how = pn.how;
    const int has_geo = pn.has_geo;
    i64 ip_version;
    if ((o = PyObject_GetAttr(attrs, S_ip_version)) == NULL)
        return NULL;
    ip_version = PyLong_AsLongLong(o);
    Py_DECREF(o);
    if (PyErr_Occurred())
        return NULL;
    int t_ip = attr_true(attrs, S_ip_h, NULL), t_dev = attr_true(attrs, S_device_h, NULL),
        t_fam = attr_true(attrs, S_ua_family, &ua_family_o), t_os = attr_true(attrs, S_ua_os, NULL),
        t_model = attr_true(attrs, S_ua_model, &ua_model_o), t_country = attr_true(attrs, S_country, &country),
        t_city = attr_true(attrs, S_city, NULL), t_payee = attr_true(attrs, S_payee_h, NULL),
        t_channel = attr_true(attrs, S_channel, NULL), t_ipcc = attr_true(attrs, S_ip_country, &ip_country);
    int hosting = -2;
    if ((o = PyObject_GetAttr(attrs, S_hosting)) != NULL) {
        hosting = o == Py_None ? -1 : PyObject_IsTrue(o);
        Py_DECREF(o);
    }
    if (t_ip < 0 || t_dev < 0 || t_fam < 0 || t_os < 0 || t_model < 0 || t_country < 0 || t_city < 0 ||
        t_payee < 0 || t_channel < 0 || t_ipcc < 0 || hosting == -2 || (hosting < -1))
        goto done;

    i64 now = (i64)py_floordiv(ts, 60.0);
    i64 n, pfirst;
    if (get_i(p, P_n, &n) < 0 || get_i(p, P_first, &pfirst) < 0)
        goto done;
    int cold = n < q->cold_n;
    double alpha = q->alpha, lo = q->lo, hi = q->hi;

    v[0] = log1p((double)n);
    v[1] = cold ? 1.0 : 0.0;
    if (n) {
        double days = (double)(now - pfirst) / 1440.0;
        v[2] = log1p(days > 0.0 ? days : 0.0);
    }
    v[3] = t_ip ? 0.0 : 1.0;
    v[4] = t_dev ? 0.0 : 1.0;
    v[5] = (t_fam || t_os) ? 0.0 : 1.0;
    v[6] = has_geo ? 0.0 : 1.0;
    v[7] = t_country ? 0.0 : 1.0;
    v[8] = t_city ? 0.0 : 1.0;
    v[9] = t_payee ? 0.0 : 1.0;
    v[10] = t_channel ? 0.0 : 1.0;

    /* ---------------------------------------------------------- amount */
    double amount01 = 0.01 > amount ? 0.01 : amount;
    double x = log(amount01);
    double w_a = 0.0, typical = 0.0;
    i64 amt_w, amt_t, amt_mu, amt_var, amt_max, amt_max_t, day_max, day_max_t, day_pend, day_pend_t;
    if (get_i(p, P_amt_w, &amt_w) < 0 || get_i(p, P_amt_t, &amt_t) < 0 || get_i(p, P_amt_mu, &amt_mu) < 0 ||
        get_i(p, P_amt_var, &amt_var) < 0 || get_i(p, P_amt_max, &amt_max) < 0 ||
        get_i(p, P_amt_max_t, &amt_max_t) < 0 || get_i(p, P_day_max, &day_max) < 0 ||
        get_i(p, P_day_max_t, &day_max_t) < 0 || get_i(p, P_day_pend, &day_pend) < 0 ||
        get_i(p, P_day_pend_t, &day_pend_t) < 0)
        goto done;
    if (amt_w) {
        w_a = decayed(amt_w, amt_t, now, q->hl_amount) / UNIT;
        typical = exp((double)amt_mu / 1000.0);
    }
    double var_u = (double)amt_var / 1000.0;
    double kappa = 2.0;
    double mu = (w_a * ((double)amt_mu / 1000.0) + kappa * mu0) / (w_a + kappa);
    double sd = sqrt((w_a * var_u + kappa * sd0 * sd0) / (w_a + kappa) + 0.02);
    double z = (x - mu) / sd;
    double log_dens_u = q->t_c - log(sd) - 5.5 * log1p(z * z / 10.0);
    double pop_dens;
    if (pa > 0.0) {
        pop_dens = pa * 2.0;
    } else {
        double scale = 1.5 * sd0;
        double z0 = (x - mu0) / scale;
        pop_dens = exp(q->t_c - log(scale) - 5.5 * log1p(z0 * z0 / 10.0));
    }
    double log_dens_a = log(0.7 * pop_dens + 0.3 / 13.8);
    double l_amt = log_dens_a - log_dens_u;
    if (z <= 0.0 && l_amt > 0.0)
        l_amt = 0.0;
    llr[L_AMOUNT] = clamp(l_amt, lo, hi);
    double ratio = typical > 0.0 ? amount / typical : 1.0;
    double cur_max = 0.0, day_largest = 0.0;
    if (amt_max) {
        cur_max = decayed(amt_max, amt_max_t, now, q->hl_max_amount) / 100.0;
    }
    if (day_max || day_pend_t) {
        /* features.profile.settled_day */
        double day = 0.0;
        if (day_max)
            day = decayed(day_max, day_max_t, now, q->hl_burst);
        if (day_pend_t && now - day_pend_t > DAY_SETTLE_MIN) {
            double pend = decayed(day_pend, day_pend_t, now, q->hl_burst);
            if (pend > day)
                day = pend;
        }
        day_largest = day / 100.0;
    }
    v[11] = x;
    v[12] = ratio > 0.0 ? log(ratio) : 0.0;
    if (w_a > 0.0) {
        double zc = z < 10.0 ? z : 10.0;
        v[13] = zc > -10.0 ? zc : -10.0;
    }
    if (cur_max > 0.0)
        v[14] = log(amount01 / cur_max);
    v[15] = log1p(typical);
    {
        PyObject *win = list_slot(p, P_win, "win is not a list");
        if (win == NULL)
            goto done;
        if (PyList_GET_SIZE(win)) {
            if (PyList_GET_SIZE(win) < 6) {
                PyErr_SetString(PyExc_IndexError, "list index out of range");
                goto done;
            }
            i64 win_t;
            if (get_i(p, P_win_t, &win_t) < 0)
                goto done;
            for (int i = 0; i < 3; i++) {
                i64 cw = PyLong_AsLongLong(PyList_GET_ITEM(win, 2 * i));
                i64 ca = PyLong_AsLongLong(PyList_GET_ITEM(win, 2 * i + 1));
                if (PyErr_Occurred())
                    goto done;
                if (cw) {
                    v[I_WIN_COUNT + i] = log1p(decayed(cw, win_t, now, q->hl_win[i]) / WIN_UNIT);
                    double m = (double)ca / (double)cw * (WIN_UNIT / 100.0);
                    if (m > 0.0) {
                        v[I_WIN_MEAN + i] = log1p(m);
                        v[I_WIN_RATIO + i] = x - log(m);
                    }
                }
            }
        }
    }

    /* ---------------------------------------------------------- velocity */
    i64 c10 = 1, c1h = 1, c1d = 1;
    double s1h = amount, s1d = amount, day_amount = 0.0;
    {
        PyObject *rec = list_slot(p, P_recent, "recent is not a list");
        if (rec == NULL)
            goto done;
        Py_ssize_t nr = PyList_GET_SIZE(rec);
        for (Py_ssize_t i = 0; i < nr; i++) {
            PyObject *r = PyList_GET_ITEM(rec, i);
            if (!PyList_Check(r) || PyList_GET_SIZE(r) != 3) {
                PyErr_SetString(PyExc_ValueError, "recent entry is not [ts, cents, count]");
                goto done;
            }
            i64 t_r = PyLong_AsLongLong(PyList_GET_ITEM(r, 0));
            i64 cents_r = PyLong_AsLongLong(PyList_GET_ITEM(r, 1));
            i64 cnt_r = PyLong_AsLongLong(PyList_GET_ITEM(r, 2));
            if (PyErr_Occurred())
                goto done;
            double age = ts - (double)t_r;
            if (age < 0 || age >= 86400)
                continue;
            c1d += cnt_r;
            double amt_r = (double)cents_r / 100.0;
            day_amount += amt_r;
            if (age < 3600) {
                c1h += cnt_r;
                s1h += amt_r;
                if (age < 600)
                    c10 += cnt_r;
            }
        }
    }
    s1d += day_amount;
    v[16] = (double)c10;
    v[17] = (double)c1h;
    v[18] = (double)c1d;
    v[19] = log1p(s1h);
    v[20] = log1p(s1d);
    double hist_w = 0.0;
    i64 hist_tot, hist_t;
    double hist_log2;
    if (get_i(p, P_hist_tot, &hist_tot) < 0 || get_i(p, P_hist_t, &hist_t) < 0)
        goto done;
    {
        PyObject *hl2 = SLOT(p, P_hist_log2);
        if (hl2 == NULL || !PyFloat_Check(hl2)) {
            PyErr_SetString(PyExc_TypeError, "hist_log2 is not a float");
            goto done;
        }
        hist_log2 = PyFloat_AS_DOUBLE(hl2);
    }
    if (hist_tot) {
        i64 dh = now - hist_t;
        hist_w = (double)hist_tot * POW(2.0, hist_log2 - (double)(dh > 0 ? dh : 0) / q->hl_time);
    }
    double span_days = 1.0;
    if (n) {
        double span = (double)(now - pfirst) / 1440.0;
        span = span < q->tau_days ? span : q->tau_days;
        span_days = span > 1.0 ? span : 1.0;
    }
    double rate_day;
    if (n >= q->cold_n) {
        rate_day = hist_w / span_days;
        rate_day = 0.5 > rate_day ? 0.5 : rate_day;
    } else {
        rate_day = 2.0;
    }
    double typical_day = rate_day * (typical > 0.0 ? typical : exp(mu0));
    v[21] = typical_day > 0.0 ? log1p(s1d / typical_day) : 0.0;
    double bh = 0.0, bd = 0.0;
    {
        i64 burst_h, burst_d, burst_t, pend_h, pend_d, pend_t;
        if (get_i(p, P_burst_h, &burst_h) < 0 || get_i(p, P_burst_d, &burst_d) < 0 ||
            get_i(p, P_burst_t, &burst_t) < 0 || get_i(p, P_pend_h, &pend_h) < 0 || get_i(p, P_pend_d, &pend_d) < 0 ||
            get_i(p, P_pend_t, &pend_t) < 0)
            goto done;
        if (n >= q->cold_n && (burst_t || pend_t)) {
            /* features.profile.settled_bursts */
            if (burst_t) {
                bh = decayed(burst_h, burst_t, now, q->hl_burst) / UNIT;
                bd = decayed(burst_d, burst_t, now, q->hl_burst) / UNIT;
            }
            if (pend_t && now - pend_t >= q->settle_min) {
                double ph = decayed(pend_h, pend_t, now, q->hl_burst) / UNIT;
                double pd = decayed(pend_d, pend_t, now, q->hl_burst) / UNIT;
                bh = ph > bh ? ph : bh;
                bd = pd > bd ? pd : bd;
            }
            double m = q->burst_min;
            bh = bh >= m ? bh * q->burst_multiple : 0.0;
            bd = bd >= m ? bd * q->burst_multiple : 0.0;
        }
    }
    {
        double h = bh > 1.0 ? bh : 1.0;
        v[I_C10_HABIT] = (double)c10 / h;
        v[I_C1H_HABIT] = (double)c1h / h;
        v[I_C1D_HABIT] = (double)c1d / (bd > 1.0 ? bd : 1.0);
    }
    double l_vel = 0.0;
    if (c1d > 1) {
        double mu10 = rate_day / 144.0 + 0.05, mu1h = rate_day / 24.0 + 0.1, mu1d = rate_day + 0.5;
        mu10 = bh > mu10 ? bh : mu10;
        mu1h = bh > mu1h ? bh : mu1h;
        mu1d = bd > mu1d ? bd : mu1d;
        l_vel = poisson_glr(c10, mu10);
        double g = poisson_glr(c1h, mu1h);
        if (g > l_vel)
            l_vel = g;
        g = poisson_glr(c1d, mu1d);
        if (g > l_vel)
            l_vel = g;
    }
    l_vel = 0.5 * l_vel;
    llr[L_VELOCITY] = clamp_hi(l_vel, hi);

    /* ---------------------------------------------------------- network */
    int new_network = -1;
    if (t_ip) {
        PyObject *nk[5] = {PyTuple_GET_ITEM(ak, 4), PyTuple_GET_ITEM(ak, 3), PyTuple_GET_ITEM(ak, 2),
                           PyTuple_GET_ITEM(ak, 1), PyTuple_GET_ITEM(ak, 0)};
        PyObject *tabs[5] = {get_table(p, "ipcc"), get_table(p, "asn"), get_table(p, "net_b"), get_table(p, "net_a"),
                             get_table(p, "ip")};
        double c_cc = pa_cc > 0.0 ? pa_cc : 0.05;
        double c_asn = child_cond(pa_asn, c_cc, 0.05);
        double cond[5] = {c_cc, c_asn, q->c_net, q->c_net, q->c_ip};
        double rr[5] = {r_ipcc, r_asn, r_net_b, r_net_a, r_ip};
        double l;
        int novel;
        i64 first;
        if (walk(tabs, nk, cond, rr, 5, now, q->hl_network, alpha, v, novelty, cold, I_NET_NEW, NAME_NET, &l, &novel,
                 &first) < 0)
            goto done;
        if (n)
            llr[L_NETWORK] = clamp(l, lo, hi);
        new_network = n > 0 && novel != NO_LEVEL && novel <= 3 && nk[novel] != Py_None;
        if (!n)
            new_network = 1;
        if (first >= 0)
            v[I_NET_AGE] = log1p_age_days(now, first);
        v[I_IPV6] = ip_version == 6 ? 1.0 : 0.0;
    }
    if (hosting == -1)
        v[I_HOSTING_UNKNOWN] = 1.0;
    else if (hosting)
        v[I_HOSTING] = 1.0;
    if (t_ipcc && t_country) {
        int ne = PyObject_RichCompareBool(ip_country, country, Py_NE);
        if (ne < 0)
            goto done;
        if (ne)
            v[I_IPCC_MISMATCH] = 1.0;
    }

    /* ---------------------------------------------------------- device */
    int new_device = -1;
    {
        PyObject *dev_k = PyTuple_GET_ITEM(ak, 5), *fam_k = PyTuple_GET_ITEM(ak, 6), *os_k = PyTuple_GET_ITEM(ak, 7);
        if (os_k != Py_None || fam_k != Py_None || dev_k != Py_None) {
            double c_os = pa_os > 0.0 ? pa_os : 0.2;
            double c_fam = child_cond(pa_fam, c_os, 0.1);
            PyObject *dk[3] = {os_k, fam_k, dev_k};
            PyObject *tabs[3] = {get_table(p, "ua_os"), get_table(p, "ua_family"), get_table(p, "device")};
            double cond[3] = {c_os, c_fam, q->c_device};
            double rr[3] = {r_os, r_fam, r_dev};
            double l;
            int novel;
            i64 first;
            if (walk(tabs, dk, cond, rr, 3, now, q->hl_device, alpha, v, novelty, cold, I_DEV_NEW, NAME_DEV, &l, &novel,
                     &first) < 0)
                goto done;
            if (n)
                llr[L_DEVICE] = clamp(l, lo, hi);
            if (dev_k != Py_None) {
                if (novel == NO_LEVEL)
                    new_device = 0;
                else if (novel == 2)
                    new_device = 1;
                else if ((new_device = not_found(tabs[2], dev_k)) < 0)
                    goto done;
            }
            if (first >= 0)
                v[I_DEV_AGE] = log1p_age_days(now, first);
        }
    }

    /* ---------------------------------------------------------- place */
    int new_country = -1, new_city = -1;
    double l_place = 0.0;
    {
        PyObject *cc_k = PyTuple_GET_ITEM(ak, 8), *city_k = PyTuple_GET_ITEM(ak, 9);
        if (cc_k != Py_None || city_k != Py_None) {
            double c_c = pa_c > 0.0 ? pa_c : 0.05;
            double c_city = child_cond(pa_city, c_c, 0.05);
            PyObject *pk[2] = {cc_k, city_k};
            PyObject *tabs[2] = {get_table(p, "country"), get_table(p, "city")};
            double cond[2] = {c_c, c_city};
            double rr[2] = {r_country, r_city};
            int novel;
            i64 first;
            if (walk(tabs, pk, cond, rr, 2, now, q->hl_place, alpha, v, novelty, cold, I_PLACE_NEW, NAME_PLACE, &l_place,
                     &novel, &first) < 0)
                goto done;
            if (cc_k != Py_None)
                new_country = novel == 0;
            if (city_k != Py_None) {
                if (novel == 0) {
                    if ((new_city = not_found(tabs[1], city_k)) < 0)
                        goto done;
                } else {
                    new_city = novel == 1;
                }
            }
        }
    }
    double dist = -1.0, spd = -1.0, travel = 0.0;
    i64 near_c = 0;
    if (has_geo) {
        double p1 = lat * q->rad;
        double cos_p1 = cos(p1);
        PyObject *centres = list_slot(p, P_centres, "centres is not a list");
        if (centres == NULL)
            goto done;
        Py_ssize_t nc = PyList_GET_SIZE(centres);
        if (nc) {
            dist = 1e9;
            for (Py_ssize_t i = 0; i < nc; i++) {
                PyObject *c = PyList_GET_ITEM(centres, i);
                i64 clat, clon, cc;
                if (check_type(c, T_Centre) < 0 || get_i(c, C_lat, &clat) < 0 || get_i(c, C_lon, &clon) < 0 ||
                    get_i(c, C_c, &cc) < 0)
                    goto done;
                double p2 = (double)clat * 1e-4 * q->rad;
                double s_p = sin((p2 - p1) * 0.5);
                double s_l = sin(((double)clon * 1e-4 - lon) * q->rad * 0.5);
                double d = sqrt(POW(s_p, 2.0) + cos_p1 * cos(p2) * POW(s_l, 2.0));
                d = q->two_r * asin(d < 1.0 ? d : 1.0);
                if (d < dist) {
                    dist = d;
                    near_c = cc;
                }
            }
            i64 geo_t, geo_w;
            if (get_i(p, P_geo_t, &geo_t) < 0 || get_i(p, P_geo_w, &geo_w) < 0)
                goto done;
            double gw = decayed(geo_w, geo_t, now, q->hl_place) / UNIT;
            double pi_new = r_centre + (1.0 - r_centre) * alpha / (gw + alpha);
            double s = q->radius;
            double dens_a = 1.0 / ((dist + s) * q->log_span);
            double dens_u = (1.0 - pi_new) * exp(-dist / s) / s + pi_new * dens_a;
            l_place += log(dens_a / dens_u);
            if (!cold && PyDict_SetItem(novelty, NAME_CENTRE, dist > s ? Py_True : Py_False) < 0)
                goto done;
            v[I_DIST] = log1p(dist);
        }
        PyObject *lg = list_slot(p, P_last_geo, "last_geo is not a list");
        if (lg == NULL)
            goto done;
        if (PyList_GET_SIZE(lg)) {
            if (PyList_GET_SIZE(lg) < 3) {
                PyErr_SetString(PyExc_IndexError, "list index out of range");
                goto done;
            }
            i64 g0 = PyLong_AsLongLong(PyList_GET_ITEM(lg, 0)), g1 = PyLong_AsLongLong(PyList_GET_ITEM(lg, 1)),
                g2 = PyLong_AsLongLong(PyList_GET_ITEM(lg, 2));
            if (PyErr_Occurred())
                goto done;
            double p2 = (double)g0 * 1e-4 * q->rad;
            double s_p = sin((p2 - p1) * 0.5);
            double s_l = sin(((double)g1 * 1e-4 - lon) * q->rad * 0.5);
            travel = sqrt(POW(s_p, 2.0) + cos_p1 * cos(p2) * POW(s_l, 2.0));
            travel = q->two_r * asin(travel < 1.0 ? travel : 1.0);
            double dts = ts - (double)g2;
            dts = dts >= 0.0 ? dts : -dts;     /* a late payment: the gap the other way */
            spd = travel / ((60.0 > dts ? 60.0 : dts) / 3600.0);
            v[I_SPEED] = log1p(spd);
            v[I_TRAVEL] = log1p(travel);
            if (travel >= q->travel_min_km && spd > q->travel_kmh && (near_c < 2 || dist > q->radius)) {
                double l = 2.0 + log(spd / q->travel_kmh);
                llr[L_TRAVEL] = clamp_hi(l, hi);
            }
        }
    }
    if (n)
        llr[L_PLACE] = clamp(l_place, lo, hi);

    /* ---------------------------------------------------------- time of week */
    if (pa_h <= 0.0)
        pa_h = 1.0 / 168.0;
    v[I_HOUR_POP] = pa_h * 168.0;
    double hour_share = -1.0;
    double hour_day_share = -1.0;
    if (hist_tot && hist_w > 0.0) {
        PyObject *hb = SLOT(p, P_hist);
        if (hb == NULL || !PyBytes_Check(hb) || PyBytes_GET_SIZE(hb) != HIST_BYTES) {
            PyErr_SetString(PyExc_ValueError, "hist is not 336 bytes");
            goto done;
        }
        if (how < 0 || how >= 168) {
            PyErr_SetString(PyExc_IndexError, "hour of week out of range");
            goto done;
        }
        const unsigned char *hh = (const unsigned char *)PyBytes_AS_STRING(hb);
#define COUNT(i) ((i64)((hh[2 * (i)] << 8) | hh[2 * (i) + 1]))
        hour_share = (double)COUNT(how) / (double)hist_tot;
        int h = (int)(how % 24);
        i64 s0 = 0, s1 = 0, s2 = 0;
        for (int i = h; i < 168; i += 24)
            s0 += COUNT(i);
        for (int i = (h + 1) % 24; i < 168; i += 24)
            s1 += COUNT(i);
        for (int i = (h + 23) % 24; i < 168; i += 24)
            s2 += COUNT(i);
#undef COUNT
        double hod = 0.5 * (double)s0 + 0.25 * (double)(s1 + s2);
        hour_day_share = hod / (double)hist_tot;
        hod = hod / (double)hist_tot / 7.0;
        double base = (hist_w * hod + alpha * pa_h) / (hist_w + alpha);
        double p_u = (hist_w * hour_share + 2.0 * base) / (hist_w + 2.0);
        llr[L_TIME] = clamp(log(pa_h / p_u), lo, hi);
        v[I_HOUR_SHARE] = hour_share;
    }

    /* ---------------------------------------------------------- payee (the profile's side) */
    int new_payee = -1;
    double payee_largest = 0.0;
    i64 pay_1d = 0, pay_7d = 0;
    {
        i64 day_lo = now - DAY_MIN, week_lo = now - WEEK_MIN;
        PyObject *ptab = SLOT(p, P_payee);
        if (check_type(ptab, T_PayeeTable) < 0)
            goto done;
        PyObject *pe_list = list_slot(ptab, PT_e, "payee entries are not a list");
        if (pe_list == NULL)
            goto done;
        Py_ssize_t np_ = PyList_GET_SIZE(pe_list);
        PyObject *kobj = PyTuple_GET_ITEM(ak, 10);
        i64 k = 0;
        int have_k = t_payee && kobj != Py_None;
        if (have_k) {
            k = PyLong_AsLongLong(kobj);
            if (k == -1 && PyErr_Occurred())
                goto done;
        }
        PyObject *e = NULL;
        for (Py_ssize_t i = 0; i < np_; i++) {
            PyObject *pe = PyList_GET_ITEM(pe_list, i);
            i64 pk, pf, pr;
            if (check_type(pe, T_PayeeEntry) < 0 || get_i(pe, E_k, &pk) < 0 || get_i(pe, E_f, &pf) < 0 ||
                get_i(pe, PE_r, &pr) < 0)
                goto done;
            if (have_k && pk == k && e == NULL)
                e = pe;
            if (pf > week_lo && !pr) {
                pay_7d += 1;
                if (pf > day_lo)
                    pay_1d += 1;
            }
        }
        if (t_payee) {
            if (kobj == Py_None) {
                PyErr_SetString(PyExc_TypeError, "payee sent without a table key");
                goto done;
            }
            int recalled = 0;
            if (e == NULL) {
                if (paid != Py_None)
                    recalled = 1;
                else if ((recalled = payee_remembered(SLOT(p, P_payee_mem), k)) < 0)
                    goto done;
            }
            new_payee = e == NULL && !recalled;
            i64 tw, tt;
            if (get_i(ptab, PT_w, &tw) < 0 || get_i(ptab, PT_t, &tt) < 0)
                goto done;
            double hl = q->hl_payee;
            /* familiarity.level_llr(p.payee, e_or_ref, c_pay, r_payee, now, hl_payee, alpha) */
            PyObject *le = e;
            if (recalled) {
                /* known, but no more familiar than the least familiar payee kept */
                PyObject *e_ref = NULL;
                double w_ref = 0.0;
                for (Py_ssize_t i = 0; i < np_; i++) {
                    PyObject *pe = PyList_GET_ITEM(pe_list, i);
                    i64 pt, pw;
                    if (get_i(pe, E_t, &pt) < 0 || get_i(pe, E_w, &pw) < 0)
                        goto done;
                    i64 dt = now - pt;
                    double w = dt <= 0 ? (double)pw : (double)pw * POW(2.0, (double)(-dt) / hl);
                    if (e_ref == NULL || w < w_ref) {
                        e_ref = pe;
                        w_ref = w;
                    }
                }
                le = e_ref;
                v[I_PAYEE_RECALLED] = 1.0;
                v[I_PAYEE_COUNT] = q->log2_;
            }
            double l;
            {
                double parent_w = decayed(tw, tt, now, hl) / UNIT;
                double p_new = p_new_of(r_payee, alpha, parent_w);
                if (le == NULL) {
                    l = -log(p_new);
                } else {
                    i64 et, ew;
                    if (get_i(le, E_t, &et) < 0 || get_i(le, E_w, &ew) < 0)
                        goto done;
                    l = known_llr(c_pay, p_new, parent_w, decayed(ew, et, now, hl) / UNIT);
                }
            }
            if (n)
                llr[L_PAYEE] = clamp(l, lo, hi);
            if (!cold && PyDict_SetItem(novelty, NAME_PAYEE, new_payee ? Py_True : Py_False) < 0)
                goto done;
            v[I_PAYEE_NEW] = new_payee ? 1.0 : 0.0;
            if (paid != Py_None) {
                if (!PyTuple_Check(paid) || PyTuple_GET_SIZE(paid) != 3) {
                    PyErr_SetString(PyExc_TypeError, "paid must be (settled, pending, minute)");
                    goto done;
                }
                i64 settled = PyLong_AsLongLong(PyTuple_GET_ITEM(paid, 0)),
                    pending = PyLong_AsLongLong(PyTuple_GET_ITEM(paid, 1)),
                    t_pending = PyLong_AsLongLong(PyTuple_GET_ITEM(paid, 2));
                if (PyErr_Occurred())
                    goto done;
                if (pending > settled && now - t_pending >= q->settle_min)
                    settled = pending;
                payee_largest = (double)settled;
            }
            if (e != NULL) {
                i64 et, ea, ec, ef;
                if (get_i(e, E_t, &et) < 0 || get_i(e, PE_a, &ea) < 0 || get_i(e, E_c, &ec) < 0 ||
                    get_i(e, E_f, &ef) < 0)
                    goto done;
                if (now - et >= q->settle_min && (double)ea > payee_largest)
                    payee_largest = (double)ea;
                v[I_PAYEE_COUNT] = log1p((double)ec);
                v[I_PAYEE_AGE] = log1p_age_days(now, ef);
            }
        }
    }

    /* ---------------------------------------------------------- extract._extras (the entities do not touch these) */
    {
        i64 dev_new = 0, dev_act = 0, other_idle = -1;
        PyObject *dev_kobj = PyTuple_GET_ITEM(ak, 5);
        i64 dev_k = 0;
        if (dev_kobj != Py_None) {
            dev_k = PyLong_AsLongLong(dev_kobj);
            if (dev_k == -1 && PyErr_Occurred())
                goto done;
        }
        PyObject *dtab = get_table(p, "device");
        if (check_type(dtab, T_Table) < 0)
            goto done;
        PyObject *de = SLOT(dtab, TB_e);
        Py_ssize_t nd = PyList_GET_SIZE(de);
        for (Py_ssize_t i = 0; i < nd; i++) {
            PyObject *e = PyList_GET_ITEM(de, i);
            i64 ef, et, ek;
            if (check_type(e, T_Entry) < 0 || get_i(e, E_f, &ef) < 0 || get_i(e, E_t, &et) < 0 ||
                get_i(e, E_k, &ek) < 0)
                goto done;
            if (now - ef < WEEK_MIN)
                dev_new += 1;
            i64 idle = now - et;
            if (idle < WEEK_MIN)
                dev_act += 1;
            if (dev_kobj != Py_None && ek != dev_k && (other_idle < 0 || idle < other_idle))
                other_idle = idle > 0 ? idle : 0;
        }
        v[I_OTHER_DEV] = other_idle >= 0 ? log1p((double)other_idle / 60.0) : -1.0;
        v[I_PAYEES_1D] = (double)pay_1d;
        v[I_PAYEES_7D] = (double)pay_7d;
        v[I_DEVS_NEW_7D] = (double)dev_new;
        v[I_DEVS_ACT_7D] = (double)dev_act;
        if (v[I_DEV_NEW[2]] == 1.0 && v[I_DEV_NEW[1]] == 0.0 && (t_fam || t_model))
            v[I_DEV_CLONE] = 1.0;
        double cw = v[I_WIN_COUNT + 2];
        if (cw > 0.0)
            v[I_WIN_SUM] = v[I_WIN_MEAN + 2] > 0.0 ? x - log(expm1(cw)) - log(expm1(v[I_WIN_MEAN + 2])) : 0.0;
    }

    /* ---------------------------------------------------------- out */
    {
        PyObject *vl = PyList_New(n_features), *ll = PyList_New(N_LLR);
        if (vl == NULL || ll == NULL) {
            Py_XDECREF(vl);
            Py_XDECREF(ll);
            goto done;
        }
        for (Py_ssize_t i = 0; i < n_features; i++) {
            PyObject *f = PyFloat_FromDouble(v[i]);
            if (f == NULL) {
                Py_DECREF(vl);
                Py_DECREF(ll);
                goto done;
            }
            PyList_SET_ITEM(vl, i, f);
        }
        for (int i = 0; i < N_LLR; i++) {
            PyObject *f = PyFloat_FromDouble(llr[i]);
            if (f == NULL) {
                Py_DECREF(vl);
                Py_DECREF(ll);
                goto done;
            }
            PyList_SET_ITEM(ll, i, f);
        }
        result = Py_BuildValue("(NNNNNNNdddLLddddddddd)", vl, ll, opt_bool(new_network), opt_bool(new_device),
                               opt_bool(new_country), opt_bool(new_city), opt_bool(new_payee), dist, spd, travel, c1h,
                               c1d, s1d, day_amount, typical, ratio, cur_max, day_largest, payee_largest, hour_share,
                               hour_day_share);
    }
done:
    Py_XDECREF(ip_country);
    Py_XDECREF(country);
    Py_XDECREF(ua_family_o);
    Py_XDECREF(ua_model_o);
    return result;
}

static int feature_index(PyObject *names, const char *name, int *out) {
    Py_ssize_t n = PyTuple_GET_SIZE(names);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyTuple_GET_ITEM(names, i);
        if (PyUnicode_Check(s) && PyUnicode_CompareWithASCIIString(s, name) == 0) {
            *out = (int)i;
            return 0;
        }
    }
    PyErr_Format(PyExc_ValueError, "FEATURE_NAMES has no %s", name);
    return -1;
}

/* For the levels of one chain walk: the positions of their `*_new` features
   and their names as novelty keys (interned once). */
static int level_names(PyObject *names, const char **levels, int n, int *idx, PyObject **interned) {
    char buf[64];
    for (int i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%s_new", levels[i]);
        if (feature_index(names, buf, &idx[i]) < 0)
            return -1;
        if (interned[i] == NULL && (interned[i] = PyUnicode_InternFromString(levels[i])) == NULL)
            return -1;
    }
    return 0;
}

/* setup_extract(FEATURE_NAMES): feature positions by name, once. */
static PyObject *setup_extract(PyObject *self, PyObject *names) {
    if (!PyTuple_Check(names) || PyTuple_GET_SIZE(names) > MAX_FEATURES) {
        PyErr_SetString(PyExc_TypeError, "setup_extract(FEATURE_NAMES: tuple of at most 160 names)");
        return NULL;
    }
    static const char *net[5] = {"ipcc", "asn", "net_b", "net_a", "ip"};
    static const char *dev[3] = {"ua_os", "ua_family", "device"};
    static const char *place[2] = {"country", "city"};
    if (level_names(names, net, 5, I_NET_NEW, NAME_NET) < 0 || level_names(names, dev, 3, I_DEV_NEW, NAME_DEV) < 0 ||
        level_names(names, place, 2, I_PLACE_NEW, NAME_PLACE) < 0)
        return NULL;
    if (NAME_CENTRE == NULL && (NAME_CENTRE = PyUnicode_InternFromString("centre")) == NULL)
        return NULL;
    if (NAME_PAYEE == NULL && (NAME_PAYEE = PyUnicode_InternFromString("payee")) == NULL)
        return NULL;
    /* the fixed head of the layout, v[0..21], is checked by name too */
    static const char *head[22] = {"log1p_history_n", "cold_start", "log1p_history_days", "miss_ip", "miss_device",
                                   "miss_ua", "miss_latlon", "miss_country", "miss_city", "miss_payee",
                                   "miss_channel", "log_amount", "log_amount_ratio", "amount_z",
                                   "log_amount_over_max", "log1p_typical_amount", "count_10m", "count_1h",
                                   "count_1d", "log1p_sum_1h", "log1p_sum_1d", "log1p_day_amount_ratio"};
    for (int i = 0; i < 22; i++) {
        int idx;
        if (feature_index(names, head[i], &idx) < 0)
            return NULL;
        if (idx != i) {
            PyErr_Format(PyExc_ValueError, "FEATURE_NAMES[%d] is not %s", i, head[i]);
            return NULL;
        }
    }
#define IDX(var, name)                                 \
    if (feature_index(names, (name), &(var)) < 0)      \
        return NULL;
    IDX(I_WIN_COUNT, "log1p_win_count_1") IDX(I_WIN_MEAN, "log1p_win_mean_1")
    IDX(I_WIN_RATIO, "log_amount_over_win_mean_1") IDX(I_C10_HABIT, "count_10m_over_habit")
    IDX(I_C1H_HABIT, "count_1h_over_habit") IDX(I_C1D_HABIT, "count_1d_over_habit")
    IDX(I_NET_AGE, "log1p_network_age_days") IDX(I_IPV6, "ipv6") IDX(I_HOSTING, "hosting")
    IDX(I_HOSTING_UNKNOWN, "hosting_unknown") IDX(I_IPCC_MISMATCH, "ipcc_mismatch")
    IDX(I_DEV_AGE, "log1p_device_age_days") IDX(I_DIST, "log1p_dist_km") IDX(I_SPEED, "log1p_speed_kmh")
    IDX(I_TRAVEL, "log1p_travel_km") IDX(I_HOUR_POP, "hour_pop_prob") IDX(I_HOUR_SHARE, "hour_share")
    IDX(I_PAYEE_NEW, "payee_new") IDX(I_PAYEE_COUNT, "log1p_payee_count") IDX(I_PAYEE_AGE, "log1p_payee_age_days")
    IDX(I_PAYEE_RECALLED, "payee_recalled") IDX(I_OTHER_DEV, "log1p_other_device_idle_h")
    IDX(I_PAYEES_1D, "payees_new_1d") IDX(I_PAYEES_7D, "payees_new_7d") IDX(I_DEVS_NEW_7D, "devices_new_7d")
    IDX(I_DEVS_ACT_7D, "devices_active_7d") IDX(I_DEV_CLONE, "device_new_known_ua")
    IDX(I_WIN_SUM, "log_amount_over_win_sum_3") IDX(I_LLR0, "llr_device")
#undef IDX
    /* the windows' three positions are consecutive, as extract writes them */
    int w2, m2, r2;
    if (feature_index(names, "log1p_win_count_3", &w2) < 0 || feature_index(names, "log1p_win_mean_3", &m2) < 0 ||
        feature_index(names, "log_amount_over_win_mean_3", &r2) < 0)
        return NULL;
    if (w2 != I_WIN_COUNT + 2 || m2 != I_WIN_MEAN + 2 || r2 != I_WIN_RATIO + 2) {
        PyErr_SetString(PyExc_ValueError, "window features are not consecutive");
        return NULL;
    }
    n_features = PyTuple_GET_SIZE(names);
    Py_RETURN_NONE;
}

/* ------------------------------------------------------------ setup */

static int get_type(PyObject *d, const char *name, PyTypeObject **out) {
    PyObject *t = PyDict_GetItemString(d, name);
    if (t == NULL || !PyType_Check(t)) {
        PyErr_Format(PyExc_TypeError, "setup: %s must be a type", name);
        return -1;
    }
    Py_INCREF(t);
    *out = (PyTypeObject *)t;
    return 0;
}

static PyObject *setup(PyObject *self, PyObject *args) {
    PyObject *types, *helpers;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &types, &PyDict_Type, &helpers))
        return NULL;
    if (ready) {
        PyErr_SetString(PyExc_RuntimeError, "features._hotpath.setup() called twice");
        return NULL;
    }
    if (get_type(types, "Profile", &T_Profile) < 0 || get_type(types, "Table", &T_Table) < 0 ||
        get_type(types, "Entry", &T_Entry) < 0 || get_type(types, "PayeeTable", &T_PayeeTable) < 0 ||
        get_type(types, "PayeeEntry", &T_PayeeEntry) < 0 || get_type(types, "Centre", &T_Centre) < 0)
        return NULL;
    if (setup_item(helpers, "attr_keys", &H_attr_keys) < 0 || setup_item(helpers, "learn_params", &H_learn_params) < 0 ||
        setup_item(helpers, "learn_py", &H_learn_py) < 0 || setup_item(helpers, "windows_add", &H_windows_add) < 0 ||
        setup_item(helpers, "sort_recent", &H_sort_recent) < 0 ||
        setup_item(helpers, "default_cfg", &H_default_cfg) < 0)
        return NULL;
    PyTypeObject *P = T_Profile;
#define OFF(tp, name, var)                       \
    if (offset_of((tp), (name), &(var)) < 0)     \
        return NULL;
    OFF(P, "n", P_n) OFF(P, "version", P_version) OFF(P, "first", P_first) OFF(P, "last", P_last)
    for (int i = 0; i < N_TABLES; i++)
        OFF(P, TABLE_NAMES[i], P_tab[i])
    OFF(P, "payee", P_payee) OFF(P, "centres", P_centres) OFF(P, "geo_w", P_geo_w) OFF(P, "geo_t", P_geo_t)
    OFF(P, "hist", P_hist) OFF(P, "hist_tot", P_hist_tot) OFF(P, "hist_log2", P_hist_log2)
    OFF(P, "hist_t", P_hist_t) OFF(P, "amt_mu", P_amt_mu) OFF(P, "amt_var", P_amt_var) OFF(P, "amt_w", P_amt_w)
    OFF(P, "amt_t", P_amt_t) OFF(P, "amt_max", P_amt_max) OFF(P, "amt_max_t", P_amt_max_t)
    OFF(P, "recent", P_recent) OFF(P, "last_geo", P_last_geo) OFF(P, "win", P_win) OFF(P, "win_t", P_win_t)
    OFF(P, "day_max", P_day_max) OFF(P, "day_max_t", P_day_max_t) OFF(P, "burst_h", P_burst_h)
    OFF(P, "burst_d", P_burst_d) OFF(P, "burst_t", P_burst_t) OFF(P, "pend_h", P_pend_h)
    OFF(P, "pend_d", P_pend_d) OFF(P, "pend_t", P_pend_t) OFF(P, "payee_mem", P_payee_mem)
    OFF(P, "day_pend", P_day_pend) OFF(P, "day_pend_t", P_day_pend_t)
    OFF(T_Table, "w", TB_w) OFF(T_Table, "t", TB_t) OFF(T_Table, "e", TB_e)
    OFF(T_PayeeTable, "w", PT_w) OFF(T_PayeeTable, "t", PT_t) OFF(T_PayeeTable, "e", PT_e)
    OFF(T_Entry, "k", E_k) OFF(T_Entry, "w", E_w) OFF(T_Entry, "t", E_t) OFF(T_Entry, "f", E_f)
    OFF(T_Entry, "c", E_c) OFF(T_PayeeEntry, "a", PE_a) OFF(T_PayeeEntry, "r", PE_r)
    OFF(T_Centre, "lat", C_lat) OFF(T_Centre, "lon", C_lon) OFF(T_Centre, "w", C_w) OFF(T_Centre, "t", C_t)
    OFF(T_Centre, "f", C_f) OFF(T_Centre, "c", C_c)
#undef OFF
    /* PayeeEntry must keep Entry's slots where Entry has them */
    Py_ssize_t k2, w2, t2, f2, c2;
    if (offset_of(T_PayeeEntry, "k", &k2) < 0 || offset_of(T_PayeeEntry, "w", &w2) < 0 ||
        offset_of(T_PayeeEntry, "t", &t2) < 0 || offset_of(T_PayeeEntry, "f", &f2) < 0 ||
        offset_of(T_PayeeEntry, "c", &c2) < 0)
        return NULL;
    if (k2 != E_k || w2 != E_w || t2 != E_t || f2 != E_f || c2 != E_c) {
        PyErr_SetString(PyExc_TypeError, "PayeeEntry does not share Entry's slots");
        return NULL;
    }
    ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"learn", (PyCFunction)(void (*)(void))learn, METH_FASTCALL,
     "learn(profile, attrs, cfg=DEFAULT_CONFIG): features.profile.learn, compiled."},
    {"setup", setup, METH_VARARGS, "setup(types, helpers): once, from features/profile.py."},
    {"profile_features", (PyCFunction)(void (*)(void))profile_features, METH_FASTCALL,
     "The profile-reading part of features.extract.extract, compiled (see features/extract.py)."},
    {"setup_extract", setup_extract, METH_O, "setup_extract(FEATURE_NAMES): once, from features/extract.py."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef hotpath_module = {
    PyModuleDef_HEAD_INIT, "features._hotpath", "The features hot path compiled (features/_hotpath.c).", -1, methods,
};

PyMODINIT_FUNC PyInit__hotpath(void) {
    S_ts = PyUnicode_InternFromString("ts");
    S_amount = PyUnicode_InternFromString("amount");
    S_lat = PyUnicode_InternFromString("lat");
    S_lon = PyUnicode_InternFromString("lon");
    S_how = PyUnicode_InternFromString("how");
    S_ip_h = PyUnicode_InternFromString("ip_h");
    S_device_h = PyUnicode_InternFromString("device_h");
    S_ua_family = PyUnicode_InternFromString("ua_family");
    S_ua_os = PyUnicode_InternFromString("ua_os");
    S_ua_model = PyUnicode_InternFromString("ua_model");
    S_country = PyUnicode_InternFromString("country");
    S_city = PyUnicode_InternFromString("city");
    S_payee_h = PyUnicode_InternFromString("payee_h");
    S_channel = PyUnicode_InternFromString("channel");
    S_ip_version = PyUnicode_InternFromString("ip_version");
    S_hosting = PyUnicode_InternFromString("hosting");
    S_ip_country = PyUnicode_InternFromString("ip_country");
    if (!S_ts || !S_amount || !S_lat || !S_lon || !S_how || !S_ip_h || !S_device_h || !S_ua_family || !S_ua_os ||
        !S_ua_model || !S_country || !S_city || !S_payee_h || !S_channel || !S_ip_version || !S_hosting ||
        !S_ip_country)
        return NULL;
    return PyModule_Create(&hotpath_module);
}
