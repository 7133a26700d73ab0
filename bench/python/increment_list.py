"""The seed scenario in Python: line_profiler's classic tight loop over a 5-element list."""
from harness import measure, profile, scale


@profile
def increment_list(data, n):
    for k in range(n):
        for i in range(len(data)):
            data[i] += 1
    return data


N = round(500_000 * scale())
measure(
    "increment",
    lambda: increment_list([1, 2, 3, 4, 5], 10_000)[0],
    lambda: increment_list([1, 2, 3, 4, 5], N)[0],
)
