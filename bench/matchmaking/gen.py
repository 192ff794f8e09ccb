"""Seeded generator of scheduling instances for bench/matchmaking (Python standard library only).

An instance is the JSON form of clusterhub_matchmaking::Instance: participants, tables per slot,
availability per participant (bit s = available in slot s) and meetings {a, b, weight, locked}.

Availability: each participant arrives at a random slot among the first quarter and leaves at a
random slot among the last quarter, and within that stay is away from each slot with probability
AWAY (calls, stand duty). Meetings: distinct pairs; who is asked is skewed (popular
participants get more requests, weight 1/sqrt(rank)), as at real brokerage events. Weight:
1, +1 for mutual interest (MUTUAL of them), +2 when both sides starred it (STARRED).

    python3 gen.py OUT.json PARTICIPANTS MEETINGS SLOTS TABLES [SEED]
"""

import json
import random
import sys

AWAY = 0.2
MUTUAL = 0.25
STARRED = 0.10


def generate(participants, meetings, slots, tables, seed):
    rng = random.Random(seed)
    availability = []
    for _ in range(participants):
        arrive = rng.randrange(0, max(1, slots // 4))
        leave = slots - rng.randrange(0, max(1, slots // 4))
        bits = 0
        for s in range(arrive, leave):
            if rng.random() >= AWAY:
                bits |= 1 << s
        availability.append(bits)
    popularity = [1.0 / (rank + 1) ** 0.5 for rank in range(participants)]
    order = list(range(participants))
    rng.shuffle(order)
    weights = [0.0] * participants
    for rank, p in enumerate(order):
        weights[p] = popularity[rank]
    max_pairs = participants * (participants - 1) // 2
    if meetings > max_pairs:
        raise SystemExit(f"{meetings} meetings need more than {participants} participants")
    seen = set()
    out = []
    while len(out) < meetings:
        a = rng.randrange(participants)
        b = rng.choices(range(participants), weights=weights)[0]
        if a == b or (min(a, b), max(a, b)) in seen:
            continue
        seen.add((min(a, b), max(a, b)))
        w = 1
        if rng.random() < MUTUAL:
            w += 1
        if rng.random() < STARRED:
            w += 2
        out.append({"a": a, "b": b, "weight": w, "locked": None})
    return {
        "participants": participants,
        "tables": [tables] * slots,
        "availability": availability,
        "meetings": out,
    }


def main():
    path, n, m, s, t = sys.argv[1], *map(int, sys.argv[2:6])
    seed = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    with open(path, "w") as f:
        json.dump(generate(n, m, s, t, seed), f)


if __name__ == "__main__":
    main()
