/*
 * features._population: the population's side of a payment
 * (features/population.py), compiled:
 * - `observe`: `population.observe_decoded_py`, one payment into a device, IP,
 *   network or payee Entity (its customers, first-time senders, per-day counts
 *   and the payee's memory of its senders);
 * - `entity_features`: `extract._entity_signals_py`, the device, IP, network
 *   and payee signals of one payment from the entities extract decoded;
 * - `count`: `PopulationFrequencies._add_py`, the population frequencies'
 *   counts of a completed payment (the rare caps call back into Python).
 *
 * Why: every payment updates up to four entities inside its store transaction
 * and reads their signals before it. In Python a payee's update cost ~4.7 us
 * and a device's ~1.2 us in a tight loop, more inside the whole payment, and
 * ~1.6 us of the payee's is msgspec's encoding of the result, which stays; the
 * rest was bytecode on a few dozen ints and floats.
 *
 * Same bytes to the last bit: the float operations are Python's, in Python's
 * order (`2.0 ** y` is libm `pow`, called at run time; an int in float
 * arithmetic is converted to double first; no fused multiply-add, see
 * setup.py; features/_cexact.h), ints are int64 and `//` is floor division.
 * tests/test_population_c.py compares encoded entities, feature vectors and
 * counts of these functions and of their Python definitions over randomized
 * histories, byte for byte.
 *
 * Everything is read and checked before anything is written: a field of an
 * unexpected type or length, or a value outside what int64 arithmetic holds
 * exactly, raises TypeError or OverflowError (`count` returns False) with
 * nothing changed, and the caller runs the Python definition instead.
 *
 * Memory checks (clean on 2026-11-27): built with AddressSanitizer and
 * UndefinedBehaviorSanitizer as features/_hotpath.c says, tests/test_population_c.py,
 * tests/test_extract_c.py and tests/test_learn_c.py (-k "not switch") report nothing.
 *
 * Python:
 *     setup(Entity, params: dict)   # once, from features/population.py
 *     observe(e, is_payee, ts, customer_key, new_sender, remember, units, minute, keep_s) -> None
 *     setup_features(indices: dict, params: dict)   # once, from features/extract.py
 *     entity_features(v, llr, dev_e, ip_e, net_e, pay_e, customer_key, ts, allowance, hi) -> tuple
 *     setup_counts(Attributes, params: dict)   # once, from features/population.py
 *     count(counts, attrs) -> bool
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "_cexact.h"

typedef long long i64;

#define LIMIT ((i64)1 << 53)     /* |value| below this: int64 sums and double conversions stay exact */

static PyTypeObject *T_Entity = NULL;
static Py_ssize_t O_first, O_last, O_n, O_cust, O_new_snd, O_w_t, O_w_s, O_w_l, O_ns_l, O_days, O_paid_k, O_paid;
static double HL_S, HL_L;
static i64 DAY_S, DAYS_KEPT, CUST_CAP, SENDER_CAP, PAID_CAP, SETTLE_MIN;

/* `2.0 ** y` as Python computes it, for finite y: OverflowError where Python raises it. */
static int pow2(double y, double *out) {
    double r = libm_pow(2.0, y);
    if (isinf(r)) {
        PyErr_SetString(PyExc_OverflowError, "entity decay out of range");
        return -1;
    }
    *out = r;
    return 0;
}

static i64 floordiv(i64 a, i64 b) {
    i64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q -= 1;
    return q;
}

/* ------------------------------------------------------------ reading */

static int as_i64(PyObject *v, i64 *out) {
    if (v == NULL || !PyLong_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "entity field is not an int");
        return -1;
    }
    int overflow = 0;
    i64 x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (x == -1 && PyErr_Occurred())
        return -1;
    if (overflow || x >= LIMIT || x <= -LIMIT) {
        PyErr_SetString(PyExc_OverflowError, "entity value out of range");
        return -1;
    }
    *out = x;
    return 0;
}

static int as_f64(PyObject *v, double *out) {
    if (v == NULL || !PyFloat_CheckExact(v)) {
        PyErr_SetString(PyExc_TypeError, "entity field is not a float");
        return -1;
    }
    *out = PyFloat_AS_DOUBLE(v);
    return 0;
}

static PyObject *list_slot(PyObject *e, Py_ssize_t off) {
    PyObject *v = SLOT(e, off);
    if (v == NULL || !PyList_CheckExact(v)) {
        PyErr_SetString(PyExc_TypeError, "entity field is not a list");
        return NULL;
    }
    return v;
}

/* A list of ints into a new array with `extra` spare places; NULL with an exception. */
static i64 *read_ints(PyObject *list, Py_ssize_t extra) {
    Py_ssize_t n = PyList_GET_SIZE(list);
    i64 *a = PyMem_Malloc(sizeof(i64) * (size_t)(n + extra + 1));
    if (a == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (as_i64(PyList_GET_ITEM(list, i), &a[i]) < 0) {
            PyMem_Free(a);
            return NULL;
        }
    }
    return a;
}

static PyObject *ints_to_list(const i64 *a, Py_ssize_t n) {
    PyObject *list = PyList_New(n);
    if (list == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = PyLong_FromLongLong(a[i]);
        if (v == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, v);
    }
    return list;
}

/* ------------------------------------------------------------ observe */

typedef struct {
    PyObject *item;   /* the [key, ts] list kept as it is (borrowed), or NULL for this customer's new one */
    i64 t;
} Cust;

static int cmp_i64(const void *a, const void *b) {
    i64 x = *(const i64 *)a, y = *(const i64 *)b;
    return (x > y) - (x < y);
}

static PyObject *observe(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (T_Entity == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "features._population.setup was not called");
        return NULL;
    }
    if (nargs != 9) {
        PyErr_SetString(PyExc_TypeError, "observe(e, is_payee, ts, customer_key, new_sender, remember, units, minute, keep_s)");
        return NULL;
    }
    PyObject *e = args[0];
    if (!Py_IS_TYPE(e, T_Entity)) {
        PyErr_SetString(PyExc_TypeError, "observe: not an Entity");
        return NULL;
    }
    int payee = PyObject_IsTrue(args[1]);
    int new_sender = PyObject_IsTrue(args[4]);
    int remember = PyObject_IsTrue(args[5]);
    if (payee < 0 || new_sender < 0 || remember < 0)
        return NULL;
    i64 ts, ck, units, minute, keep_s;
    if (as_i64(args[2], &ts) < 0 || as_i64(args[3], &ck) < 0 || as_i64(args[6], &units) < 0 ||
        as_i64(args[7], &minute) < 0 || as_i64(args[8], &keep_s) < 0)
        return NULL;
    remember = remember && payee;

    i64 first, last, n, wt;
    double ws, wl, ns;
    if (as_i64(SLOT(e, O_first), &first) < 0 || as_i64(SLOT(e, O_last), &last) < 0 ||
        as_i64(SLOT(e, O_n), &n) < 0 || as_i64(SLOT(e, O_w_t), &wt) < 0 || as_f64(SLOT(e, O_w_s), &ws) < 0 ||
        as_f64(SLOT(e, O_w_l), &wl) < 0 || as_f64(SLOT(e, O_ns_l), &ns) < 0)
        return NULL;
    PyObject *cust_l = list_slot(e, O_cust);
    PyObject *snd_l = payee && new_sender ? list_slot(e, O_new_snd) : NULL;
    PyObject *days_l = payee ? list_slot(e, O_days) : NULL;
    PyObject *pk_l = remember ? list_slot(e, O_paid_k) : NULL;
    PyObject *pd_l = remember ? list_slot(e, O_paid) : NULL;
    if (cust_l == NULL || (payee && new_sender && snd_l == NULL) || (payee && days_l == NULL) ||
        (remember && (pk_l == NULL || pd_l == NULL)))
        return NULL;
    if (days_l != NULL && PyList_GET_SIZE(days_l) % 3 != 0) {
        PyErr_SetString(PyExc_TypeError, "entity days: not day triples");
        return NULL;
    }
    if (remember && PyList_GET_SIZE(pd_l) != 3 * PyList_GET_SIZE(pk_l)) {
        PyErr_SetString(PyExc_TypeError, "entity paid: not three ints per customer");
        return NULL;
    }

    PyObject *result = NULL;
    Cust *cust = NULL;
    i64 *snd = NULL, *days = NULL, *pk = NULL, *pd = NULL;
    PyObject *o_first = NULL, *o_last = NULL, *o_n = NULL, *o_wt = NULL, *o_ws = NULL, *o_wl = NULL, *o_ns = NULL,
             *o_cust = NULL, *o_snd = NULL, *o_days = NULL, *o_pk = NULL, *o_pd = NULL;
    Py_ssize_t n_cust = PyList_GET_SIZE(cust_l);
    cust = PyMem_Malloc(sizeof(Cust) * (size_t)(n_cust + 1));
    if (cust == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* every [key, ts] pair read first: a malformed one changes nothing */
    i64 *ckeys = PyMem_Malloc(sizeof(i64) * (size_t)(n_cust + 1));
    if (ckeys == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n_cust; i++) {
        PyObject *c = PyList_GET_ITEM(cust_l, i);
        if (!PyList_CheckExact(c) || PyList_GET_SIZE(c) != 2) {
            PyErr_SetString(PyExc_TypeError, "entity cust: not [key, ts] pairs");
            PyMem_Free(ckeys);
            goto done;
        }
        if (as_i64(PyList_GET_ITEM(c, 0), &ckeys[i]) < 0 || as_i64(PyList_GET_ITEM(c, 1), &cust[i].t) < 0) {
            PyMem_Free(ckeys);
            goto done;
        }
        cust[i].item = c;
    }
    Py_ssize_t n_snd = 0, n_days = 0, n_pk = 0;
    if (snd_l != NULL) {
        n_snd = PyList_GET_SIZE(snd_l);
        if ((snd = read_ints(snd_l, 1)) == NULL) {
            PyMem_Free(ckeys);
            goto done;
        }
    }
    if (days_l != NULL) {
        n_days = PyList_GET_SIZE(days_l);
        if ((days = read_ints(days_l, 3)) == NULL) {
            PyMem_Free(ckeys);
            goto done;
        }
    }
    if (remember) {
        n_pk = PyList_GET_SIZE(pk_l);
        if ((pk = read_ints(pk_l, 1)) == NULL || (pd = read_ints(pd_l, 3)) == NULL) {
            PyMem_Free(ckeys);
            goto done;
        }
    }

    /* --- the update, as observe_decoded_py */
    if (n == 0 || ts < first)
        first = ts;
    if (ts > last)
        last = ts;
    n += 1;
    if (payee) {
        /* _observe_new_sender, on w_l's clock before w_t moves */
        double f;
        if (ts > wt && ns != 0.0) {
            if (pow2((double)(wt - ts) / HL_L, &f) < 0)
                goto fail_keys;
            ns *= f;
        }
        if (new_sender) {
            if (ts >= wt) {
                ns += 1.0;
            } else {
                if (pow2((double)(ts - wt) / HL_L, &f) < 0)
                    goto fail_keys;
                ns += f;
            }
        }
        /* _count_day */
        i64 day = floordiv(ts, DAY_S);
        Py_ssize_t i = n_days - 3;
        while (i >= 0 && days[i] > day)
            i -= 3;
        if (i >= 0 && days[i] == day) {
            days[i + 1] += 1;
        } else {
            memmove(&days[i + 6], &days[i + 3], sizeof(i64) * (size_t)(n_days - (i + 3)));
            days[i + 3] = day;
            days[i + 4] = 1;
            days[i + 5] = 0;
            n_days += 3;
            i64 lo = days[n_days - 3] - DAYS_KEPT;
            Py_ssize_t j = 0;
            while (j < n_days && days[j] <= lo)
                j += 3;
            if (j) {
                memmove(days, &days[j], sizeof(i64) * (size_t)(n_days - j));
                n_days -= j;
            }
        }
    }
    if (ts >= wt) {
        if (ts > wt) {
            double fs, fl;
            if (pow2((double)(wt - ts) / HL_S, &fs) < 0 || pow2((double)(wt - ts) / HL_L, &fl) < 0)
                goto fail_keys;
            ws = ws * fs + 1.0;
            wl = wl * fl + 1.0;
            wt = ts;
        } else {
            ws += 1.0;
            wl += 1.0;
        }
    } else {
        double fs, fl;
        if (pow2((double)(ts - wt) / HL_S, &fs) < 0 || pow2((double)(ts - wt) / HL_L, &fl) < 0)
            goto fail_keys;
        ws += fs;
        wl += fl;
    }
    /* the others seen within keep_s (a device: the week; else the day), and this
       customer's last time */
    i64 horizon = ts - DAY_S, kept_from = ts - keep_s;
    Py_ssize_t kept = 0;
    int have_mine = 0;
    i64 mine = 0;
    for (Py_ssize_t i = 0; i < n_cust; i++) {
        if (ckeys[i] == ck) {
            if (!have_mine) {
                have_mine = 1;
                mine = cust[i].t;
            }
        } else if (cust[i].t > kept_from) {
            cust[kept++] = cust[i];
        }
    }
    PyMem_Free(ckeys);
    ckeys = NULL;
    cust[kept].item = NULL;
    cust[kept].t = (!have_mine || mine <= ts) ? ts : mine;
    kept += 1;
    Py_ssize_t from = 0;
    if (kept > CUST_CAP) {
        /* list.sort(key=ts) is stable: an insertion sort on ts keeps equal ones in order */
        for (Py_ssize_t i = 1; i < kept; i++) {
            Cust x = cust[i];
            Py_ssize_t j = i - 1;
            while (j >= 0 && cust[j].t > x.t) {
                cust[j + 1] = cust[j];
                j--;
            }
            cust[j + 1] = x;
        }
        from = kept - CUST_CAP;
    }
    if (snd != NULL) {
        Py_ssize_t m = 0;
        for (Py_ssize_t i = 0; i < n_snd; i++)
            if (snd[i] > horizon)
                snd[m++] = snd[i];
        snd[m++] = ts;
        n_snd = m;
        if (n_snd > SENDER_CAP) {
            qsort(snd, (size_t)n_snd, sizeof(i64), cmp_i64);
            memmove(snd, &snd[n_snd - SENDER_CAP], sizeof(i64) * (size_t)SENDER_CAP);
            n_snd = SENDER_CAP;
        }
    }
    if (remember) {
        /* _forget, then _remember */
        i64 settled = 0, pending = 0, t = 0;
        for (Py_ssize_t i = 0; i < n_pk; i++) {
            if (pk[i] == ck) {
                settled = pd[3 * i];
                pending = pd[3 * i + 1];
                t = pd[3 * i + 2];
                memmove(&pk[i], &pk[i + 1], sizeof(i64) * (size_t)(n_pk - i - 1));
                memmove(&pd[3 * i], &pd[3 * i + 3], sizeof(i64) * (size_t)(3 * (n_pk - i - 1)));
                n_pk -= 1;
                if (pending && minute - t >= SETTLE_MIN) {
                    settled = pending > settled ? pending : settled;
                    pending = t = 0;
                }
                break;
            }
        }
        if (units > settled && units > pending) {
            pending = units;
            t = minute;
        }
        pk[n_pk] = ck;
        pd[3 * n_pk] = settled;
        pd[3 * n_pk + 1] = pending;
        pd[3 * n_pk + 2] = t;
        n_pk += 1;
        if (n_pk > PAID_CAP) {
            memmove(pk, &pk[1], sizeof(i64) * (size_t)(n_pk - 1));
            memmove(pd, &pd[3], sizeof(i64) * (size_t)(3 * (n_pk - 1)));
            n_pk -= 1;
        }
    }

    /* --- the new values as objects, then into the slots (nothing fails after this) */
    if ((o_first = PyLong_FromLongLong(first)) == NULL || (o_last = PyLong_FromLongLong(last)) == NULL ||
        (o_n = PyLong_FromLongLong(n)) == NULL || (o_wt = PyLong_FromLongLong(wt)) == NULL ||
        (o_ws = PyFloat_FromDouble(ws)) == NULL || (o_wl = PyFloat_FromDouble(wl)) == NULL ||
        (o_ns = PyFloat_FromDouble(ns)) == NULL)
        goto done;
    o_cust = PyList_New(kept - from);
    if (o_cust == NULL)
        goto done;
    for (Py_ssize_t i = from; i < kept; i++) {
        PyObject *c = cust[i].item;
        if (c != NULL) {
            Py_INCREF(c);
        } else {
            c = PyList_New(2);
            PyObject *k = c != NULL ? PyLong_FromLongLong(ck) : NULL;
            PyObject *tv = k != NULL ? PyLong_FromLongLong(cust[i].t) : NULL;
            if (tv == NULL) {
                Py_XDECREF(k);
                Py_XDECREF(c);
                goto done;
            }
            PyList_SET_ITEM(c, 0, k);
            PyList_SET_ITEM(c, 1, tv);
        }
        PyList_SET_ITEM(o_cust, i - from, c);
    }
    if (snd != NULL && (o_snd = ints_to_list(snd, n_snd)) == NULL)
        goto done;
    if (days != NULL && (o_days = ints_to_list(days, n_days)) == NULL)
        goto done;
    if (remember && ((o_pk = ints_to_list(pk, n_pk)) == NULL || (o_pd = ints_to_list(pd, 3 * n_pk)) == NULL))
        goto done;

#define PUT(off, v)                  \
    do {                             \
        PyObject *old = SLOT(e, off); \
        SLOT(e, off) = (v);          \
        (v) = NULL;                  \
        Py_XDECREF(old);             \
    } while (0)
    PUT(O_first, o_first);
    PUT(O_last, o_last);
    PUT(O_n, o_n);
    PUT(O_w_t, o_wt);
    PUT(O_w_s, o_ws);
    PUT(O_w_l, o_wl);
    PUT(O_ns_l, o_ns);
    PUT(O_cust, o_cust);
    if (o_snd != NULL)
        PUT(O_new_snd, o_snd);
    if (o_days != NULL)
        PUT(O_days, o_days);
    if (o_pk != NULL) {
        PUT(O_paid_k, o_pk);
        PUT(O_paid, o_pd);
    }
#undef PUT
    Py_INCREF(Py_None);
    result = Py_None;
    goto done;

fail_keys:
    PyMem_Free(ckeys);
done:
    Py_XDECREF(o_first);
    Py_XDECREF(o_last);
    Py_XDECREF(o_n);
    Py_XDECREF(o_wt);
    Py_XDECREF(o_ws);
    Py_XDECREF(o_wl);
    Py_XDECREF(o_ns);
    Py_XDECREF(o_cust);
    Py_XDECREF(o_snd);
    Py_XDECREF(o_days);
    Py_XDECREF(o_pk);
    Py_XDECREF(o_pd);
    PyMem_Free(cust);
    PyMem_Free(snd);
    PyMem_Free(days);
    PyMem_Free(pk);
    PyMem_Free(pd);
    return result;
}


/* ------------------------------------------------------------ entity features */

/* The FeatureSet indices `features.extract._entity_features` writes, by name (setup_features). */
enum {
    F_DEV_RL, F_IP_RL, F_NET_RL, F_NET_1D, F_DEV_1H, F_DEV_1D, F_IP_1H, F_IP_1D, F_DEV_FW, F_IP_FW, F_NET_FW,
    F_DEV_FO, F_PAYEE_1D, F_PAYEE_SND, F_PAYEE_ENT_AGE, F_PAYEE_FW, F_PAYEE_FN, F_PAYEE_NS, F_PAYEE_NL,
    F_PAYEE_RS, F_PAYEE_RL, F_PAYEE_NSL, F_PAYEE_NSS, F_PAYEE_M1, F_PAYEE_M7, F_PAYEE_M28, F_PAYEE_REC, F_DEV_7D,
    L_SHARED, L_RISKY_PAYEE, N_OUT
};
static const char *OUT_NAMES[N_OUT] = {
    "dev_rl", "ip_rl", "net_rl", "net_1d", "dev_1h", "dev_1d", "ip_1h", "ip_1d", "dev_fw", "ip_fw", "net_fw",
    "dev_fo", "payee_1d", "payee_snd", "payee_ent_age", "payee_fw", "payee_fn", "payee_ns", "payee_nl",
    "payee_rs", "payee_rl", "payee_nsl", "payee_nss", "payee_m1", "payee_m7", "payee_m28", "payee_rec",
    "dev_7d", "l_shared", "l_risky_payee",
};
static Py_ssize_t OUT_IDX[N_OUT];
static int features_ready = 0;
static Py_ssize_t O_fraud_w, O_fraud_t, O_fraud_n, O_fraud_ws, O_fraud_cust;
static double PRIOR_N;
static i64 DELAY_DAYS, M_W1, M_W7, M_W28, DEV_KEEP_S;

/* math.log1p: ValueError where Python raises it. */
static int py_log1p(double x, double *out) {
    if (x <= -1.0) {
        PyErr_SetString(PyExc_ValueError, "math domain error");
        return -1;
    }
    *out = log1p(x);
    return 0;
}

/* `others_by_window` of one entity's customer list: (others in the last hour, in the last day),
   and with n_w (a device: population.others_in_week) the others seen after lo_w. */
static int others(PyObject *e, i64 ck, double ts, i64 *n_h, i64 *n_d, double lo_w, i64 *n_w) {
    PyObject *cust = list_slot(e, O_cust);
    if (cust == NULL)
        return -1;
    double lo_h = ts - 3600.0, lo_d = ts - (double)DAY_S;
    i64 h = 0, d = 0, w = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(cust); i++) {
        PyObject *c = PyList_GET_ITEM(cust, i);
        i64 k, t;
        if (!PyList_CheckExact(c) || PyList_GET_SIZE(c) != 2) {
            PyErr_SetString(PyExc_TypeError, "entity cust: not [key, ts] pairs");
            return -1;
        }
        if (as_i64(PyList_GET_ITEM(c, 0), &k) < 0 || as_i64(PyList_GET_ITEM(c, 1), &t) < 0)
            return -1;
        if (k != ck) {
            if ((double)t > lo_d) {
                d++;
                if ((double)t > lo_h)
                    h++;
            }
            if ((double)t > lo_w)
                w++;
        }
    }
    *n_h = h;
    *n_d = d;
    if (n_w != NULL)
        *n_w = w;
    return 0;
}

/* population.entity_signals: (others 1 h, others 1 d, fraud weight, fraud rate over fraud_hl). */
static int signals(PyObject *e, i64 ck, double ts, i64 *n_h, i64 *n_d, i64 *n_w, double *fw_out,
                   double *rate) {
    if (others(e, ck, ts, n_h, n_d, ts - (double)DEV_KEEP_S, n_w) < 0)
        return -1;
    double fw, wl;
    i64 ft, wt;
    if (as_f64(SLOT(e, O_fraud_w), &fw) < 0 || as_i64(SLOT(e, O_fraud_t), &ft) < 0 ||
        as_i64(SLOT(e, O_w_t), &wt) < 0 || as_f64(SLOT(e, O_w_l), &wl) < 0)
        return -1;
    if (fw <= 0.0) {
        *fw_out = 0.0;
        *rate = 0.0;
        return 0;
    }
    double dt = ts - (double)ft, f;
    if (dt > 0) {
        if (pow2(-dt / HL_L, &f) < 0)
            return -1;
        fw = fw * f;
    }
    dt = ts - (double)wt;
    double n_l = wl;
    if (dt > 0) {
        if (pow2(-dt / HL_L, &f) < 0)
            return -1;
        n_l = wl * f;
    }
    double r = fw / (n_l + PRIOR_N);
    *fw_out = fw;
    *rate = r < 1.0 ? r : 1.0;
    return 0;
}

/* population.other_victims */
static int victims(PyObject *e, i64 ck, i64 *out) {
    PyObject *fc = list_slot(e, O_fraud_cust);
    if (fc == NULL)
        return -1;
    Py_ssize_t m = PyList_GET_SIZE(fc);
    if (m == 0) {
        *out = 1;
        return 0;
    }
    i64 n = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        i64 c;
        if (as_i64(PyList_GET_ITEM(fc, i), &c) < 0)
            return -1;
        n += c != ck;
    }
    *out = n;
    return 0;
}

static int entity_or_none(PyObject *o, PyObject **out) {
    if (o == Py_None) {
        *out = NULL;
        return 0;
    }
    if (!Py_IS_TYPE(o, T_Entity)) {
        PyErr_SetString(PyExc_TypeError, "entity_features: not an Entity");
        return -1;
    }
    *out = o;
    return 0;
}

#define SET_V(list, name, x)                                                        \
    do {                                                                            \
        PyObject *f_ = PyFloat_FromDouble(x);                                       \
        if (f_ == NULL)                                                             \
            return NULL;                                                            \
        PyObject *old_ = PyList_GET_ITEM(list, OUT_IDX[name]);                      \
        PyList_SET_ITEM(list, OUT_IDX[name], f_);                                   \
        Py_XDECREF(old_);                                                           \
    } while (0)

/* entity_features(v, llr, dev_e, ip_e, net_e, pay_e, customer_key, ts, allowance, hi)
   -> (device others 1 d, IP others 1 d, payee fraud reports, payee new senders 1 d,
       device fraud from others, its other victims), writing into v and llr exactly as
   features.extract._entity_features_py does. Everything is computed before v and
   llr are written: an exception leaves both unchanged. */
static PyObject *entity_features(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (!features_ready || T_Entity == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "features._population.setup_features was not called");
        return NULL;
    }
    if (nargs != 10) {
        PyErr_SetString(PyExc_TypeError, "entity_features takes 10 arguments");
        return NULL;
    }
    PyObject *v = args[0], *llr = args[1], *dev, *ip, *net, *pay;
    if (!PyList_CheckExact(v) || !PyList_CheckExact(llr)) {
        PyErr_SetString(PyExc_TypeError, "entity_features: v and llr must be lists");
        return NULL;
    }
    for (int i = 0; i < N_OUT; i++) {
        PyObject *list = i >= L_SHARED ? llr : v;
        if (OUT_IDX[i] >= PyList_GET_SIZE(list)) {
            PyErr_SetString(PyExc_TypeError, "entity_features: v or llr too short");
            return NULL;
        }
    }
    if (entity_or_none(args[2], &dev) < 0 || entity_or_none(args[3], &ip) < 0 ||
        entity_or_none(args[4], &net) < 0 || entity_or_none(args[5], &pay) < 0)
        return NULL;
    i64 ck;
    if (as_i64(args[6], &ck) < 0)
        return NULL;
    double ts = PyFloat_AsDouble(args[7]), allow = PyFloat_AsDouble(args[8]), hi = PyFloat_AsDouble(args[9]);
    if (PyErr_Occurred())
        return NULL;
    if (!isfinite(ts) || fabs(ts) >= 9007199254740992.0) {
        PyErr_SetString(PyExc_OverflowError, "entity_features: ts out of range");
        return NULL;
    }

    i64 d1h = 0, d1d = 0, d7d = 0, i1h = 0, i1d = 0, n1h = 0, n1d = 0;
    double fw_d = 0.0, fw_i = 0.0, fw_n = 0.0, r_d = 0.0, r_i = 0.0, r_n = 0.0;
    if (dev != NULL && signals(dev, ck, ts, &d1h, &d1d, &d7d, &fw_d, &r_d) < 0)
        return NULL;
    if (ip != NULL && signals(ip, ck, ts, &i1h, &i1d, NULL, &fw_i, &r_i) < 0)
        return NULL;
    if (net != NULL && signals(net, ck, ts, &n1h, &n1d, NULL, &fw_n, &r_n) < 0)
        return NULL;
    double sh_d = (double)d1d - allow, sh_i = (double)i1d - 2.0 * allow, l_sh = 0.0, sh = 0.0;
    if (py_log1p(sh_d > 0 ? sh_d : 0.0, &l_sh) < 0 || py_log1p(sh_i > 0 ? sh_i : 0.0, &sh) < 0)
        return NULL;
    sh = sh * 0.5;
    if (sh > l_sh)
        l_sh = sh;
    i64 victims_d = 0;
    if (fw_d > 0.0 && victims(dev, ck, &victims_d) < 0)
        return NULL;
    double fo_d = victims_d ? fw_d : 0.0, fo_i = 0.0;
    if (fw_i > 0.0) {
        i64 vi;
        if (victims(ip, ck, &vi) < 0)
            return NULL;
        fo_i = vi > 0 ? fw_i : 0.0;
    }
    double add = 0.0;
    if (py_log1p(3.0 * (fo_d + fo_i) + fw_n, &add) < 0)
        return NULL;
    l_sh += add;

    i64 p1d = 0, snd = 0, pf_n = 0;
    double age_l = 0.0, fw_p = 0.0, fn_l = 0.0, ns_l1 = 0.0, nl_l1 = 0.0, r_s = 0.0, r_l = 0.0, nsl = 0.0,
           ns_share = 0.0, m[3] = {0.0, 0.0, 0.0}, l_rp = 0.0, rec = 0.0;
    if (pay != NULL) {
        /* population.payee_signals */
        PyObject *new_snd = list_slot(pay, O_new_snd), *days = list_slot(pay, O_days);
        if (new_snd == NULL || days == NULL)
            return NULL;
        i64 p1h;
        if (others(pay, ck, ts, &p1h, &p1d, 0.0, NULL) < 0)
            return NULL;
        double lo_d = ts - (double)DAY_S, hi_t = ts + 60;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(new_snd); i++) {
            i64 t;
            if (as_i64(PyList_GET_ITEM(new_snd, i), &t) < 0)
                return NULL;
            if (lo_d < (double)t && (double)t <= hi_t)
                snd++;
        }
        i64 wt, ft, first;
        double ws = 0.0, wl = 0.0, ns = 0.0, fw = 0.0, fws = 0.0;
        if (as_i64(SLOT(pay, O_w_t), &wt) < 0 || as_f64(SLOT(pay, O_w_s), &ws) < 0 ||
            as_f64(SLOT(pay, O_w_l), &wl) < 0 || as_f64(SLOT(pay, O_ns_l), &ns) < 0 ||
            as_f64(SLOT(pay, O_fraud_w), &fw) < 0 || as_i64(SLOT(pay, O_fraud_t), &ft) < 0 ||
            as_f64(SLOT(pay, O_fraud_ws), &fws) < 0 || as_i64(SLOT(pay, O_fraud_n), &pf_n) < 0 ||
            as_i64(SLOT(pay, O_first), &first) < 0)
            return NULL;
        double dt = ts - (double)wt, n_s, n_l, f;
        if (dt > 0) {
            double g;
            if (pow2(-dt / HL_S, &g) < 0 || pow2(-dt / HL_L, &f) < 0)
                return NULL;
            n_s = ws * g;
            n_l = wl * f;
        } else {
            n_s = ws;
            n_l = wl;
            f = 1.0;
        }
        double n_new;
        if (ns <= 0.0) {
            n_new = ns_share = 0.0;
        } else {
            n_new = ns * f;
            ns_share = n_new / (n_l + PRIOR_N);
            ns_share = ns_share < 1.0 ? ns_share : 1.0;
        }
        if (fw <= 0.0) {
            fw_p = r_s = r_l = 0.0;
        } else {
            dt = ts - (double)ft;
            double f_s = fws;
            if (dt > 0) {
                double g;
                if (pow2(-dt / HL_S, &g) < 0)
                    return NULL;
                f_s = fws * g;
                if (pow2(-dt / HL_L, &g) < 0)
                    return NULL;
                fw = fw * g;
            }
            r_s = f_s / (n_s + PRIOR_N);
            r_l = fw / (n_l + PRIOR_N);
            r_s = r_s < 1.0 ? r_s : 1.0;
            r_l = r_l < 1.0 ? r_l : 1.0;
            fw_p = fw;
        }
        /* population.matured_fraud_shares */
        Py_ssize_t nd = PyList_GET_SIZE(days);
        if (nd % 3 != 0) {
            PyErr_SetString(PyExc_TypeError, "entity days: not day triples");
            return NULL;
        }
        if (nd) {
            i64 hi_day = (i64)py_floordiv(ts, (double)DAY_S) - DELAY_DAYS;
            i64 n1 = 0, f1 = 0, n7 = 0, f7 = 0, n28 = 0, f28 = 0;
            for (Py_ssize_t i = nd - 3; i >= 0; i -= 3) {
                i64 day, n, fr;
                if (as_i64(PyList_GET_ITEM(days, i), &day) < 0 || as_i64(PyList_GET_ITEM(days, i + 1), &n) < 0 ||
                    as_i64(PyList_GET_ITEM(days, i + 2), &fr) < 0)
                    return NULL;
                i64 age = hi_day - day;
                if (age <= 0)
                    continue;
                if (age > M_W28)
                    break;
                n28 += n;
                f28 += fr;
                if (age <= M_W7) {
                    n7 += n;
                    f7 += fr;
                    if (age <= M_W1) {
                        n1 += n;
                        f1 += fr;
                    }
                }
            }
            m[0] = (double)f1 / ((double)n1 + PRIOR_N);
            m[1] = (double)f7 / ((double)n7 + PRIOR_N);
            m[2] = (double)f28 / ((double)n28 + PRIOR_N);
        }
        /* population.report_recency */
        if (pf_n > 0) {
            double dr = ts - (double)ft;
            if (dr > 0) {
                if (pow2(-dr / (double)DAY_S, &rec) < 0)
                    return NULL;
            } else {
                rec = 1.0;
            }
        }
        double age_d = ts - (double)first;
        age_d = (age_d > 0.0 ? age_d : 0.0) / 86400.0;
        if (py_log1p(age_d, &age_l) < 0 || py_log1p((double)pf_n, &fn_l) < 0 || py_log1p(n_s, &ns_l1) < 0 ||
            py_log1p(n_l, &nl_l1) < 0 || py_log1p(n_new, &nsl) < 0 || py_log1p(4.0 * fw_p, &l_rp) < 0)
            return NULL;
        if (age_d < 7.0 && snd >= 3) {
            double x = (double)snd / 2.0;
            l_rp += 0.7 * log(x);
        }
    }

    /* --- nothing fails from here but memory */
    if (dev != NULL)
        SET_V(v, F_DEV_RL, r_d);
    if (ip != NULL)
        SET_V(v, F_IP_RL, r_i);
    if (net != NULL) {
        SET_V(v, F_NET_RL, r_n);
        SET_V(v, F_NET_1D, (double)n1d);
    }
    SET_V(v, F_DEV_1H, (double)d1h);
    SET_V(v, F_DEV_1D, (double)d1d);
    SET_V(v, F_DEV_7D, (double)d7d);
    SET_V(v, F_IP_1H, (double)i1h);
    SET_V(v, F_IP_1D, (double)i1d);
    SET_V(v, F_DEV_FW, fw_d);
    SET_V(v, F_IP_FW, fw_i);
    SET_V(v, F_NET_FW, fw_n);
    SET_V(v, F_DEV_FO, fo_d);
    SET_V(llr, L_SHARED, l_sh < hi ? l_sh : hi);
    if (pay != NULL) {
        SET_V(v, F_PAYEE_1D, (double)p1d);
        SET_V(v, F_PAYEE_SND, (double)snd);
        SET_V(v, F_PAYEE_ENT_AGE, age_l);
        SET_V(v, F_PAYEE_FW, fw_p);
        SET_V(v, F_PAYEE_FN, fn_l);
        SET_V(v, F_PAYEE_NS, ns_l1);
        SET_V(v, F_PAYEE_NL, nl_l1);
        SET_V(v, F_PAYEE_RS, r_s);
        SET_V(v, F_PAYEE_RL, r_l);
        SET_V(v, F_PAYEE_NSL, nsl);
        SET_V(v, F_PAYEE_NSS, ns_share);
        SET_V(v, F_PAYEE_M1, m[0]);
        SET_V(v, F_PAYEE_M7, m[1]);
        SET_V(v, F_PAYEE_M28, m[2]);
        SET_V(v, F_PAYEE_REC, rec);
        SET_V(llr, L_RISKY_PAYEE, l_rp < hi ? l_rp : hi);
    }
    return Py_BuildValue("LLLLdL", d1d, i1d, pf_n, snd, fo_d, victims_d);
}
#undef SET_V

/* ------------------------------------------------------------ setup */

static int param_f(PyObject *p, const char *name, double *out) {
    PyObject *v = PyDict_GetItemString(p, name);
    if (v == NULL) {
        PyErr_Format(PyExc_KeyError, "missing parameter %s", name);
        return -1;
    }
    *out = PyFloat_AsDouble(v);
    return PyErr_Occurred() ? -1 : 0;
}

static int param_i(PyObject *p, const char *name, i64 *out, i64 min) {
    PyObject *v = PyDict_GetItemString(p, name);
    if (v == NULL) {
        PyErr_Format(PyExc_KeyError, "missing parameter %s", name);
        return -1;
    }
    if (as_i64(v, out) < 0)
        return -1;
    if (*out < min) {
        PyErr_Format(PyExc_ValueError, "parameter %s below %lld", name, min);
        return -1;
    }
    return 0;
}

static PyObject *setup(PyObject *self, PyObject *args) {
    PyTypeObject *tp;
    PyObject *p;
    if (!PyArg_ParseTuple(args, "O!O!", &PyType_Type, &tp, &PyDict_Type, &p))
        return NULL;
    if ((tp->tp_flags & Py_TPFLAGS_HAVE_GC) != 0) {
        /* a slot store is what msgspec's setattr does only for gc=False structs */
        PyErr_SetString(PyExc_TypeError, "Entity must be a gc=False struct");
        return NULL;
    }
    if (offset_of(tp, "first", &O_first) < 0 || offset_of(tp, "last", &O_last) < 0 ||
        offset_of(tp, "n", &O_n) < 0 || offset_of(tp, "cust", &O_cust) < 0 ||
        offset_of(tp, "new_snd", &O_new_snd) < 0 || offset_of(tp, "w_t", &O_w_t) < 0 ||
        offset_of(tp, "w_s", &O_w_s) < 0 || offset_of(tp, "w_l", &O_w_l) < 0 ||
        offset_of(tp, "ns_l", &O_ns_l) < 0 || offset_of(tp, "days", &O_days) < 0 ||
        offset_of(tp, "paid_k", &O_paid_k) < 0 || offset_of(tp, "paid", &O_paid) < 0)
        return NULL;
    if (param_f(p, "hl_short", &HL_S) < 0 || param_f(p, "hl_long", &HL_L) < 0 ||
        param_i(p, "day_s", &DAY_S, 1) < 0 || param_i(p, "days_kept", &DAYS_KEPT, 0) < 0 ||
        param_i(p, "cust_cap", &CUST_CAP, 1) < 0 || param_i(p, "sender_cap", &SENDER_CAP, 1) < 0 ||
        param_i(p, "paid_cap", &PAID_CAP, 1) < 0 || param_i(p, "settle_min", &SETTLE_MIN, 0) < 0)
        return NULL;
    Py_INCREF(tp);
    Py_XSETREF(T_Entity, tp);
    Py_RETURN_NONE;
}


/* setup_features(indices: dict, params: dict): the FeatureSet and llr indices by name, and
   the population constants the entity features use. After setup(). */
static PyObject *setup_features(PyObject *self, PyObject *args) {
    PyObject *idx, *p;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &idx, &PyDict_Type, &p))
        return NULL;
    if (T_Entity == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "features._population.setup was not called");
        return NULL;
    }
    PyTypeObject *tp = T_Entity;
    if (offset_of(tp, "fraud_w", &O_fraud_w) < 0 || offset_of(tp, "fraud_t", &O_fraud_t) < 0 ||
        offset_of(tp, "fraud_n", &O_fraud_n) < 0 || offset_of(tp, "fraud_ws", &O_fraud_ws) < 0 ||
        offset_of(tp, "fraud_cust", &O_fraud_cust) < 0)
        return NULL;
    for (int i = 0; i < N_OUT; i++) {
        PyObject *x = PyDict_GetItemString(idx, OUT_NAMES[i]);
        if (x == NULL) {
            PyErr_Format(PyExc_KeyError, "missing index %s", OUT_NAMES[i]);
            return NULL;
        }
        OUT_IDX[i] = PyLong_AsSsize_t(x);
        if (OUT_IDX[i] < 0) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_ValueError, "negative index %s", OUT_NAMES[i]);
            return NULL;
        }
    }
    if (param_f(p, "prior_n", &PRIOR_N) < 0 || param_i(p, "delay_days", &DELAY_DAYS, 0) < 0 ||
        param_i(p, "w1", &M_W1, 0) < 0 || param_i(p, "w7", &M_W7, 0) < 0 || param_i(p, "w28", &M_W28, 0) < 0 ||
        param_i(p, "dev_keep_s", &DEV_KEEP_S, 1) < 0)
        return NULL;
    features_ready = 1;
    Py_RETURN_NONE;
}


/* ------------------------------------------------------------ population frequencies */

#define N_FREQ 10
static PyTypeObject *T_Attributes = NULL;
static PyObject *FREQ_NAMES = NULL;      /* tuple of the 10 field names, FREQ_FIELDS' order */
static PyObject *HOW_KEYS_T = NULL;      /* tuple of 168 strs */
static PyObject *S_TRUE = NULL, *S_FALSE = NULL, *S_values = NULL, *S_total = NULL, *S_amt_sum = NULL,
                *S_amt_sq = NULL, *S_amt_n = NULL, *TRIM = NULL, *ONE = NULL;
static double TOTAL_CAP, AMT_BINS;
static Py_ssize_t FIELD_CAP;
/* Attributes slots, in the order of the keys counted */
static Py_ssize_t A_ip_country, A_asn, A_ua_os, A_ua_family, A_country, A_city, A_how, A_amount, A_channel, A_hosting;

/* count(c, a) -> bool: `PopulationFrequencies._add_py(c, a)`; False, with nothing
   changed, when the objects are not what it expects (the caller runs the Python). */
static PyObject *count(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (T_Attributes == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "features._population.setup_counts was not called");
        return NULL;
    }
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "count(counts, attrs)");
        return NULL;
    }
    PyObject *c = args[0], *a = args[1];
    if (!Py_IS_TYPE(a, T_Attributes))
        Py_RETURN_FALSE;
    PyObject *amount_o = SLOT(a, A_amount), *how_o = SLOT(a, A_how), *hosting = SLOT(a, A_hosting);
    if (amount_o == NULL || !PyFloat_CheckExact(amount_o) || how_o == NULL || !PyLong_CheckExact(how_o) ||
        hosting == NULL)
        Py_RETURN_FALSE;
    double amount = PyFloat_AS_DOUBLE(amount_o);
    double x = log(0.01 > amount ? 0.01 : amount);
    double xb = x * AMT_BINS;
    if (!isfinite(xb) || fabs(xb) > 1e15)
        Py_RETURN_FALSE;   /* math.floor raises, or an int past int64: Python says what */
    i64 how;
    int overflow = 0;
    how = PyLong_AsLongLongAndOverflow(how_o, &overflow);
    if (overflow || (how == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        Py_RETURN_FALSE;
    }
    PyObject *values = PyObject_GetAttr(c, S_values);
    PyObject *total = values != NULL ? PyObject_GetAttr(c, S_total) : NULL;
    PyObject *keys[N_FREQ] = {NULL};
    PyObject *result = NULL;
    if (total == NULL)
        goto done;
    if (!PyDict_CheckExact(values) || !PyDict_CheckExact(total)) {
        result = Py_False;
        goto done_ref;
    }
    /* every field's table must be a dict (or absent) before anything is counted */
    for (int i = 0; i < N_FREQ; i++) {
        PyObject *vals = PyDict_GetItemWithError(values, PyTuple_GET_ITEM(FREQ_NAMES, i));
        if (vals == NULL && PyErr_Occurred())
            goto done;
        if (vals != NULL && !PyDict_CheckExact(vals)) {
            result = Py_False;
            goto done_ref;
        }
    }
    static const Py_ssize_t *offs[6] = {&A_ip_country, &A_asn, &A_ua_os, &A_ua_family, &A_country, &A_city};
    for (int i = 0; i < 6; i++) {
        PyObject *k = SLOT(a, *offs[i]);
        if (k == NULL) {
            result = Py_False;
            goto done_ref;
        }
        keys[i] = k == Py_None ? NULL : Py_NewRef(k);
    }
    if (0 <= how && how < 168) {
        keys[6] = Py_NewRef(PyTuple_GET_ITEM(HOW_KEYS_T, how));
    } else if ((keys[6] = PyObject_Str(how_o)) == NULL) {
        goto done;
    }
    if ((keys[7] = PyUnicode_FromFormat("%lld", (i64)floor(xb))) == NULL)
        goto done;
    PyObject *ch = SLOT(a, A_channel);
    if (ch == NULL) {
        result = Py_False;
        goto done_ref;
    }
    keys[8] = ch == Py_None ? NULL : Py_NewRef(ch);
    if (hosting != Py_None) {
        int t = PyObject_IsTrue(hosting);
        if (t < 0)
            goto done;
        keys[9] = Py_NewRef(t ? S_TRUE : S_FALSE);
    }

    /* --- counted, as the Python loop */
    for (int i = 0; i < N_FREQ; i++) {
        PyObject *key = keys[i];
        if (key == NULL)
            continue;
        PyObject *name = PyTuple_GET_ITEM(FREQ_NAMES, i);
        PyObject *vals = PyDict_GetItemWithError(values, name);   /* borrowed */
        if (vals == NULL) {
            if (PyErr_Occurred())
                goto done;
            PyObject *d = PyDict_New();
            if (d == NULL || PyDict_SetItem(values, name, d) < 0) {
                Py_XDECREF(d);
                goto done;
            }
            vals = d;
            Py_DECREF(d);   /* the values dict holds it */
        }
        PyObject *old = PyDict_GetItemWithError(vals, key);
        if (old == NULL && PyErr_Occurred())
            goto done;
        PyObject *nv = old != NULL ? PyNumber_Add(old, ONE) : PyFloat_FromDouble(1.0);
        if (nv == NULL || PyDict_SetItem(vals, key, nv) < 0) {
            Py_XDECREF(nv);
            goto done;
        }
        Py_DECREF(nv);
        PyObject *ot = PyDict_GetItemWithError(total, name);
        if (ot == NULL && PyErr_Occurred())
            goto done;
        PyObject *tot = ot != NULL ? PyNumber_Add(ot, ONE) : PyFloat_FromDouble(1.0);
        if (tot == NULL || PyDict_SetItem(total, name, tot) < 0) {
            Py_XDECREF(tot);
            goto done;
        }
        int over = PyFloat_CheckExact(tot) ? PyFloat_AS_DOUBLE(tot) > TOTAL_CAP : 1;   /* else Python decides */
        if (PyDict_GET_SIZE(vals) > FIELD_CAP || over) {
            /* the rare caps: population.PopulationFrequencies._trim, as the loop's two ifs */
            PyObject *r = PyObject_CallFunctionObjArgs(TRIM, c, name, tot, NULL);
            if (r == NULL) {
                Py_DECREF(tot);
                goto done;
            }
            Py_DECREF(r);
        }
        Py_DECREF(tot);
    }
    PyObject *xo = PyFloat_FromDouble(x), *xx = xo != NULL ? PyFloat_FromDouble(x * x) : NULL;
    if (xx == NULL) {
        Py_XDECREF(xo);
        goto done;
    }
    PyObject *names[3] = {S_amt_sum, S_amt_sq, S_amt_n}, *adds[3] = {xo, xx, ONE};
    for (int i = 0; i < 3; i++) {
        PyObject *o = PyObject_GetAttr(c, names[i]);
        PyObject *n = o != NULL ? PyNumber_InPlaceAdd(o, adds[i]) : NULL;
        Py_XDECREF(o);
        if (n == NULL || PyObject_SetAttr(c, names[i], n) < 0) {
            Py_XDECREF(n);
            Py_DECREF(xo);
            Py_DECREF(xx);
            goto done;
        }
        Py_DECREF(n);
    }
    Py_DECREF(xo);
    Py_DECREF(xx);
    {
        PyObject *n = PyObject_GetAttr(c, S_amt_n);
        if (n == NULL)
            goto done;
        PyObject *cap = PyFloat_FromDouble(TOTAL_CAP);
        int over = cap != NULL ? PyObject_RichCompareBool(n, cap, Py_GT) : -1;
        Py_XDECREF(cap);
        Py_DECREF(n);
        if (over < 0)
            goto done;
        if (over) {
            PyObject *two = PyLong_FromLong(2);
            if (two == NULL)
                goto done;
            for (int i = 0; i < 3; i++) {
                PyObject *o = PyObject_GetAttr(c, names[i]);
                PyObject *h = o != NULL ? PyNumber_InPlaceTrueDivide(o, two) : NULL;
                Py_XDECREF(o);
                if (h == NULL || PyObject_SetAttr(c, names[i], h) < 0) {
                    Py_XDECREF(h);
                    Py_DECREF(two);
                    goto done;
                }
                Py_DECREF(h);
            }
            Py_DECREF(two);
        }
    }
    result = Py_True;
done_ref:
    Py_XINCREF(result);
done:
    for (int i = 0; i < N_FREQ; i++)
        Py_XDECREF(keys[i]);
    Py_XDECREF(values);
    Py_XDECREF(total);
    return result;
}

/* setup_counts(Attributes, params): the constants and helpers of `count`. */
static PyObject *setup_counts(PyObject *self, PyObject *args) {
    PyTypeObject *tp;
    PyObject *p;
    if (!PyArg_ParseTuple(args, "O!O!", &PyType_Type, &tp, &PyDict_Type, &p))
        return NULL;
    const char *anames[N_FREQ] = {"ip_country", "asn", "ua_os", "ua_family", "country", "city", "how", "amount",
                                  "channel", "hosting"};
    Py_ssize_t *aoffs[N_FREQ] = {&A_ip_country, &A_asn, &A_ua_os, &A_ua_family, &A_country, &A_city, &A_how,
                                 &A_amount, &A_channel, &A_hosting};
    for (int i = 0; i < N_FREQ; i++)
        if (offset_of(tp, anames[i], aoffs[i]) < 0)
            return NULL;
    PyObject *names = PyDict_GetItemString(p, "fields"), *hows = PyDict_GetItemString(p, "how_keys"),
             *trim = PyDict_GetItemString(p, "trim");
    if (names == NULL || !PyTuple_CheckExact(names) || PyTuple_GET_SIZE(names) != N_FREQ || hows == NULL ||
        !PyTuple_CheckExact(hows) || PyTuple_GET_SIZE(hows) != 168 || trim == NULL || !PyCallable_Check(trim)) {
        PyErr_SetString(PyExc_ValueError, "setup_counts: fields (10), how_keys (168) and trim are needed");
        return NULL;
    }
    double field_cap;
    if (param_f(p, "field_cap", &field_cap) < 0 || param_f(p, "total_cap", &TOTAL_CAP) < 0 ||
        param_f(p, "amt_bins_per_ln", &AMT_BINS) < 0)
        return NULL;
    FIELD_CAP = (Py_ssize_t)field_cap;
#define INTERN(var, text)                                  \
    do {                                                   \
        if (var == NULL && (var = PyUnicode_InternFromString(text)) == NULL) \
            return NULL;                                   \
    } while (0)
    INTERN(S_TRUE, "True");
    INTERN(S_FALSE, "False");
    INTERN(S_values, "values");
    INTERN(S_total, "total");
    INTERN(S_amt_sum, "amt_sum");
    INTERN(S_amt_sq, "amt_sq");
    INTERN(S_amt_n, "amt_n");
#undef INTERN
    if (ONE == NULL && (ONE = PyFloat_FromDouble(1.0)) == NULL)
        return NULL;
    Py_INCREF(names);
    Py_XSETREF(FREQ_NAMES, names);
    Py_INCREF(hows);
    Py_XSETREF(HOW_KEYS_T, hows);
    Py_INCREF(trim);
    Py_XSETREF(TRIM, trim);
    Py_INCREF(tp);
    Py_XSETREF(T_Attributes, tp);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"observe", (PyCFunction)(void (*)(void))observe, METH_FASTCALL,
     "observe(e, is_payee, ts, customer_key, new_sender, remember, units, minute, keep_s): one payment into an Entity."},
    {"setup", setup, METH_VARARGS, "setup(Entity, params): once, from features/population.py."},
    {"entity_features", (PyCFunction)(void (*)(void))entity_features, METH_FASTCALL,
     "entity_features(v, llr, dev_e, ip_e, net_e, pay_e, customer_key, ts, allowance, hi): extract's entity part."},
    {"count", (PyCFunction)(void (*)(void))count, METH_FASTCALL,
     "count(counts, attrs) -> bool: PopulationFrequencies._add_py; False with nothing changed when refused."},
    {"setup_counts", setup_counts, METH_VARARGS, "setup_counts(Attributes, params): once, from features/population.py."},
    {"setup_features", setup_features, METH_VARARGS, "setup_features(indices, params): once, from features/extract.py."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef population_module = {
    PyModuleDef_HEAD_INIT, "features._population", "Entity updates compiled (features/_population.c).", -1, methods,
};

PyMODINIT_FUNC PyInit__population(void) { return PyModule_Create(&population_module); }
