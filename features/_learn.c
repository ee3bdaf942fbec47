/*
 * features._learn: `features.profile.learn` compiled.
 *
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
    P_pend_t, P_payee_mem;
/* Table and PayeeTable (separate types, so separate offsets) */
static Py_ssize_t TB_w, TB_t, TB_e, PT_w, PT_t, PT_e;
/* Entry (PayeeEntry inherits these slots) and PayeeEntry's own */
static Py_ssize_t E_k, E_w, E_t, E_f, E_c, PE_a, PE_r;
static Py_ssize_t C_lat, C_lon, C_w, C_t, C_f, C_c;
/* Attributes: read through getattr (a plain msgspec Struct with a __dict__) */
static PyObject *S_ts, *S_amount, *S_lat, *S_lon, *S_how;

static const char *TABLE_NAMES[N_TABLES] = {"ip", "net_a", "net_b", "asn", "ipcc", "device", "ua_family", "ua_os",
                                            "country", "city"};

#define SLOT(obj, off) (*(PyObject **)((char *)(obj) + (off)))

static int offset_of(PyTypeObject *tp, const char *name, Py_ssize_t *out) {
    PyObject *d = PyObject_GetAttrString((PyObject *)tp, name);
    if (d == NULL)
        return -1;
    if (!Py_IS_TYPE(d, &PyMemberDescr_Type)) {
        Py_DECREF(d);
        PyErr_Format(PyExc_TypeError, "%s.%s is not a slot", tp->tp_name, name);
        return -1;
    }
    PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
    if (m->type != T_OBJECT_EX && m->type != T_OBJECT) {
        Py_DECREF(d);
        PyErr_Format(PyExc_TypeError, "%s.%s is not an object slot", tp->tp_name, name);
        return -1;
    }
    *out = m->offset;
    Py_DECREF(d);
    return 0;
}

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
    if (!Py_IS_TYPE(obj, tp)) {
        PyErr_Format(PyExc_TypeError, "expected %s, got %s", tp->tp_name, Py_TYPE(obj)->tp_name);
        return -1;
    }
    return 0;
}

#define TRY(x)            \
    do {                  \
        if ((x) < 0)      \
            goto error;   \
    } while (0)

/* ------------------------------------------------------------ Python float semantics */

/* Python's round() of a float: half to even. */
static inline double py_round(double x) {
    double r = round(x);
    if (fabs(x - r) == 0.5)
        r = 2.0 * round(x / 2.0);
    return r;
}

/* Python's float floor division (floatobject.c float_floor_div), for `ts // 60.0`. */
static double py_floordiv(double vx, double wx) {
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

/* features.profile.decayed: weight w (as of minute t) brought to minute now. */
static inline double decayed(i64 w, i64 t, i64 now, double hl) {
    if (now <= t)
        return (double)w;
    return (double)w * pow(2.0, (double)(-(now - t)) / hl);
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
    if (!PyBytes_Check(mem))
        return 0;
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
            *last_f = pow(2.0, (double)(t - now) / hl);
            *last_t = t;
            *last_hl = hl;
        }
        factor = *last_f;
        if (set_i(tab, o_w, (i64)((double)w * factor + 0.5) + UNIT) < 0 || set_i(tab, o_t, now) < 0)
            return -1;
    } else if (set_i(tab, o_w, w + UNIT) < 0) {
        return -1;
    }
    PyObject *entries = SLOT(tab, o_e);
    if (entries == NULL || !PyList_Check(entries)) {
        PyErr_SetString(PyExc_TypeError, "table entries are not a list");
        return -1;
    }
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
            double f = te == t ? factor : pow(2.0, (double)(te - now) / hl);
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
        double score = log2((double)(ew + 1)) - (double)(now - et) / hl;
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
    PyObject *centres = SLOT(p, P_centres);
    if (centres == NULL || !PyList_Check(centres)) {
        PyErr_SetString(PyExc_TypeError, "centres is not a list");
        return -1;
    }
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
        double s = log2((double)(cw + 1)) - (double)(now - ct) / hl;
        if (s < low) {
            low = s;
            idx = i;
        }
    }
    return PyList_SetItem(centres, idx, nw);
}

static int learn_place(PyObject *p, double lat, double lon, i64 now, double ts) {
    const Params *q = &params;
    double hl = q->hl_place;
    i64 gt, gw;
    if (get_i(p, P_geo_t, &gt) < 0 || get_i(p, P_geo_w, &gw) < 0)
        return -1;
    double gwd = now <= gt ? (double)gw : (double)gw * pow(2.0, (double)(-(now - gt)) / hl);
    if (set_i(p, P_geo_w, (i64)(gwd + 0.5) + UNIT) < 0)
        return -1;
    if (now > gt && set_i(p, P_geo_t, now) < 0)
        return -1;
    PyObject *centres = SLOT(p, P_centres);
    if (centres == NULL || !PyList_Check(centres)) {
        PyErr_SetString(PyExc_TypeError, "centres is not a list");
        return -1;
    }
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
        double d = sqrt(pow(s_p, 2.0) + cos_p1 * cos(p2) * pow(s_l, 2.0));
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
        double w = now <= bt ? (double)bw : (double)bw * pow(2.0, (double)(-(now - bt)) / hl);
        double tot = w + UNIT;
        if (set_i(best, C_lat, (i64)py_round(((double)blat * w + lat * 1e4 * UNIT) / tot)) < 0 ||
            set_i(best, C_lon, (i64)py_round(((double)blon * w + lon * 1e4 * UNIT) / tot)) < 0 ||
            set_i(best, C_w, (i64)(tot + 0.5)) < 0)
            return -1;
        if (now > bt && set_i(best, C_t, now) < 0)
            return -1;
        if (set_i(best, C_c, bc + 1) < 0)
            return -1;
    } else if (centre_new(p, lat, lon, now, q->k_centres, hl) < 0) {
        return -1;
    }
    i64 ts_s = (i64)ts;
    PyObject *lg = SLOT(p, P_last_geo);
    if (lg == NULL || !PyList_Check(lg)) {
        PyErr_SetString(PyExc_TypeError, "last_geo is not a list");
        return -1;
    }
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
        if (put_obj(p, P_hist_log2, PyFloat_FromDouble(lw + (double)shift)) < 0 || set_i(p, P_hist_t, now) < 0)
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
    PyObject *rec = SLOT(p, P_recent);
    if (rec == NULL || !PyList_Check(rec)) {
        PyErr_SetString(PyExc_TypeError, "recent is not a list");
        return -1;
    }
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

/* features.profile._day_max_add + _burst_add. */
static int day_and_bursts(PyObject *p, i64 ts_s, i64 now) {
    const Params *q = &params;
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
    /* _raise_max(day_max, day_max_t, now, hl_max_amount, day) */
    i64 dm, dmt;
    if (get_i(p, P_day_max, &dm) < 0 || get_i(p, P_day_max_t, &dmt) < 0)
        return -1;
    double cur = decayed(dm, dmt, now, q->hl_max_amount);
    if ((double)day >= cur) {
        if (set_i(p, P_day_max, day) < 0 || set_i(p, P_day_max_t, now) < 0)
            return -1;
    } else if (set_i(p, P_day_max, (i64)(cur + 0.5)) < 0 || set_i(p, P_day_max_t, now > dmt ? now : dmt) < 0) {
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

static int windows_add(PyObject *p, i64 now, i64 cents, PyObject *cfg) {
    const Params *q = &params;
    PyObject *wv = SLOT(p, P_win);
    if (wv == NULL || !PyList_Check(wv)) {
        PyErr_SetString(PyExc_TypeError, "win is not a list");
        return -1;
    }
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
            double f = pow(2.0, (double)(t - now) / q->win_hls[i]);
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

/* ------------------------------------------------------------ learn */

static PyObject *learn(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "features._learn.setup() was not called");
        return NULL;
    }
    if (nargs < 2 || nargs > 3) {
        PyErr_SetString(PyExc_TypeError, "learn(profile, attrs, cfg=DEFAULT_CONFIG)");
        return NULL;
    }
    PyObject *p = args[0], *attrs = args[1], *cfg = nargs == 3 ? args[2] : H_default_cfg;
    if (check_type(p, T_Profile) < 0 || load_params(cfg) < 0)
        return NULL;
    const Params *q = &params;
    PyObject *keys = NULL, *o = NULL;
    double ts, amount, lat = 0.0, lon = 0.0;
    int has_geo = 0;
    i64 how;

    /* attrs: ts, amount, lat, lon, how */
    if ((o = PyObject_GetAttr(attrs, S_ts)) == NULL)
        return NULL;
    ts = PyFloat_AsDouble(o);
    Py_DECREF(o);
    if ((o = PyObject_GetAttr(attrs, S_amount)) == NULL)
        return NULL;
    amount = PyFloat_AsDouble(o);
    Py_DECREF(o);
    if ((o = PyObject_GetAttr(attrs, S_how)) == NULL)
        return NULL;
    how = PyLong_AsLongLong(o);
    Py_DECREF(o);
    if (PyErr_Occurred())
        return NULL;
    PyObject *olat = PyObject_GetAttr(attrs, S_lat);
    if (olat == NULL)
        return NULL;
    PyObject *olon = PyObject_GetAttr(attrs, S_lon);
    if (olon == NULL) {
        Py_DECREF(olat);
        return NULL;
    }
    if (olat != Py_None && olon != Py_None) {
        has_geo = 1;
        lat = PyFloat_AsDouble(olat);
        lon = PyFloat_AsDouble(olon);
    }
    Py_DECREF(olat);
    Py_DECREF(olon);
    if (PyErr_Occurred())
        return NULL;

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
            inc = pow(2.0, -lw);
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
        TRY(learn_place(p, lat, lon, now, ts));

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
        double w = (now <= at ? (double)amt_w : (double)amt_w * pow(2.0, (double)(-(now - at)) / q->hl_amount)) /
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
        double cur_max = now <= mt ? (double)am : (double)am * pow(2.0, (double)(-(now - mt)) / q->hl_max_amount);
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
        TRY(day_and_bursts(p, ts_s, now));
        TRY(windows_add(p, now, cents, cfg));
    }
    Py_DECREF(keys);
    Py_RETURN_NONE;
error:
    Py_XDECREF(keys);
    return NULL;
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

static int get_helper(PyObject *d, const char *name, PyObject **out) {
    PyObject *h = PyDict_GetItemString(d, name);
    if (h == NULL) {
        PyErr_Format(PyExc_TypeError, "setup: missing %s", name);
        return -1;
    }
    Py_INCREF(h);
    *out = h;
    return 0;
}

static PyObject *setup(PyObject *self, PyObject *args) {
    PyObject *types, *helpers;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &types, &PyDict_Type, &helpers))
        return NULL;
    if (ready) {
        PyErr_SetString(PyExc_RuntimeError, "features._learn.setup() called twice");
        return NULL;
    }
    if (get_type(types, "Profile", &T_Profile) < 0 || get_type(types, "Table", &T_Table) < 0 ||
        get_type(types, "Entry", &T_Entry) < 0 || get_type(types, "PayeeTable", &T_PayeeTable) < 0 ||
        get_type(types, "PayeeEntry", &T_PayeeEntry) < 0 || get_type(types, "Centre", &T_Centre) < 0)
        return NULL;
    if (get_helper(helpers, "attr_keys", &H_attr_keys) < 0 || get_helper(helpers, "learn_params", &H_learn_params) < 0 ||
        get_helper(helpers, "learn_py", &H_learn_py) < 0 || get_helper(helpers, "windows_add", &H_windows_add) < 0 ||
        get_helper(helpers, "sort_recent", &H_sort_recent) < 0 ||
        get_helper(helpers, "default_cfg", &H_default_cfg) < 0)
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
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef learn_module = {
    PyModuleDef_HEAD_INIT, "features._learn", "features.profile.learn, compiled (features/_learn.c).", -1, methods,
};

PyMODINIT_FUNC PyInit__learn(void) {
    S_ts = PyUnicode_InternFromString("ts");
    S_amount = PyUnicode_InternFromString("amount");
    S_lat = PyUnicode_InternFromString("lat");
    S_lon = PyUnicode_InternFromString("lon");
    S_how = PyUnicode_InternFromString("how");
    if (!S_ts || !S_amount || !S_lat || !S_lon || !S_how)
        return NULL;
    return PyModule_Create(&learn_module);
}
