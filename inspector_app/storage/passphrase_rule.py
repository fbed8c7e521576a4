"""The strength rule for a new passphrase, in words a person understands.

A passphrase protects children's data on a laptop that may be lost, and nobody can recover it, so
it must be long enough and hard to guess. "Hard to guess" is zxcvbn's estimate (the library used by
password managers): it knows common passwords, names, dictionary words, dates and keyboard patterns,
and scores 0 (guessed at once) to 4; we ask for 3 or more.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 10
MIN_SCORE = 3
RULE = (f"at least {MIN_LENGTH} characters and hard to guess (a few uncommon words make a good one, "
        "e.g. four words that mean something only to you)")

# Said before the strength: when the two boxes differ, that is the mistake to fix first.
DIFFER = "The new passphrase and its repeat differ: type the same passphrase in both boxes."


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problem: str = ""  # why not, with zxcvbn's own advice, in one or two sentences
    score: int = 0


def judge(passphrase: str, hints: tuple[str, ...] = ()) -> Verdict:
    """Whether ``passphrase`` meets the rule; ``hints`` are words a guesser would try first (names, paths)."""
    if len(passphrase) < MIN_LENGTH:
        return Verdict(False, f"Too short: use {RULE}.")
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:100], user_inputs=[h for h in hints if h])
    score = int(result["score"])
    if score >= MIN_SCORE:
        return Verdict(True, "", score)
    feedback = result.get("feedback") or {}
    advice = " ".join(part for part in [feedback.get("warning") or "", *(feedback.get("suggestions") or [])] if part)
    guessed = result["crack_times_display"]["offline_slow_hashing_1e4_per_second"]
    return Verdict(False, f"Too easy to guess (a thief could find it in {guessed}). {advice} Use {RULE}.".replace(
        "  ", " "), score)
