// How the bench times a function: the best wall time of some runs after a warm-up.
'use strict';

/**
 * Best wall time of `fn` in milliseconds over `runs` runs, after warm-up runs (at least three,
 * and at least one second): the engine compiles a large function such as lint() with its
 * optimizing tier only after a few runs, and the figures are meant to be the steady state
 * (the cli module shows the cold first run). No collection is forced between runs: a forced
 * full collection (`gc()`) also discards much of the optimized code, so the run after it
 * measures the compiler more than the parser; the engine's own collections still happen.
 */
function timeBest(fn, runs) {
  const warmUntil = Date.now() + 1000;
  for (let i = 0; i < 3 || Date.now() < warmUntil; i++) fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (ms < best) best = ms;
  }
  return best;
}

module.exports = { timeBest };
