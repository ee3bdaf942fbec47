/*
 * features._derive: `attributes.derive_py` compiled, the first step of every
 * payment: the request's fields cleaned, its IP, device and payee turned into
 * keyed hashes and profile table keys, its network looked up.
 *
 * Why: in Python `derive` took ~11 us a payment on the load benchmark's bodies
 * (a new address in nearly every request) and ~8 % of a worker under load;
 * half of it was the new address: three HMAC-SHA256 (hashlib objects copied
 * and updated, hex digests sliced), the dotted quad split and checked, the
 * block's memo, and the tuple the memo keeps. Here the HMACs are computed in C
 * (SHA-256 below, on the key's inner and outer pad states computed once) and
 * the memo tables are read with the dict API.
 *
 * Same answers: the Attributes (every field, and the `_keys` tuple on its
 * __dict__) are equal to `derive_py`'s, and the memo tables hold the same
 * entries. What is not plain ASCII dotted-quad IPv4, a memo hit or a simple
 * string is done by the Python helpers themselves, called from here: any
 * other address is looked up by `NetLookup.lookup` (its hashes are computed
 * here, as `attributes._derive_ip` does), a device or payee id not in its memo
 * (`attributes._remember_hash`), a user agent not in its memo
 * (`attributes._ua_derived`), a label not in `hashing._LABELS`
 * (`hashing.label_key`), a network block not in the lookup's cache
 * (`NetLookup._geo`), a string with surrounding whitespace or letters to
 * change case (str.strip, lower, upper, casefold). A payment or context of an
 * unexpected type, or a time out of range, is handed whole to `derive_py`
 * before anything is done. tests/test_derive_c.py compares both over
 * randomized payments.
 *
 * Memory checks (clean on 2026-11-27): built with AddressSanitizer and
 * UndefinedBehaviorSanitizer as features/_hotpath.c says, tests/test_derive_c.py,
 * tests/test_netinfo.py and tests/test_features_attributes.py (-k "not switch")
 * report nothing. Under the preloaded sanitizers geoip2fast's loader hangs in
 * the `ps` it runs to report its memory: replace
 * `geoip2fast.geoip2fast.get_mem_usage` with a function returning 0.0 first.
 *
 * Python:
 *     setup(Payment, Attributes, DeriveContext, helpers: dict, memo_cap)   # once, from features/attributes.py
 *     hmac_state(key64: bytes) -> bytes   # the key's pad states, for DeriveContext
 *     hmac16(state, kind: str, value: str) -> str   # = Hasher(key)(kind, value), for the tests
 *     derive(payment, ctx) -> Attributes
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_cexact.h"

/* ------------------------------------------------------------ SHA-256 */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
static const uint32_t H0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) | ((uint32_t)p[4 * i + 2] << 8) |
               (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

/* SHA-256 from state `h` (after `done` bytes) over data[0:n], finished with its
   padding; the digest goes into out[32]. */
static void sha256_finish(uint32_t h[8], uint64_t done, const unsigned char *data, size_t n, unsigned char out[32]) {
    uint64_t bits = (done + n) * 8;
    while (n >= 64) {
        sha256_block(h, data);
        data += 64;
        n -= 64;
    }
    unsigned char buf[128];
    memcpy(buf, data, n);
    buf[n] = 0x80;
    size_t total = n + 9 <= 64 ? 64 : 128;
    memset(buf + n + 1, 0, total - n - 9);
    for (int i = 0; i < 8; i++)
        buf[total - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha256_block(h, buf);
    if (total == 128)
        sha256_block(h, buf + 64);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(h[i] >> 8);
        out[4 * i + 3] = (unsigned char)h[i];
    }
}

/* The key's state: SHA-256 after its inner pad, and after its outer pad. */
typedef struct {
    uint32_t inner[8], outer[8];
} HmacState;

/* hashing.Hasher's value: the first 16 hex digits of HMAC-SHA256(key, msg),
   into hex[16]; the first 32 bits of the MAC into *key32 (hashing.short_key). */
static void hmac16(const HmacState *st, const unsigned char *msg, size_t n, char hex[16], uint32_t *key32) {
    static const char digits[] = "0123456789abcdef";
    uint32_t h[8];
    unsigned char inner[32], mac[32];
    memcpy(h, st->inner, sizeof h);
    sha256_finish(h, 64, msg, n, inner);
    memcpy(h, st->outer, sizeof h);
    sha256_finish(h, 64, inner, 32, mac);
    for (int i = 0; i < 8; i++) {
        hex[2 * i] = digits[mac[i] >> 4];
        hex[2 * i + 1] = digits[mac[i] & 15];
    }
    *key32 = ((uint32_t)mac[0] << 24) | ((uint32_t)mac[1] << 16) | ((uint32_t)mac[2] << 8) | (uint32_t)mac[3];
}

/* ------------------------------------------------------------ set-up */

static PyTypeObject *T_Payment = NULL, *T_Attributes = NULL, *T_Ctx = NULL;
static Py_ssize_t P_customer_id, P_ts, P_amount, P_currency, P_channel, P_ip, P_device_id, P_user_agent, P_lat,
    P_lon, P_country, P_city, P_payee_id;
static Py_ssize_t A_ip_version, A_ip_h, A_net_a_h, A_net_b_h, A_asn, A_ip_country, A_hosting, A_device_h,
    A_ua_family, A_ua_os, A_ua_model, A_lat, A_lon, A_country, A_city, A_payee_h;
static Py_ssize_t C_hasher, C_net, C_ips, C_to_base, C_devs, C_payees, C_uas, C_chmac;
static PyObject *py_derive = NULL, *py_remember = NULL, *py_ua = NULL, *py_label = NULL;
static PyObject *labels = NULL;     /* hashing._LABELS */
static PyObject *kwnames = NULL;    /* the keywords Attributes is created with */
static PyObject *s_lookup, *s_version, *s_prefix_a, *s_prefix_b, *s_asn, *s_country, *s_hosting, *s_ip_kind, *s_net_kind, *s_dev, *s_payee, *s_strip, *s_lower, *s_upper, *s_casefold, *s_cache, *s_geo, *s_keys,
    *s_dict, *s_empty, *s_bar;
static Py_ssize_t MEMO_CAP = 65536;

static int offsets(PyTypeObject *tp, const char *const *names, Py_ssize_t *const *outs) {
    for (; *names != NULL; names++, outs++)
        if (offset_of(tp, *names, *outs) < 0)
            return -1;
    return 0;
}

static int intern(PyObject **slot, const char *s) {
    if (*slot == NULL)
        *slot = PyUnicode_InternFromString(s);
    return *slot == NULL ? -1 : 0;
}

static PyObject *setup(PyObject *self, PyObject *args) {
    PyObject *pay, *attrs, *ctx, *helpers;
    Py_ssize_t cap;
    if (!PyArg_ParseTuple(args, "O!O!O!O!n", &PyType_Type, &pay, &PyType_Type, &attrs, &PyType_Type, &ctx,
                          &PyDict_Type, &helpers, &cap))
        return NULL;
    static const char *const pnames[] = {"customer_id", "ts", "amount", "currency", "channel", "ip", "device_id",
                                         "user_agent", "lat", "lon", "country", "city", "payee_id", NULL};
    Py_ssize_t *const pouts[] = {&P_customer_id, &P_ts, &P_amount, &P_currency, &P_channel, &P_ip, &P_device_id,
                                 &P_user_agent, &P_lat, &P_lon, &P_country, &P_city, &P_payee_id};
    static const char *const anames[] = {"ip_version", "ip_h", "net_a_h", "net_b_h", "asn", "ip_country", "hosting",
                                         "device_h", "ua_family", "ua_os", "ua_model", "lat", "lon", "country",
                                         "city", "payee_h", NULL};
    Py_ssize_t *const aouts[] = {&A_ip_version, &A_ip_h, &A_net_a_h, &A_net_b_h, &A_asn, &A_ip_country, &A_hosting,
                                 &A_device_h, &A_ua_family, &A_ua_os, &A_ua_model, &A_lat, &A_lon, &A_country,
                                 &A_city, &A_payee_h};
    static const char *const cnames[] = {"hasher", "net", "ips", "to_base", "devs", "payees", "uas", "chmac", NULL};
    Py_ssize_t *const couts[] = {&C_hasher, &C_net, &C_ips, &C_to_base, &C_devs, &C_payees, &C_uas, &C_chmac};
    if (offsets((PyTypeObject *)pay, pnames, pouts) < 0 || offsets((PyTypeObject *)attrs, anames, aouts) < 0 ||
        offsets((PyTypeObject *)ctx, cnames, couts) < 0)
        return NULL;
    if (setup_item(helpers, "derive_py", &py_derive) < 0 ||
        setup_item(helpers, "remember_hash", &py_remember) < 0 || setup_item(helpers, "ua_derived", &py_ua) < 0 ||
        setup_item(helpers, "label_key", &py_label) < 0 || setup_item(helpers, "labels", &labels) < 0)
        return NULL;
    if (!PyDict_CheckExact(labels)) {
        PyErr_SetString(PyExc_TypeError, "labels must be a dict");
        return NULL;
    }
    if (cap < 1) {
        PyErr_SetString(PyExc_ValueError, "memo_cap must be positive");
        return NULL;
    }
    if (intern(&s_lookup, "lookup") < 0 || intern(&s_version, "version") < 0 || intern(&s_prefix_a, "prefix_a") < 0 ||
        intern(&s_prefix_b, "prefix_b") < 0 || intern(&s_asn, "asn") < 0 || intern(&s_country, "country") < 0 ||
        intern(&s_hosting, "hosting") < 0)
        return NULL;
    if (intern(&s_ip_kind, "ip") < 0 || intern(&s_net_kind, "net") < 0 || intern(&s_dev, "dev") < 0 || intern(&s_payee, "payee") < 0 || intern(&s_strip, "strip") < 0 ||
        intern(&s_lower, "lower") < 0 || intern(&s_upper, "upper") < 0 || intern(&s_casefold, "casefold") < 0 ||
        intern(&s_cache, "_cache") < 0 || intern(&s_geo, "_geo") < 0 || intern(&s_keys, "_keys") < 0 ||
        intern(&s_dict, "__dict__") < 0 || intern(&s_empty, "") < 0 || intern(&s_bar, "|") < 0)
        return NULL;
    if (kwnames == NULL) {
        kwnames = Py_BuildValue("(ssssss)", "customer_id", "ts", "amount", "currency", "channel", "how");
        if (kwnames == NULL)
            return NULL;
        for (Py_ssize_t i = 0; i < 6; i++)
            PyUnicode_InternInPlace(&PyTuple_GET_ITEM(kwnames, i));
    }
    Py_INCREF(pay);
    Py_XSETREF(T_Payment, (PyTypeObject *)pay);
    Py_INCREF(attrs);
    Py_XSETREF(T_Attributes, (PyTypeObject *)attrs);
    Py_INCREF(ctx);
    Py_XSETREF(T_Ctx, (PyTypeObject *)ctx);
    MEMO_CAP = cap;
    Py_RETURN_NONE;
}

static PyObject *hmac_state(PyObject *self, PyObject *arg) {
    if (!PyBytes_Check(arg) || PyBytes_GET_SIZE(arg) != 64) {
        PyErr_SetString(PyExc_ValueError, "hmac_state takes the 64-byte padded key");
        return NULL;
    }
    const unsigned char *key = (const unsigned char *)PyBytes_AS_STRING(arg);
    unsigned char pad[64];
    HmacState st;
    memcpy(st.inner, H0, sizeof H0);
    memcpy(st.outer, H0, sizeof H0);
    for (int i = 0; i < 64; i++)
        pad[i] = key[i] ^ 0x36;
    sha256_block(st.inner, pad);
    for (int i = 0; i < 64; i++)
        pad[i] = key[i] ^ 0x5c;
    sha256_block(st.outer, pad);
    return PyBytes_FromStringAndSize((const char *)&st, sizeof st);
}

static const HmacState *state_of(PyObject *b) {
    if (b == NULL || !PyBytes_CheckExact(b) || PyBytes_GET_SIZE(b) != (Py_ssize_t)sizeof(HmacState))
        return NULL;
    return (const HmacState *)PyBytes_AS_STRING(b);
}

/* kind + "\x1f" + value, UTF-8, hashed: (hex str, table key int) */
static int keyed(const HmacState *st, PyObject *kind, PyObject *value, PyObject **hex_out, PyObject **key_out) {
    Py_ssize_t nk, nv;
    const char *k = PyUnicode_AsUTF8AndSize(kind, &nk);
    if (k == NULL)
        return -1;
    const char *v = PyUnicode_AsUTF8AndSize(value, &nv);
    if (v == NULL)
        return -1;
    unsigned char small[256];
    unsigned char *msg = small;
    size_t n = (size_t)nk + 1 + (size_t)nv;
    if (n > sizeof small) {
        msg = PyMem_Malloc(n);
        if (msg == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    memcpy(msg, k, (size_t)nk);
    msg[nk] = 0x1f;
    memcpy(msg + nk + 1, v, (size_t)nv);
    char hex[16];
    uint32_t key32;
    hmac16(st, msg, n, hex, &key32);
    if (msg != small)
        PyMem_Free(msg);
    *hex_out = PyUnicode_FromStringAndSize(hex, 16);
    if (*hex_out == NULL)
        return -1;
    if (key_out != NULL) {
        *key_out = PyLong_FromUnsignedLong(key32);
        if (*key_out == NULL) {
            Py_CLEAR(*hex_out);
            return -1;
        }
    }
    return 0;
}

static PyObject *py_hmac16(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[1]) || !PyUnicode_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "hmac16(state, kind: str, value: str)");
        return NULL;
    }
    const HmacState *st = state_of(args[0]);
    if (st == NULL) {
        PyErr_SetString(PyExc_ValueError, "not an hmac_state");
        return NULL;
    }
    PyObject *hex;
    if (keyed(st, args[1], args[2], &hex, NULL) < 0)
        return NULL;
    return hex;
}

/* ------------------------------------------------------------ strings */

/* s.strip() (s an exact str): s itself when there is nothing to strip. */
static PyObject *strip(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (n > 0) {
        int kind = PyUnicode_KIND(s);
        const void *d = PyUnicode_DATA(s);
        if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, d, 0)) || Py_UNICODE_ISSPACE(PyUnicode_READ(kind, d, n - 1)))
            return PyObject_CallMethodNoArgs(s, s_strip);
    }
    Py_INCREF(s);
    return s;
}

/* True when an ASCII str has a letter in [lo, hi] (a case change would alter it). */
static int ascii_has(PyObject *s, char lo, char hi) {
    const unsigned char *p = (const unsigned char *)PyUnicode_DATA(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    for (Py_ssize_t i = 0; i < n; i++)
        if (p[i] >= (unsigned char)lo && p[i] <= (unsigned char)hi)
            return 1;
    return 0;
}

/* s.<method>() for lower/upper/casefold: s itself when ASCII with nothing to change. */
static PyObject *recase(PyObject *s, PyObject *method, char lo, char hi) {
    if (PyUnicode_IS_ASCII(s) && !ascii_has(s, lo, hi)) {
        Py_INCREF(s);
        return s;
    }
    return PyObject_CallMethodNoArgs(s, method);
}

/* s[:n] */
static PyObject *head(PyObject *s, Py_ssize_t n) {
    if (PyUnicode_GET_LENGTH(s) <= n) {
        Py_INCREF(s);
        return s;
    }
    return PyUnicode_Substring(s, 0, n);
}

/* hashing.label_key(v): the memo's entry, else the Python (which fills it). */
static PyObject *label(PyObject *v) {
    PyObject *k = PyDict_GetItemWithError(labels, v);
    if (k != NULL) {
        Py_INCREF(k);
        return k;
    }
    if (PyErr_Occurred())
        return NULL;
    return PyObject_CallOneArg(py_label, v);
}

/* memo[key] = value; a full memo first drops its oldest entries, a sixteenth
   of the cap, in insertion order (features/memo.py `make_room`, which the
   Python path calls: both leave the same entries). */
static int memo_put(PyObject *memo, PyObject *key, PyObject *value) {
    Py_ssize_t size = PyDict_GET_SIZE(memo);
    if (size >= MEMO_CAP) {
        Py_ssize_t n = (MEMO_CAP / 16 > 1 ? MEMO_CAP / 16 : 1) + size - MEMO_CAP, pos = 0, i = 0;
        PyObject **old = PyMem_Malloc((size_t)n * sizeof(PyObject *));
        PyObject *k, *v;
        if (old == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        while (i < n && PyDict_Next(memo, &pos, &k, &v)) {
            Py_INCREF(k);
            old[i++] = k;
        }
        int rc = 0;
        for (Py_ssize_t j = 0; j < i; j++) {
            if (rc == 0 && PyDict_DelItem(memo, old[j]) < 0)
                rc = -1;
            Py_DECREF(old[j]);
        }
        PyMem_Free(old);
        if (rc < 0)
            return -1;
    }
    return PyDict_SetItem(memo, key, value);
}

/* ------------------------------------------------------------ the address */

/* A new ASCII address without ':' as NetLookup.lookup and attributes._derive_ip
   see it: 1 and the octets when it is a dotted quad of decimal octets, 0 when it
   is not an IP, -1 when Python should decide (a part too long for this check). */
static int dotted_quad(const char *p, Py_ssize_t n, int oct[4]) {
    int part = 0, len = 0, val = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        char c = i < n ? p[i] : '.';
        if (c == '.') {
            if (part == 4 || len == 0)
                return 0;   /* a fifth part, or an empty one: int('') fails */
            if (val > 255)
                return 0;
            oct[part++] = val;
            len = val = 0;
        } else if (c >= '0' && c <= '9') {
            if (++len > 64)
                return -1;   /* int() of very long digit strings has limits of its own */
            if (val <= 255)
                val = val * 10 + (c - '0');
        } else {
            return 0;   /* '+', '-', ' ', '_', a letter: int() or isdigit() refuses it */
        }
    }
    return part == 4 ? 1 : 0;
}

/* label_key(v) if v else None */
static PyObject *label_or_none(PyObject *v) {
    int t = v == Py_None ? 0 : PyObject_IsTrue(v);
    if (t < 0)
        return NULL;
    if (t == 0)
        Py_RETURN_NONE;
    return label(v);
}

/* The memo's tuple for an address: (version, ip hash, prefix_a hash, prefix_b
   hash, ASN, IP country, hosting, then the table keys of the three hashes, of
   the ASN and of the IP country), as attributes._derive_ip builds it. */
static PyObject *net_tuple(const HmacState *st, PyObject *version, PyObject *iplow, PyObject *pa, PyObject *pb,
                           PyObject *asn, PyObject *cc, PyObject *hosting) {
    PyObject *r = NULL, *ip_h = NULL, *na = NULL, *nb = NULL, *ip_k = NULL, *na_k = NULL, *nb_k = NULL;
    PyObject *asn_k = NULL, *cc_k = NULL;
    if (keyed(st, s_ip_kind, iplow, &ip_h, &ip_k) < 0 || keyed(st, s_net_kind, pa, &na, &na_k) < 0 ||
        keyed(st, s_net_kind, pb, &nb, &nb_k) < 0 || (asn_k = label_or_none(asn)) == NULL ||
        (cc_k = label_or_none(cc)) == NULL)
        goto done;
    r = PyTuple_Pack(12, version, ip_h, na, nb, asn, cc, hosting, ip_k, na_k, nb_k, asn_k, cc_k);
done:
    Py_XDECREF(ip_h);
    Py_XDECREF(na);
    Py_XDECREF(nb);
    Py_XDECREF(ip_k);
    Py_XDECREF(na_k);
    Py_XDECREF(nb_k);
    Py_XDECREF(asn_k);
    Py_XDECREF(cc_k);
    return r;
}

/* A dotted quad as NetLookup.lookup takes it: its (asn, cc, hosting, private)
   from the lookup's cache of /24 blocks, else from NetLookup._geo (which
   fills it); the memo's tuple, new reference. */
static PyObject *ipv4_tuple(PyObject *ip, PyObject *net, const int oct[4], const HmacState *st) {
    char buf[48];
    PyObject *r = NULL, *block = NULL, *geo = NULL, *pa = NULL, *pb = NULL, *four = NULL, *canon = NULL;
    block = PyUnicode_FromFormat("%d.%d.%d", oct[0], oct[1], oct[2]);
    if (block == NULL)
        goto done;
    PyObject *cache = PyObject_GetAttr(net, s_cache);
    if (cache == NULL)
        goto done;
    geo = PyDict_CheckExact(cache) ? PyDict_GetItemWithError(cache, block) : NULL;
    Py_XINCREF(geo);
    Py_DECREF(cache);
    if (geo == NULL) {
        if (PyErr_Occurred())
            goto done;
        PyObject *full = PyUnicode_FromFormat("%U.%d", block, oct[3]);
        if (full == NULL)
            goto done;
        geo = PyObject_CallMethodObjArgs(net, s_geo, full, block, NULL);
        Py_DECREF(full);
        if (geo == NULL)
            goto done;
    }
    if (!PyTuple_CheckExact(geo) || PyTuple_GET_SIZE(geo) != 4) {
        PyErr_SetString(PyExc_ValueError, "NetLookup._geo gave something other than a tuple of 4");
        goto done;
    }
    PyOS_snprintf(buf, sizeof buf, "%d.%d.%d/24", oct[0], oct[1], oct[2]);
    if ((pa = PyUnicode_FromString(buf)) == NULL)
        goto done;
    PyOS_snprintf(buf, sizeof buf, "%d.%d/16", oct[0], oct[1]);
    if ((pb = PyUnicode_FromString(buf)) == NULL || (four = PyLong_FromLong(4)) == NULL)
        goto done;
    /* hashed in NetInfo.addr's form, the octets in decimal ("081.2.69.160" is 81.2.69.160) */
    PyOS_snprintf(buf, sizeof buf, "%d.%d.%d.%d", oct[0], oct[1], oct[2], oct[3]);
    if ((canon = PyUnicode_FromString(buf)) == NULL)
        goto done;
    r = net_tuple(st, four, canon, pa, pb, PyTuple_GET_ITEM(geo, 0), PyTuple_GET_ITEM(geo, 1), PyTuple_GET_ITEM(geo, 2));
done:
    Py_XDECREF(block);
    Py_XDECREF(geo);
    Py_XDECREF(pa);
    Py_XDECREF(pb);
    Py_XDECREF(four);
    Py_XDECREF(canon);
    return r;
}

/* Any other address: NetLookup.lookup (Python) says what it is, the hashes are
   computed here. */
static PyObject *looked_up_tuple(PyObject *ip, PyObject *net, const HmacState *st) {
    PyObject *r = NULL, *info = NULL, *version = NULL, *low = NULL, *pa = NULL, *pb = NULL, *asn = NULL, *cc = NULL;
    PyObject *hosting = NULL;
    int t;
    info = PyObject_CallMethodOneArg(net, s_lookup, ip);
    if (info == NULL || (version = PyObject_GetAttr(info, s_version)) == NULL || (t = PyObject_IsTrue(version)) < 0)
        goto done;
    if (t == 0) {
        r = Py_None;
        Py_INCREF(r);
        goto done;
    }
    /* NetInfo.addr, the address in one text form; else as sent, lower-cased */
    if ((low = PyObject_GetAttrString(info, "addr")) == NULL)
        goto done;
    if (low == Py_None || !PyUnicode_Check(low) || PyUnicode_GET_LENGTH(low) == 0) {
        Py_DECREF(low);
        if ((low = recase(ip, s_lower, 'A', 'Z')) == NULL)
            goto done;
    }
    if ((pa = PyObject_GetAttr(info, s_prefix_a)) == NULL ||
        (pb = PyObject_GetAttr(info, s_prefix_b)) == NULL || (asn = PyObject_GetAttr(info, s_asn)) == NULL ||
        (cc = PyObject_GetAttr(info, s_country)) == NULL || (hosting = PyObject_GetAttr(info, s_hosting)) == NULL)
        goto done;
    r = net_tuple(st, version, low, pa, pb, asn, cc, hosting);
done:
    Py_XDECREF(info);
    Py_XDECREF(version);
    Py_XDECREF(low);
    Py_XDECREF(pa);
    Py_XDECREF(pb);
    Py_XDECREF(asn);
    Py_XDECREF(cc);
    Py_XDECREF(hosting);
    return r;
}

/* attributes._derive_ip for an address not in the memo, remembered; new
   reference (Py_None when it is not an IP), NULL with an exception. */
static PyObject *derive_ip_new(PyObject *ip, PyObject *ctx, const HmacState *st) {
    int oct[4];
    int q = -1;
    if (PyUnicode_IS_ASCII(ip)) {
        const char *p = (const char *)PyUnicode_DATA(ip);
        Py_ssize_t n = PyUnicode_GET_LENGTH(ip);
        if (memchr(p, ':', (size_t)n) == NULL)
            q = dotted_quad(p, n, oct);
    }
    PyObject *r;
    if (q == 0) {
        r = Py_None;
        Py_INCREF(r);
    } else if (q == 1) {
        r = ipv4_tuple(ip, SLOT(ctx, C_net), oct, st);
    } else {
        r = looked_up_tuple(ip, SLOT(ctx, C_net), st);
    }
    if (r != NULL && memo_put(SLOT(ctx, C_ips), ip, r) < 0)
        Py_CLEAR(r);
    return r;
}

/* ------------------------------------------------------------ derive */

#define SET(obj, off, val)                   \
    do {                                     \
        PyObject *old_ = SLOT(obj, off);     \
        Py_INCREF(val);                      \
        SLOT(obj, off) = (val);              \
        Py_XDECREF(old_);                    \
    } while (0)

static int str_or_none(PyObject *v) { return v != NULL && (v == Py_None || PyUnicode_CheckExact(v)); }
static int float_or_none(PyObject *v) { return v != NULL && (v == Py_None || PyFloat_CheckExact(v)); }

/* v.strip() or None (v an exact str or None): a new reference, or NULL with *err set. */
static PyObject *cleaned(PyObject *v, int *err) {
    if (v == Py_None)
        return NULL;
    PyObject *s = strip(v);
    if (s == NULL) {
        *err = 1;
        return NULL;
    }
    if (PyUnicode_GET_LENGTH(s) == 0) {
        Py_DECREF(s);
        return NULL;
    }
    return s;
}

/* v.strip().<method>()[:n] (n < 0: all of it), or NULL when v is None or
   strips to nothing: a new reference, or NULL with *err set. */
static PyObject *cleaned_as(PyObject *v, PyObject *method, char lo, char hi, Py_ssize_t n, int *err) {
    PyObject *s = cleaned(v, err);
    if (s == NULL)
        return NULL;
    PyObject *r = recase(s, method, lo, hi);
    Py_DECREF(s);
    if (r != NULL && n >= 0) {
        PyObject *h = head(r, n);
        Py_DECREF(r);
        r = h;
    }
    if (r == NULL)
        *err = 1;
    return r;
}

/* memo.get(key), else the Python helper `fn(*args)` (which fills the memo): a
   tuple of `size` items, new reference; NULL with an exception. */
static PyObject *memo_or(PyObject *memo, PyObject *key, Py_ssize_t size, PyObject *fn, PyObject *a0, PyObject *a1,
                         PyObject *a2, PyObject *a3) {
    PyObject *hit = PyDict_GetItemWithError(memo, key);
    if (hit != NULL)
        Py_INCREF(hit);
    else if (PyErr_Occurred())
        return NULL;
    else
        hit = PyObject_CallFunctionObjArgs(fn, a0, a1, a2, a3, NULL);
    if (hit != NULL && (!PyTuple_Check(hit) || PyTuple_GET_SIZE(hit) != size)) {
        PyErr_Format(PyExc_ValueError, "a memo entry is not a tuple of %zd", size);
        Py_CLEAR(hit);
    }
    return hit;
}

/* A device or payee id: its keyed hash into the Attributes slot `off`, its
   table key into *key (`attributes._remember_hash` when the memo misses it);
   nothing when it is None or strips to nothing. 0, or -1 with an exception. */
static int hashed_id(PyObject *a, Py_ssize_t off, PyObject *memo, PyObject *kind, PyObject *ctx, PyObject *raw,
                     PyObject **key) {
    int err = 0;
    PyObject *v = cleaned(raw, &err);
    if (v == NULL)
        return err ? -1 : 0;
    PyObject *hit = memo_or(memo, v, 2, py_remember, memo, ctx, kind, v);
    Py_DECREF(v);
    if (hit == NULL)
        return -1;
    SET(a, off, PyTuple_GET_ITEM(hit, 0));
    *key = PyTuple_GET_ITEM(hit, 1);
    Py_INCREF(*key);
    Py_DECREF(hit);
    return 0;
}

static PyObject *derive(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "derive(payment, ctx)");
        return NULL;
    }
    PyObject *pay = args[0], *ctx = args[1];
    if (py_derive == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "features._derive.setup() has not been called");
        return NULL;
    }
    if (Py_TYPE(pay) != T_Payment || Py_TYPE(ctx) != T_Ctx)
        return PyObject_CallFunctionObjArgs(py_derive, pay, ctx, NULL);
    PyObject *cid = SLOT(pay, P_customer_id), *ts = SLOT(pay, P_ts), *amount = SLOT(pay, P_amount);
    PyObject *currency = SLOT(pay, P_currency), *channel = SLOT(pay, P_channel), *ip = SLOT(pay, P_ip);
    PyObject *dev = SLOT(pay, P_device_id), *ua = SLOT(pay, P_user_agent), *lat = SLOT(pay, P_lat);
    PyObject *lon = SLOT(pay, P_lon), *country = SLOT(pay, P_country), *city = SLOT(pay, P_city);
    PyObject *payee = SLOT(pay, P_payee_id);
    PyObject *ips = SLOT(ctx, C_ips), *devs = SLOT(ctx, C_devs), *payees = SLOT(ctx, C_payees);
    PyObject *uas = SLOT(ctx, C_uas), *to_base = SLOT(ctx, C_to_base);
    const HmacState *st = state_of(SLOT(ctx, C_chmac));
    /* what this code does not handle goes whole to the Python, before anything is done */
    if (cid == NULL || !PyUnicode_CheckExact(cid) || ts == NULL || !PyFloat_CheckExact(ts) || amount == NULL ||
        !PyFloat_CheckExact(amount) || !str_or_none(currency) || !str_or_none(channel) || !str_or_none(ip) ||
        !str_or_none(dev) || !str_or_none(ua) || !float_or_none(lat) || !float_or_none(lon) ||
        !str_or_none(country) || !str_or_none(city) || !str_or_none(payee) || st == NULL || ips == NULL ||
        !PyDict_CheckExact(ips) || devs == NULL || !PyDict_CheckExact(devs) || payees == NULL ||
        !PyDict_CheckExact(payees) || uas == NULL || !PyDict_CheckExact(uas) || to_base == NULL ||
        SLOT(ctx, C_net) == NULL || SLOT(ctx, C_hasher) == NULL)
        return PyObject_CallFunctionObjArgs(py_derive, pay, ctx, NULL);
    double t = PyFloat_AS_DOUBLE(ts);
    if (!(fabs(t) < 1e15))   /* NaN and infinities too: Python's int() raises there */
        return PyObject_CallFunctionObjArgs(py_derive, pay, ctx, NULL);

    /* hour_of_week(ts): ((int(ts // 86400.0) + 3) % 7) * 24 + int(ts % 86400.0) // 3600 */
    long long days = (long long)py_floordiv(t, 86400.0);
    long long wd = (days + 3) % 7;
    if (wd < 0)
        wd += 7;
    double m = fmod(t, 86400.0);   /* Python's float %, floatobject.c float_rem */
    if (m) {
        if (m < 0)
            m += 86400.0;
    } else {
        m = 0.0;
    }
    long long how = wd * 24 + (long long)m / 3600;

    PyObject *a = NULL, *amt = NULL, *cur = NULL, *ch = NULL, *howo = NULL, *ipc = NULL, *net = NULL;
    PyObject *uac = NULL, *uhit = NULL, *cc3 = NULL, *cityc = NULL, *city_full = NULL, *keys = NULL, *d = NULL;
    PyObject *k[11];
    int err = 0;
    for (int i = 0; i < 11; i++)
        k[i] = NULL;

    if (to_base != Py_None) {
        PyObject *f = PyObject_CallOneArg(to_base, currency);
        if (f == NULL)
            goto fail;
        amt = PyNumber_Multiply(amount, f);
        Py_DECREF(f);
        if (amt == NULL)
            goto fail;
    } else {
        amt = amount;
        Py_INCREF(amt);
    }
    cur = cleaned(currency, &err);
    if (err)
        goto fail;
    ch = cleaned_as(channel, s_lower, 'A', 'Z', -1, &err);
    if (err)
        goto fail;
    howo = PyLong_FromLongLong(how);
    if (howo == NULL)
        goto fail;
    {
        PyObject *cargs[6] = {cid, ts, amt, cur != NULL ? cur : Py_None, ch != NULL ? ch : Py_None, howo};
        a = PyObject_Vectorcall((PyObject *)T_Attributes, cargs, 0, kwnames);
        if (a == NULL)
            goto fail;
    }

    ipc = cleaned(ip, &err);
    if (err)
        goto fail;
    if (ipc != NULL) {
        net = PyDict_GetItemWithError(ips, ipc);
        if (net != NULL)
            Py_INCREF(net);
        else if (PyErr_Occurred() || (net = derive_ip_new(ipc, ctx, st)) == NULL)
            goto fail;
        if (net != Py_None) {
            if (!PyTuple_Check(net) || PyTuple_GET_SIZE(net) != 12) {
                PyErr_SetString(PyExc_ValueError, "an address's memo entry is not a tuple of 12");
                goto fail;
            }
            SET(a, A_ip_version, PyTuple_GET_ITEM(net, 0));
            SET(a, A_ip_h, PyTuple_GET_ITEM(net, 1));
            SET(a, A_net_a_h, PyTuple_GET_ITEM(net, 2));
            SET(a, A_net_b_h, PyTuple_GET_ITEM(net, 3));
            SET(a, A_asn, PyTuple_GET_ITEM(net, 4));
            SET(a, A_ip_country, PyTuple_GET_ITEM(net, 5));
            SET(a, A_hosting, PyTuple_GET_ITEM(net, 6));
            for (int i = 0; i < 5; i++) {
                k[i] = PyTuple_GET_ITEM(net, 7 + i);
                Py_INCREF(k[i]);
            }
        }
    }
    if (hashed_id(a, A_device_h, devs, s_dev, ctx, dev, &k[5]) < 0)
        goto fail;
    uac = cleaned(ua, &err);
    if (err)
        goto fail;
    if (uac != NULL) {
        uhit = memo_or(uas, uac, 5, py_ua, uac, ctx, NULL, NULL);
        if (uhit == NULL)
            goto fail;
        SET(a, A_ua_family, PyTuple_GET_ITEM(uhit, 0));
        SET(a, A_ua_os, PyTuple_GET_ITEM(uhit, 1));
        SET(a, A_ua_model, PyTuple_GET_ITEM(uhit, 2));
        k[6] = PyTuple_GET_ITEM(uhit, 3);
        k[7] = PyTuple_GET_ITEM(uhit, 4);
        Py_INCREF(k[6]);
        Py_INCREF(k[7]);
    }
    if (lat != Py_None && lon != Py_None) {   /* geo.valid_latlon */
        double la = PyFloat_AS_DOUBLE(lat), lo = PyFloat_AS_DOUBLE(lon);
        if (-90.0 <= la && la <= 90.0 && -180.0 <= lo && lo <= 180.0 && !(la == 0.0 && lo == 0.0)) {
            SET(a, A_lat, lat);
            SET(a, A_lon, lon);
        }
    }
    cc3 = cleaned_as(country, s_upper, 'a', 'z', 3, &err);
    if (err)
        goto fail;
    if (cc3 != NULL) {
        SET(a, A_country, cc3);
        if ((k[8] = label(cc3)) == NULL)
            goto fail;
    }
    cityc = cleaned_as(city, s_casefold, 'A', 'Z', 64, &err);
    if (err)
        goto fail;
    if (cityc != NULL) {
        city_full = PyUnicode_FromFormat("%U|%U", cc3 != NULL ? cc3 : s_empty, cityc);
        if (city_full == NULL)
            goto fail;
        SET(a, A_city, city_full);
        if ((k[9] = label(city_full)) == NULL)
            goto fail;
    }
    if (hashed_id(a, A_payee_h, payees, s_payee, ctx, payee, &k[10]) < 0)
        goto fail;
    /* profile.attr_keys, in profile.TABLES order, on the instance's __dict__ */
    keys = PyTuple_New(11);
    if (keys == NULL)
        goto fail;
    for (int i = 0; i < 11; i++) {
        PyObject *v = k[i] != NULL ? k[i] : Py_None;
        Py_INCREF(v);
        PyTuple_SET_ITEM(keys, i, v);
    }
    d = PyObject_GetAttr(a, s_dict);
    if (d == NULL || PyDict_SetItem(d, s_keys, keys) < 0)
        goto fail;
    goto done;
fail:
    Py_CLEAR(a);
done:
    for (int i = 0; i < 11; i++)
        Py_XDECREF(k[i]);
    Py_XDECREF(amt);
    Py_XDECREF(cur);
    Py_XDECREF(ch);
    Py_XDECREF(howo);
    Py_XDECREF(ipc);
    Py_XDECREF(net);
    Py_XDECREF(uac);
    Py_XDECREF(uhit);
    Py_XDECREF(cc3);
    Py_XDECREF(cityc);
    Py_XDECREF(city_full);
    Py_XDECREF(keys);
    Py_XDECREF(d);
    return a;
}

static PyMethodDef methods[] = {
    {"derive", (PyCFunction)(void (*)(void))derive, METH_FASTCALL, "derive(payment, ctx) -> Attributes"},
    {"setup", setup, METH_VARARGS, "setup(Payment, Attributes, DeriveContext, helpers, memo_cap): once."},
    {"hmac_state", hmac_state, METH_O, "hmac_state(key64) -> the key's inner and outer pad states"},
    {"hmac16", (PyCFunction)(void (*)(void))py_hmac16, METH_FASTCALL,
     "hmac16(state, kind, value) -> hashing.Hasher's value"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef derive_module = {
    PyModuleDef_HEAD_INIT, "features._derive", "attributes.derive compiled (features/_derive.c).", -1, methods,
};

PyMODINIT_FUNC PyInit__derive(void) { return PyModule_Create(&derive_module); }
