"""PSD2 transaction risk analysis (RTS 2018/389 art. 18-19 and Annex): observed
fraud rates by amount band over a rolling window, against the reference rates.

Why a monitor and not a query: the rates must be known on every decision in
O(1), and a regulator (and the security team) wants them reported. Volumes are
kept per day in a ring of `window_days` buckets, so memory is bounded and the
clock is the payments' own event time: a replay of history gives the same rates
as live traffic did. Rates are value-based, as in art. 19: fraud value over
all completed value in the window.

The frictionless ceiling is recomputed once per event-time day (stable within a
day, cheap on the hot path) and at once after a fraud report (only ever safer). It is a prefix of the bands: frictionless is allowed
up to the upper bound of the largest band such that it and every lower band are
under their reference. A prefix keeps decisions monotone in the amount.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import msgspec

from models.policy_config import TraConfig

if TYPE_CHECKING:
    from models.policy import Policy

DAY = 86400.0
_SNAPSHOT_VERSION = 1
# per-slot counters, one row per band (+1 "above the last band")
VOL, FRAUD, N, NF, EXEMPT = range(5)
_FIELDS = 5


class _Snapshot(msgspec.Struct, array_like=True):
    version: int
    window: int
    edges: list[float]
    latest_day: int
    slot_day: list[int]
    data: list[list[float]]


class TraMonitor:
    """Observed fraud rates per amount band over the last `window_days` days."""

    __slots__ = (
        "cfg", "_edges", "_refs", "_nb", "_window", "_fx", "_base_eur",
        "_slot_day", "_data", "_latest_day", "_cache_day", "_cache_ceiling", "_peers",
        "_adopted",
    )

    def __init__(self, cfg: "TraConfig | Policy", fx_eur: dict[str, float] | None = None,
                 base_currency: str = "EUR") -> None:
        """`TraMonitor(policy)`: the monitor of that policy's bands and currencies,
        and the one its TRA rule reads from now on (so the service's observations
        drive the frictionless ceiling). `TraMonitor(tra_config, fx, currency)`:
        a free-standing monitor."""
        if not isinstance(cfg, TraConfig):
            policy = cfg
            cfg, fx_eur, base_currency = policy.config.tra, policy.config.fx, policy.config.currency
            policy.tra = self
        self.cfg = cfg
        fx_eur = fx_eur if fx_eur is not None else {"EUR": 1.0}
        self._edges = tuple(b.max_eur for b in cfg.bands)
        self._refs = tuple(b.reference_rate for b in cfg.bands)
        self._nb = len(self._edges) + 1
        self._window = cfg.window_days
        self._fx = fx_eur
        self._base_eur = fx_eur.get(base_currency, 1.0)
        self._slot_day = [-1] * self._window
        self._data = [[0.0] * (self._nb * _FIELDS) for _ in range(self._window)]
        self._latest_day = -1
        self._cache_day = -1
        self._cache_ceiling = 0.0
        #: the other workers' counters (`set_peers`), day -> row, read with this
        #: monitor's own: the fleet's rates decide, not this worker's share of them
        self._peers: dict[int, list[float]] = {}
        #: those of them no live worker counts as its own (`set_peers`' `adopted`)
        self._adopted: dict[int, list[float]] = {}

    # ------------------------------------------------------------ updates

    def _eur(self, amount: float, currency: str | None) -> float:
        if currency is None:
            return amount * self._base_eur
        return amount * self._fx.get(currency, 1.0)

    def _band(self, eur: float) -> int:
        for i, edge in enumerate(self._edges):
            if eur <= edge:
                return i
        return self._nb - 1

    def _row(self, ts: float) -> list[float] | None:
        """The day's counters, or None when the day is already out of the window."""
        day = int(ts // DAY)
        if day > self._latest_day:
            self._latest_day = day
        if day <= self._latest_day - self._window:
            return None
        slot = day % self._window
        if self._slot_day[slot] != day:
            if self._slot_day[slot] > day:
                return None
            self._slot_day[slot] = day
            row = self._data[slot]
            for i in range(len(row)):
                row[i] = 0.0
        return self._data[slot]

    def _slot(self, amount: float, currency: str | None, ts: float) -> tuple[Any, int, float] | None:
        """The day row, the band's offset in it and the amount in EUR; None for a
        time outside the window."""
        if not math.isfinite(ts):
            return None
        row = self._row(ts)
        if row is None:
            return None
        eur = self._eur(amount, currency)
        return row, self._band(eur) * _FIELDS, eur

    def observe(self, amount: float, currency: str | None, ts: float, level: int) -> None:
        """Count a payment that completed (level 0 at once, 1-3 after a passed
        challenge). Level 4 payments never happened and are ignored."""
        if level >= 4:
            return
        slot = self._slot(amount, currency, ts)
        if slot is None:
            return
        row, base, eur = slot
        row[base + VOL] += eur
        row[base + N] += 1.0
        if level == 0:
            row[base + EXEMPT] += eur

    def observe_fraud(self, amount: float, currency: str | None, ts: float) -> None:
        """Count a reported fraud. `ts` is the fraudulent payment's own time, so the
        fraud lands in the same day as its volume; older than the window: ignored."""
        slot = self._slot(amount, currency, ts)
        if slot is None:
            return
        row, base, eur = slot
        row[base + FRAUD] += eur
        row[base + NF] += 1.0
        self._cache_day = -2  # a fraud may close a band at once; volume waits for the next day

    def unobserve_fraud(self, amount: float, currency: str | None, ts: float) -> None:
        """Take back a fraud `observe_fraud` counted (its report was cleared):
        the same day and band, never below 0. A day out of the window, or whose
        slot holds another day now, is left alone: `observe_fraud` had nothing
        there either, or it has gone with its day. The frictionless ceiling is
        not recomputed at once (a report recomputes it because that can only
        close bands): a band the clear reopens opens at the next day's
        recomputation, as added volume does."""
        if not math.isfinite(ts):
            return
        day = int(ts // DAY)
        if day > self._latest_day or day <= self._latest_day - self._window:
            return
        slot = day % self._window
        if self._slot_day[slot] != day:
            return
        row = self._data[slot]
        eur = self._eur(amount, currency)
        base = self._band(eur) * _FIELDS
        fraud = row[base + FRAUD] - eur
        row[base + FRAUD] = fraud if fraud > 0.0 else 0.0
        nf = row[base + NF] - 1.0
        row[base + NF] = nf if nf > 0.0 else 0.0

    # ------------------------------------------------------------ reading

    def _sums(self, now_ts: float, own_only: bool = False) -> list[list[float]]:
        now_day = int(now_ts // DAY)
        lo = now_day - self._window
        sums = [[0.0] * _FIELDS for _ in range(self._nb)]
        rows = [self._data[slot] for slot, day in enumerate(self._slot_day) if lo < day <= now_day]
        rows += [row for day, row in (self._adopted if own_only else self._peers).items() if lo < day <= now_day]
        for row in rows:
            for b in range(self._nb):
                s = sums[b]
                off = b * _FIELDS
                for f in range(_FIELDS):
                    s[f] += row[off + f]
        return sums

    def set_peers(self, blobs: list[bytes], adopted: list[bytes] | tuple[()] = ()) -> int:
        """The other workers' monitors (their `snapshot`s), read with this one's own
        from now on; returns how many were used. A worker counts the payments it
        scored and the reports it received: with several workers (one connection
        pool scoring, another reporting) each one's own rate missed the others'
        fraud, and a review saw a worker exempt a band whose fleet rate was 7.5 %.
        A snapshot of other bands or window is passed over. `adopted`: more of
        them, also counted as this monitor's own (`own_only`: the value gauges
        summed over the workers), those of slots no worker runs any more."""
        peers: dict[int, list[float]] = {}
        adopted_rows: dict[int, list[float]] = {}
        used = 0
        width = self._nb * _FIELDS
        for blob, into in [(b, (peers,)) for b in blobs] + [(b, (peers, adopted_rows)) for b in adopted]:
            try:
                snap = msgspec.msgpack.decode(blob, type=_Snapshot)
            except msgspec.DecodeError:
                continue
            if (snap.version != _SNAPSHOT_VERSION or snap.window != self._window or tuple(snap.edges) != self._edges
                    or len(snap.slot_day) != len(snap.data) or any(len(r) != width for r in snap.data)):
                continue
            used += 1
            for day, row in zip(snap.slot_day, snap.data):
                if day < 0:
                    continue
                for d in into:
                    acc = d.get(day)
                    if acc is None:
                        d[day] = list(row)
                    else:
                        for i in range(width):
                            acc[i] += row[i]
        self._peers = peers       # one assignment: a decision on the loop sees the old or the new
        self._adopted = adopted_rows
        self._cache_day = -1
        return used

    def _label(self, b: int) -> str:
        return f"<={self._edges[b]:g}" if b < len(self._edges) else f">{self._edges[-1]:g}"

    def reference_rates(self) -> dict[str, float]:
        """Reference rate per band label, for the metrics."""
        return {self._label(b): r for b, r in enumerate(self._refs)}

    def band_rates(self, now_ts: float) -> dict[str, float]:
        """Observed value-based fraud rate per band label (and ">max", "all") in the
        window ending at `now_ts`; 0.0 where nothing completed (see band_stats)."""
        return {k: (v["fraud_rate"] or 0.0) for k, v in self.band_stats(now_ts).items()}  # type: ignore[misc]

    def band_stats(self, now_ts: float, own_only: bool = False) -> dict[str, dict[str, float | bool | None]]:
        """Per band ("<=100", "<=250", ..., ">500", "all"): value and count of
        completed and fraudulent payments in the window ending at `now_ts`, the
        fraud rate (None without volume), the reference and whether it is met;
        with the peers' (`set_peers`) unless `own_only` (then with the adopted
        ones only)."""
        sums = self._sums(now_ts, own_only)
        total = [sum(s[f] for s in sums) for f in range(_FIELDS)]
        overall = total[FRAUD] / total[VOL] if total[VOL] > 0 else None
        out: dict[str, dict[str, float | bool | None]] = {}
        for b in range(self._nb):
            s = sums[b]
            label = self._label(b)
            ref = self._refs[b] if b < len(self._refs) else None
            rate = s[FRAUD] / s[VOL] if s[VOL] > 0 else None
            out[label] = {
                "volume_eur": s[VOL], "fraud_eur": s[FRAUD], "count": s[N], "fraud_count": s[NF],
                "exempt_volume_eur": s[EXEMPT], "fraud_rate": rate, "reference_rate": ref,
                "under_reference": self._ok(s[VOL], rate, overall, total[VOL], ref),
            }
        out["all"] = {
            "volume_eur": total[VOL], "fraud_eur": total[FRAUD], "count": total[N], "fraud_count": total[NF],
            "exempt_volume_eur": total[EXEMPT], "fraud_rate": overall, "reference_rate": None,
            "under_reference": None,
        }
        return out

    def _ok(self, vol: float, rate: float | None, overall: float | None, total_vol: float, ref: float | None) -> bool | None:
        if ref is None:
            return None
        if self.cfg.scope == "overall":
            vol, rate = total_vol, overall
        if rate is None or vol < self.cfg.min_volume_eur or vol <= 0:
            return False  # no evidence yet: no exemption
        return rate <= ref

    def frictionless_ceiling_eur(self, now_ts: float) -> float:
        """Largest amount (EUR) that may go frictionless under TRA now; 0 if none.
        Recomputed once per event-time day."""
        day = int(now_ts // DAY) if math.isfinite(now_ts) else self._latest_day
        if day == self._cache_day:
            return self._cache_ceiling
        rates = self.band_stats(day * DAY + DAY - 1.0)
        ceiling = 0.0
        for edge in self._edges:
            label = f"<={edge:g}"
            if rates[label]["under_reference"] is True:
                ceiling = edge
            else:
                break
        self._cache_day = day
        self._cache_ceiling = ceiling
        return ceiling

    def allows_frictionless(self, amount: float, currency: str | None, now_ts: float) -> bool:
        return self._eur(amount, currency) <= self.frictionless_ceiling_eur(now_ts)

    @property
    def latest_ts(self) -> float:
        """Event time of the newest observation (start of its day), -inf if none."""
        return self._latest_day * DAY if self._latest_day >= 0 else -math.inf

    # ------------------------------------------------------------ persistence

    def snapshot(self) -> bytes:
        return msgspec.msgpack.encode(_Snapshot(
            _SNAPSHOT_VERSION, self._window, list(self._edges), self._latest_day,
            list(self._slot_day), [list(r) for r in self._data],
        ))

    def restore(self, blob: bytes) -> None:
        """Raises ValueError if the snapshot was taken with other bands or window."""
        try:
            s = msgspec.msgpack.decode(blob, type=_Snapshot)
        except msgspec.DecodeError as e:
            raise ValueError(f"bad TRA snapshot: {e}") from None
        if s.version != _SNAPSHOT_VERSION or s.window != self._window or tuple(s.edges) != self._edges:
            raise ValueError("TRA snapshot was taken with a different window or bands")
        if len(s.slot_day) != self._window or any(len(r) != self._nb * _FIELDS for r in s.data) or len(s.data) != self._window:
            raise ValueError("TRA snapshot has the wrong shape")
        self._latest_day = s.latest_day
        self._slot_day = list(s.slot_day)
        self._data = [list(r) for r in s.data]
        self._cache_day = -1
