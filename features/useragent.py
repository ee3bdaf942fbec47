"""User agent → version-free (family, OS, model).

Why version-free: an app or browser upgrade must not look like a new device,
while a new phone (new model, new OS family or a new app/browser) should.
Patterns are compiled at import; results are memoised because the same few
thousand UA strings make up nearly all traffic.
"""
from __future__ import annotations

import re

from features.memo import make_room

_BROWSERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        (r"\bEdg(e|A|iOS)?/", "Edge"),
        (r"\b(OPR|Opera|OPiOS)\b", "Opera"),
        (r"\bSamsungBrowser/", "SamsungBrowser"),
        (r"\bYaBrowser/", "Yandex"),
        (r"\bUCBrowser/", "UCBrowser"),
        (r"\b(Firefox|FxiOS)/", "Firefox"),
        (r"\b(Chrome|CriOS|Chromium)/", "Chrome"),
        (r"\b(MSIE |Trident/)", "IE"),
        (r"\bVersion/[\d.]+.*Safari/|Mobile/\w+ Safari|\bSafari/", "Safari"),
    )
)
_OSES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        (r"Windows Phone", "WindowsPhone"),
        (r"Windows|Win64|WinNT", "Windows"),
        (r"iPhone|iPad|iPod|iOS|CPU OS", "iOS"),
        (r"Android", "Android"),
        (r"CrOS", "ChromeOS"),
        (r"Mac OS X|Macintosh|macOS|Darwin", "macOS"),
        (r"HarmonyOS|OpenHarmony", "HarmonyOS"),
        (r"Linux|X11|Ubuntu|Fedora", "Linux"),
    )
)
_MODEL_IOS = re.compile(r"\b(iPhone|iPad|iPod)")
# Possessive quantifiers: the lazy group and three whitespace runs before backtracked
# cubically ("Android;" and 500 spaces took a second; a review). The " Build/..." tail is
# cut off after the match. A "HarmonyOS;" token sits where the model is on Huawei's
# HarmonyOS 2-4 phones ("Android 10; HarmonyOS; TAS-AN00"): skipped, so an EMUI to
# HarmonyOS upgrade keeps the phone's model.
_MODEL_ANDROID = re.compile(
    r"Android[^;)]*+;\s*+(?:[a-z]{2}[-_][A-Za-z]{2};\s*+)?(?:(?:HarmonyOS|OpenHarmony)[^;)]*+;\s*+)?([^;)]++)[;)]")
_BUILD = re.compile(r"\s+Build/")
_LOCALE = re.compile(r"[a-z]{2}[-_][A-Za-z]{2}")
_APP = re.compile(r"^([A-Za-z][\w.\- ]{0,40}?)/\d")
_DIGITS = re.compile(r"[\d_.]+")


def parse_user_agent(ua: str) -> tuple[str | None, str | None, str | None]:
    """(family, os, model), each None when unknown. A native app's family is
    its product token ("BankApp"); a browser's is the browser ("Chrome")."""
    family: str | None = None
    if not ua.startswith("Mozilla/") and not ua.startswith("Opera/"):
        m = _APP.match(ua)
        if m:
            family = m.group(1).strip()
    if family is None:
        for pat, name in _BROWSERS:
            if pat.search(ua):
                family = name
                break
    os_name: str | None = None
    for pat, name in _OSES:
        if pat.search(ua):
            os_name = name
            break
    model: str | None = None
    m = _MODEL_IOS.search(ua)
    if m:
        model = m.group(1)
    elif os_name == "Android":
        m = _MODEL_ANDROID.search(ua)
        if m:
            cand = _BUILD.split(m.group(1), 1)[0].strip()
            # "Android 14; K" (reduced UA) and bare locales ("Android 14; en-GB") carry no model.
            if len(cand) > 1 and not cand.startswith(("wv", "Mobile", "U")) and not _LOCALE.fullmatch(cand):
                model = cand
    if family is None and ua:
        family = _DIGITS.sub("", ua.split("/", 1)[0].split(" ", 1)[0]).strip()[:32] or None
    return family, os_name, model


class UAParser:
    """Memoised `parse_user_agent`, bounded so a flood of random UA strings
    cannot grow memory without limit."""

    def __init__(self, cap: int = 50_000) -> None:
        self._memo: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._cap = cap

    def __call__(self, ua: str) -> tuple[str | None, str | None, str | None]:
        r = self._memo.get(ua)
        if r is None:
            r = parse_user_agent(ua[:512])
            make_room(self._memo, self._cap)
            self._memo[ua] = r
        return r
