// Statistics over measured runs. Pure functions: numbers in, numbers out.

export const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const unique = (xs) => [...new Set(xs)];

/** Per-variant figures against the plain run and the reference variant's line events. */
export function summarize(measured, plainKey, reference) {
  const { data, warmupHits } = measured;
  const plainMs = median(data[plainKey].ms);
  const refHits = data[reference]?.infos.map((i) => i.hits) ?? [];
  const totalHits = refHits.length ? Math.max(...refHits) : null;
  const lineEvents = totalHits !== null && warmupHits !== null ? totalHits - warmupHits : null;
  const variants = {};
  for (const [key, d] of Object.entries(data)) {
    if (key === plainKey) continue;
    variants[key] = d.error && d.ms.length === 0 ? { error: d.error } : variantFigures(d, plainMs, totalHits, lineEvents);
  }
  return {
    plainMs,
    plainRuns: data[plainKey].ms,
    lineEvents,
    totalHits,
    warmupHits,
    units: measured.units,
    variants,
    checksAgree: measured.checksAgree,
    failures: measured.failures,
  };
}

/** One variant's runs (d: { ms, infos, error }) summed up. */
function variantFigures(d, plainMs, totalHits, lineEvents) {
  const ms = median(d.ms);
  const metas = d.infos.map((i) => i.meta ?? {});
  const num = (k) => {
    const xs = metas.map((m) => m[k]).filter((x) => typeof x === 'number');
    return xs.length ? median(xs) : undefined;
  };
  const hits = unique(d.infos.map((i) => i.hits));
  const work = d.infos.map((i) => i.workMs).filter((x) => typeof x === 'number');
  return {
    ms,
    runs: d.ms,
    slowdown: ms / plainMs,
    nsPerEvent: lineEvents ? ((ms - plainMs) * 1e6) / lineEvents : null,
    hits: hits.length === 1 ? hits[0] : hits,
    hitsMatchReference: totalHits === null || hits.every((h) => h === totalHits),
    clocks: unique(metas.map((m) => m.clock).filter(Boolean)),
    compensated: unique(metas.map((m) => m.compensated).filter((x) => x !== undefined)),
    probeCostNs: num('probeCostNs'),
    samples: num('samples'),
    intervalUs: num('intervalUs'),
    workMs: work.length ? median(work) : null,
    workRuns: work.length ? work : undefined,
    error: d.error ?? undefined,
  };
}
