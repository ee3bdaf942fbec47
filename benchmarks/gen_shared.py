"""Device ids that many genuine customers share: shop terminals and payment providers.

Real gateways send device ids that are not one customer's phone. An acquirer
may pass the card terminal's id on card-present payments, so every shopper at
a busy till shares it; an open-banking provider (a budgeting app, a rent
platform) initiates its users' transfers from its own servers, one client id
and a few data-centre addresses for thousands of customers. In a world
without them, "a device many customers use" is only ever a fraud farm, and a
model trained there reads every busy terminal as one (docs/worlds.md,
"Busy device ids are genuine elsewhere").

Every draw here comes from the world's second stream (`SharedDevices.r`), so
the rest of the world (who pays whom, when, how much, the fraud) is the same
with and without them: an A/B of the world differs only in these fields.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchmarks.gen_random import IdMaker, Rand, cumulative
from benchmarks.gen_world import HOSTING, Network, random_ipv4

if TYPE_CHECKING:
    from benchmarks.gen_customers import Customer, Row, World

# Share of merchants whose acquirer sends the terminal id as device_id on card-present payments.
TERMINAL_MERCHANT_SHARE = 0.3
# Share of customers who let a provider initiate some of their transfers.
PROVIDER_CUSTOMER_SHARE = 0.08
# Chance that such a customer's rent or savings transfer, or a transfer to a contact, goes through it.
PROVIDER_STANDING_P = 0.85
PROVIDER_P2P_P = 0.25

_PROVIDERS = (("Rentwise", "AWS eu-central-1", "2.14"), ("FinTrack", "Hetzner", "5.3"),
              ("PayLink Connect", "OVH", "1.9"), ("Budgetly", "AWS us-east-1", "3.0"))


@dataclass(slots=True)
class Provider:
    device_id: str
    user_agent: str
    net: Network
    ips: tuple[str, ...]


@dataclass(slots=True)
class SharedDevices:
    """The second stream, the merchants' terminals and the providers with their customers."""

    r: Rand
    terminal_ids: IdMaker  # the terminals' and providers' ids (the customers' devices have their own)
    terminals: dict[str, tuple[str, ...]] = field(default_factory=dict)  # merchant -> its terminals, () if none sent
    providers: list[Provider] = field(default_factory=list)
    provider_cum: list[float] = field(default_factory=list)
    users: dict[int, Provider] = field(default_factory=dict)  # customer index -> provider


def build_shared(seed: int, customers: list[Customer]) -> SharedDevices:
    """Providers and who uses them, from a stream of its own (the main stream is not touched)."""
    r = Rand(seed * 7919 + 104729)
    s = SharedDevices(r=r, terminal_ids=IdMaker("d-", r.below(1 << 40), hex_digits=12))
    hosts = {n.name: n for n in HOSTING}
    for name, host, version in _PROVIDERS:
        net = hosts[host]
        ips = tuple(random_ipv4(net, r) for _ in range(r.between(2, 6)))
        ua = f"{name.replace(' ', '')}/{version} (+https://{name.lower().replace(' ', '')}.example/bot)"
        s.providers.append(Provider(s.terminal_ids.next(), ua, net, ips))
    s.provider_cum = cumulative([1.0 / (k + 1) for k in range(len(s.providers))])
    for c in customers:
        if r.chance(PROVIDER_CUSTOMER_SHARE):
            s.users[c.idx] = r.pick_cum(s.providers, s.provider_cum)
    return s


def terminal_for(s: SharedDevices, merchant: str) -> str | None:
    """The id of the till a card-present payment at `merchant` went through, or None when its acquirer sends none."""
    tills = s.terminals.get(merchant)
    if tills is None:
        r = s.r
        tills = tuple(s.terminal_ids.next() for _ in range(1 + r.index_cum((0.5, 0.8, 0.95, 1.0)))) \
            if r.chance(TERMINAL_MERCHANT_SHARE) else ()
        s.terminals[merchant] = tills
    if not tills:
        return None
    return tills[0] if len(tills) == 1 else s.r.pick(tills)


def via_provider(s: SharedDevices, c: Customer, row: Row, standing: bool) -> Row:
    """The transfer as the customer's provider sends it (its client id, a data-centre address), or unchanged.

    Only transfers the customer started online (mobile or web) are moved: a
    provider initiates payments from an account, it does not tap cards."""
    p = s.users.get(c.idx)
    if p is None or row[4] not in ("mobile", "web"):
        return row
    if not s.r.chance(PROVIDER_STANDING_P if standing else PROVIDER_P2P_P):
        return row
    net = p.net
    return (row[0], row[1], row[2], row[3], "web", s.r.pick(p.ips), p.device_id, p.user_agent, None, None,
            net.country, net.city) + row[12:]


def with_terminal(s: SharedDevices, row: Row) -> Row:
    """A card-present row with its till's id as device_id, where the merchant's acquirer sends one."""
    till = terminal_for(s, row[12])
    if till is None:
        return row
    return row[:6] + (till,) + row[7:]
