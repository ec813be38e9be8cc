// A stand-in for build/playground/ratesim_playground.js, for developing and testing the
// playground page without Emscripten. It defines the same global factory,
// RatesimModule(options) -> Promise<{ccall}>, and answers ratesim_run requests with
// made-up but plausible numbers of the module contract's shape (issue #19: request {scenario, set, variants},
// response {ok, columns, variants: [{name, mean, half_width, runs, series}]}).
// Deterministic: the same request gives the same response. Not a model of anything:
// more workers per RPM give more 429s, jitter strategies retry less, and that is all.
// Plain script (no import/export), so it runs in a Web Worker and, via require, in node.
var RatesimModule = (function () {
  "use strict";
  const COLUMNS = ["items", "succeeded", "failed", "pending", "in_progress", "unserved", "owed",
    "attempts", "ok", "r429", "r529", "r5xx", "r4xx", "timeouts", "midstream_errors",
    "never_admissible", "r429_requests", "r429_input_tokens", "r429_output_tokens",
    "r429_spend_limit", "rate_429", "rate_529", "rate_midstream", "amplification", "goodput_rpm",
    "goodput_itpm", "goodput_otpm", "util_rpm", "util_itpm", "util_otpm", "latency_p50_s",
    "latency_p90_s", "latency_p99_s", "latency_max_s", "makespan_s", "fairness_jain", "cost_usd",
    "wasted_usd", "simulated_s", "events"];

  function hash(text) {            // FNV-1a, 32 bits
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    return h >>> 0;
  }
  function stream(key) {           // mulberry32
    let a = hash(key);
    return function () {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function seconds(v) {
    if (typeof v === "number") return v;
    const m = /^([0-9.]+)(ms|s|m|h)$/.exec(String(v));
    if (!m) return NaN;
    return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
  }
  // Applies "a.b.c=v" to the scenario; arrays are entered by their members' names.
  function applySet(scenario, entry) {
    const eq = entry.indexOf("=");
    if (eq < 0) throw new Error("--set " + entry + ": expected PATH=VALUE");
    const path = entry.slice(0, eq).split("."), text = entry.slice(eq + 1);
    let node = scenario;
    for (let i = 0; i < path.length - 1; i++) {
      const next = Array.isArray(node) ? node.find((x) => x.name === path[i]) : node[path[i]];
      if (next === undefined || next === null || typeof next !== "object") {
        throw new Error("--set " + entry + ": no key '" + path.slice(0, i + 1).join(".") + "'");
      }
      node = next;
    }
    const key = path[path.length - 1];
    if (!(key in node)) throw new Error("--set " + entry + ": no key '" + path.join(".") + "'");
    const value = typeof node[key] === "string" ? text : Number(text);
    if (typeof value === "number" && !(value >= (key === "workers" ? 1 : 0))) {
      throw new Error("--set " + entry + ": " + key + " must be a number >= " + (key === "workers" ? 1 : 0));
    }
    node[key] = value;
  }
  function runOne(scenario, name, replication) {
    const rnd = stream([scenario.seed, replication, name].join("/"));
    const client = scenario.clients[0], pool = Object.values(scenario.api.pools)[0];
    const workers = client.workers, rpm = pool.rpm || 100, burst = seconds(scenario.api.burst) || 1;
    const items = (client.workload && client.workload.items) || 1000;
    const jitter = /jitter/.test(name) ? 0.25 : name === "naive" ? 40 : 1;
    const pressure = workers / Math.max(1, rpm * burst / 60);
    const r429 = Math.round(items * pressure * jitter * (0.8 + 0.4 * rnd()));
    const timeouts = Math.round(items * 0.002 * rnd()), r529 = Math.round(items * 0.01 * rnd());
    const succeeded = items - timeouts, attempts = succeeded + r429 + r529 + timeouts;
    const makespan = items / rpm * 60 * (1 + 0.1 * rnd() + (name === "exponential" ? 0.5 : 0));
    const run = {};
    for (const c of COLUMNS) run[c] = 0;
    Object.assign(run, { items, succeeded, failed: 0, attempts, ok: succeeded, r429, r529, timeouts,
      rate_429: r429 / attempts, rate_529: r529 / attempts, amplification: attempts / items,
      goodput_rpm: succeeded / makespan * 60, util_rpm: succeeded / makespan * 60 / rpm,
      latency_p50_s: makespan / 2, latency_p90_s: makespan * 0.9, latency_p99_s: makespan * 0.99,
      latency_max_s: makespan, makespan_s: makespan, fairness_jain: 1, cost_usd: succeeded * 0.003,
      simulated_s: makespan, events: attempts * 2, util_itpm: null, util_otpm: null });
    return { run, series: series(rnd, makespan, rpm, attempts, r429, succeeded) };
  }
  function series(rnd, makespan, rpm, attempts, r429, succeeded) {
    const bins = Math.max(1, Math.ceil(makespan / 5)), s = { t_s: [], attempts: [], ok: [], r429: [],
      r529: [], timeouts: [], goodput_rpm: [], in_flight: [], queued: [], buckets: { "sonnet requests": [] } };
    for (let i = 0; i < bins; i++) {
      const wave = 1 + 0.6 * Math.sin(i / 3 + rnd());
      const a = Math.round(attempts / bins * wave), ok = Math.min(a, Math.round(succeeded / bins * (0.7 + 0.6 * rnd())));
      s.t_s.push(5 * (i + 1)); s.attempts.push(a); s.ok.push(ok);
      s.r429.push(Math.min(a - ok, Math.round(r429 / bins * wave))); s.r529.push(0); s.timeouts.push(0);
      s.goodput_rpm.push(ok * 12); s.in_flight.push(Math.round(10 * rnd())); s.queued.push(0);
      s.buckets["sonnet requests"].push(i === 0 ? null : Math.min(1, 0.4 * rnd() * rnd()));
    }
    return s;
  }
  function stats(runs) {
    const mean = {}, half_width = {};
    for (const c of COLUMNS) {
      const xs = runs.map((r) => r[c]);
      if (xs.some((x) => x === null)) { mean[c] = null; half_width[c] = null; continue; }
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      mean[c] = m;
      const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1)) : 0;
      half_width[c] = xs.length > 1 ? 2 * sd / Math.sqrt(xs.length) : null;
    }
    return { mean, half_width };
  }
  function ratesimRun(requestJson) {
    try {
      const request = JSON.parse(requestJson);
      const scenario = JSON.parse(JSON.stringify(request.scenario));
      (request.set || []).forEach((entry) => applySet(scenario, entry));
      const names = scenario.compare.strategies.map((s) => s.name);
      const wanted = request.variants || names;
      const variants = wanted.map((name) => {
        if (!names.includes(name)) throw new Error("no strategy '" + name + "' in compare.strategies");
        const reps = [];
        for (let r = 0; r < (scenario.replications || 1); r++) reps.push(runOne(scenario, name, r));
        const runs = reps.map((x) => x.run);
        return Object.assign({ name, runs, series: reps[0].series }, stats(runs));
      });
      return JSON.stringify({ ok: true, columns: COLUMNS, variants });
    } catch (e) {
      return JSON.stringify({ ok: false, error: String(e.message || e) });
    }
  }
  return function RatesimModule() {
    return Promise.resolve({
      ccall(name, returnType, argTypes, args) {
        if (name !== "ratesim_run") throw new Error("mock module: no function " + name);
        return ratesimRun(args[0]);
      },
    });
  };
})();
if (typeof module === "object" && module.exports) module.exports = RatesimModule;
