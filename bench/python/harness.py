"""Shared by the Python workloads, as bench/workloads/harness.mjs is for the JS ones:
a short warm-up, then the work timed with time.perf_counter(), one JSON line on stdout.
With --warmup-only the script stops after the warm-up (its line events are subtracted)."""
import json
import sys
import time

try:
    profile = __builtins__.profile if hasattr(__builtins__, "profile") else __builtins__["profile"]
except (KeyError, AttributeError):
    def profile(func):
        return func


def scale():
    if "--scale" in sys.argv:
        return float(sys.argv[sys.argv.index("--scale") + 1])
    return 1.0


def measure(name, warmup, work):
    warm = warmup()
    if "--warmup-only" in sys.argv:
        print(json.dumps({"name": name, "warmupOnly": True, "check": warm}))
        return
    t0 = time.perf_counter()
    check = work()
    ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({"name": name, "ms": ms, "check": check}))
