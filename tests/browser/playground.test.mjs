// The playground page in a real browser (issue #19, item 5): Debian's headless Chromium,
// driven through the DevTools protocol.
//   RATESIM_PLAYGROUND_PAGE      the page `ratesim playground` wrote (required; else skipped)
//   RATESIM_PLAYGROUND_EXPECTED  a summary.json from `ratesim run` with the same settings,
//                                for the page-equals-CLI check (skipped when unset)
//   RATESIM_PLAYGROUND_SCREENSHOT  where to save a PNG of the page (optional)
// Run: cd tests/browser && npm ci && node --test playground.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { openPage } from "./chromium.mjs";

const PAGE = process.env.RATESIM_PLAYGROUND_PAGE;
const EXPECTED = process.env.RATESIM_PLAYGROUND_EXPECTED;
const SCREENSHOT = process.env.RATESIM_PLAYGROUND_SCREENSHOT;
const LOCAL = /^(file|data|blob):/;
const LIMIT = { timeout: 120000 };   // a hung browser fails the test instead of stalling CI

let browser, data;
// Evaluates JS in the page; the page's hooks are at window.ratesimPlayground.
const page = (expression) => browser.evaluate(expression);
// The page's state once the run caused by `action` (an expression) has finished.
const after_run = (action) => page(`(async () => { await (${action}); return document.body.dataset.state; })()`);

if (!PAGE) {
  test("the playground page works in headless Chromium", {
    skip: "RATESIM_PLAYGROUND_PAGE is unset: point it at a page written by `ratesim playground`",
  }, () => {});
} else {
  before(async () => {
    browser = await openPage(PAGE);
    data = await page(`JSON.parse(document.getElementById("ratesim-data").textContent)`);
  }, LIMIT);
  after(async () => { if (browser) await browser.close(); });

  test("the page loads from file:// and finishes its first run with no network request and no console error", LIMIT, async () => {
    assert.equal(await after_run("window.ratesimPlayground.ready"), "done",
                 await page(`document.getElementById("error").textContent`));
    assert.deepEqual(browser.log.requests.filter((u) => !LOCAL.test(u)), []);
    assert.deepEqual(browser.log.errors, []);
    const result = await page("window.ratesimPlayground.lastResult");
    assert.deepEqual(result.variants.map((v) => v.name), data.selected);
    assert.equal(await page(`document.querySelectorAll("#table tbody tr").length`), data.selected.length);
  });

  test("moving the workers slider changes the numbers", LIMIT, async () => {
    const t = data.tunables.find((x) => x.kind === "count");
    assert.ok(t, "the page has no 'count' tunable");
    const before = await page("window.ratesimPlayground.lastResult.variants.map((v) => v.mean)");
    const value = t.default > t.min ? Math.max(t.min, Math.floor(t.default / 4)) : t.max;
    // Move it as a person does: set the range input and fire its input event.
    const state = await page(`(async () => {
      const hooks = window.ratesimPlayground, runs = hooks.runs;
      const input = document.querySelector('input[data-path=${JSON.stringify(t.path)}]');
      input.value = ${value};
      input.dispatchEvent(new Event("input"));
      while (hooks.runs === runs || document.body.dataset.state === "running") {
        await new Promise((r) => setTimeout(r, 10));
      }
      return document.body.dataset.state;
    })()`);
    assert.equal(state, "done", await page(`document.getElementById("error").textContent`));
    const result = await page("window.ratesimPlayground.lastResult");
    assert.ok(result.set.includes(`${t.path}=${value}`), `the run did not set ${t.path}=${value}: ${result.set}`);
    assert.notDeepEqual(result.variants.map((v) => v.mean), before);
  });

  test("an error from the simulator shows in the page, and the next good run clears it", LIMIT, async () => {
    const t = data.tunables.find((x) => x.kind === "count");
    assert.equal(await after_run(`window.ratesimPlayground.setTunable(${JSON.stringify(t.path)}, -1)`), "error");
    assert.notEqual(await page(`document.getElementById("error").textContent`), "");
    assert.equal(await after_run(`window.ratesimPlayground.setTunable(${JSON.stringify(t.path)}, ${t.default})`), "done");
    assert.equal(await page(`document.getElementById("error").textContent`), "");
  });

  test("two strategies on common random numbers match the CLI's summary for the same settings", {
    ...LIMIT, skip: EXPECTED ? false : "RATESIM_PLAYGROUND_EXPECTED is unset: point it at a summary.json from `ratesim run`",
  }, async () => {
    const expected = JSON.parse(readFileSync(EXPECTED, "utf8"));
    assert.equal(expected.scenario.replications, data.scenario.replications, "replications differ");
    const named = expected.variants.map((v) => v.name);
    const names = data.selected.every((n) => named.includes(n)) ? data.selected : named.slice(0, 2);
    assert.ok(names.length >= 2, "the expected summary has fewer than two variants");
    // All settings at once: the page's debounce makes them one run.
    const actions = data.tunables.map((t) => {
      const v = valueAt(expected.scenario, t.path);
      assert.ok(Number.isFinite(v), `the expected summary's scenario has no number at ${t.path}`);
      return `hooks.setTunable(${JSON.stringify(t.path)}, ${v})`;
    });
    actions.push(`hooks.setSeed(${expected.scenario.seed})`, `hooks.pick(${JSON.stringify(names)})`);
    assert.equal(await after_run(`((hooks) => Promise.all([${actions}]))(window.ratesimPlayground)`), "done",
                 await page(`document.getElementById("error").textContent`));
    const result = await page("window.ratesimPlayground.lastResult");
    assert.deepEqual(result.variants.map((v) => v.name), names);
    const mismatches = [];
    for (const got of result.variants) {
      mismatches.push(...differences(got, expected.variants.find((v) => v.name === got.name), result.columns));
    }
    assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} values differ`);
  });

  test("the page records a screenshot", { skip: SCREENSHOT ? false : "RATESIM_PLAYGROUND_SCREENSHOT is unset" },
       async () => { writeFileSync(SCREENSHOT, await browser.screenshot()); });

  test("the whole session made no network request and logged no console error", () => {
    assert.deepEqual(browser.log.requests.filter((u) => !LOCAL.test(u)), []);
    assert.deepEqual(browser.log.errors, []);
  });
}

// The value at a --set path in a resolved scenario (arrays are entered by member name;
// durations such as "1s" or "50ms" come back in seconds).
function valueAt(scenario, path) {
  let node = scenario;
  for (const key of path.split(".")) {
    node = Array.isArray(node) ? node.find((x) => x.name === key) : node?.[key];
  }
  if (typeof node === "number") return node;
  const m = /^(-?[0-9.e+-]+)(ms|s|m|h)$/.exec(String(node));
  return m ? Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]] : NaN;
}

// Counts and means must be equal to the bit; confidence half-widths within 1e-12 relative.
function differences(got, want, columns) {
  if (!want) return [`${got.name}: not in the expected summary`];
  const out = [];
  const exact = (where, a, b) => { if (!Object.is(a, b)) out.push(`${where}: page ${a}, CLI ${b}`); };
  if (got.runs.length !== want.runs.length) out.push(`${got.name}: ${got.runs.length} runs, CLI ${want.runs.length}`);
  for (const c of columns) {
    if (!(c in want.mean)) { out.push(`${got.name}: column ${c} is not in the expected summary`); continue; }
    exact(`${got.name} mean ${c}`, got.mean[c], want.mean[c]);
    got.runs.forEach((run, i) => want.runs[i] && exact(`${got.name} run ${i} ${c}`, run[c], want.runs[i][c]));
    const a = got.half_width[c], b = want.ci95_half_width[c];
    const close = a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)));
    if (!close) out.push(`${got.name} half-width ${c}: page ${a}, CLI ${b}`);
  }
  return out;
}
