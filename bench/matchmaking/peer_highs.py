"""HiGHS peer of bench/matchmaking: the scheduling MIP of an instance, solved by highspy.

x[m, s] binary for meeting m in slot s where both people are available and the slot has tables;
per meeting Σ_s x ≤ 1; per participant and slot Σ x ≤ 1; per slot Σ x ≤ tables[s]; locked meetings
fixed to their slot; maximise Σ weight·x. Tables are interchangeable within a slot, so numbering
them is left out (any slot assignment within capacity has a table numbering).

    python peer_highs.py INSTANCE.json OUT.json TIME_LIMIT

OUT.json: status, objective (best solution found), bound (best dual bound), gap, seconds
(wall clock of run()), build_seconds, and the solution's slot per meeting (null: not held).
"""

import json
import sys
import time

import highspy
import numpy as np


def solve(inst, time_limit):
    t0 = time.perf_counter()
    slots = len(inst["tables"])
    avail = inst["availability"]
    open_mask = sum(1 << s for s, t in enumerate(inst["tables"]) if t > 0)
    cols = []  # (meeting, slot)
    for i, m in enumerate(inst["meetings"]):
        both = avail[m["a"]] & avail[m["b"]] & open_mask
        for s in range(slots):
            if both >> s & 1:
                cols.append((i, s))
    n = len(cols)
    cost = np.array([inst["meetings"][i]["weight"] for i, _ in cols], dtype=np.float64)
    lower = np.zeros(n)
    upper = np.ones(n)
    for c, (i, s) in enumerate(cols):
        locked = inst["meetings"][i].get("locked")
        if locked is not None:
            lower[c] = upper[c] = 1.0 if locked["slot"] == s else 0.0
    rows = {}
    for c, (i, s) in enumerate(cols):
        m = inst["meetings"][i]
        rows.setdefault(("m", i), []).append(c)
        rows.setdefault(("p", m["a"], s), []).append(c)
        rows.setdefault(("p", m["b"], s), []).append(c)
        rows.setdefault(("s", s), []).append(c)
    starts, index, rupper = [], [], []
    for key, members in rows.items():
        if len(members) < 2 and key[0] != "s":
            continue
        starts.append(len(index))
        index.extend(members)
        rupper.append(float(inst["tables"][key[1]]) if key[0] == "s" else 1.0)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    h.addCols(n, cost, lower, upper, 0, np.array([], dtype=np.int32), np.array([], dtype=np.int32), np.array([]))
    nr = len(starts)
    h.addRows(
        nr,
        np.full(nr, -highspy.kHighsInf),
        np.array(rupper),
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.ones(len(index)),
    )
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    h.run()
    secs = time.perf_counter() - t1
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    sol = h.getSolution().col_value
    slot_of = [None] * len(inst["meetings"])
    for c, (i, s) in enumerate(cols):
        if sol[c] > 0.5:
            slot_of[i] = s
    return {
        "status": status,
        "objective": info.objective_function_value,
        "bound": info.mip_dual_bound,
        "gap": info.mip_gap,
        "seconds": secs,
        "build_seconds": build,
        "variables": n,
        "constraints": nr,
        "slot_of": slot_of,
    }


def main():
    inst = json.load(open(sys.argv[1]))
    out = solve(inst, float(sys.argv[3]))
    json.dump(out, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
