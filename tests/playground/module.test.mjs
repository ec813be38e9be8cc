// The playground's WebAssembly module runs the same code as the CLI: for a
// shipped scenario's resolved form and the same overrides, its counts, means
// and time series equal `ratesim run`'s bit for bit, and its confidence
// half-widths agree within 1e-12 relative (docs/playground.md).
// Env: RATESIM_BINARY (build/ratesim) and RATESIM_PLAYGROUND_MODULE
// (build/playground/ratesim_playground.js, from scripts/build-playground-module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const binary = process.env.RATESIM_BINARY;
const modulePath = process.env.RATESIM_PLAYGROUND_MODULE;
const source = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function loadModule() {
  assert.ok(binary, 'set RATESIM_BINARY to the ratesim binary');
  assert.ok(modulePath && fs.existsSync(modulePath),
    `the playground module ${modulePath} is missing: build it with scripts/build-playground-module ` +
    '(needs Debian\'s emscripten: apt-get install emscripten)');
  return createRequire(import.meta.url)(modulePath)();
}

// `ratesim run scenarios/NAME.yaml --set ...`: its summary.json and timeseries.csv rows.
function cliRun(name, sets) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratesim-wasm-'));
  const args = ['run', path.join(source, 'scenarios', `${name}.yaml`), '--no-plots', '--quiet', '-o', path.join(dir, 'out')];
  for (const s of sets) args.push('--set', s);
  execFileSync(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8'));
  const rows = fs.readFileSync(path.join(dir, 'out', 'timeseries.csv'), 'utf8').trim().split('\n').slice(1);
  fs.rmSync(dir, { recursive: true, force: true });
  return { summary, rows: rows.map((r) => r.split(',')) };
}

function moduleRun(Module, request) {
  const answer = JSON.parse(Module.ccall('ratesim_run', 'string', ['string'], [JSON.stringify(request)]));
  assert.equal(answer.ok, true, answer.error);
  return answer;
}

function sameWithin(actual, expected, relative, what) {
  for (const [column, e] of Object.entries(expected)) {
    const a = actual[column];
    if (e === null || a === null) { assert.equal(a, e, `${what}.${column}`); continue; }
    const scale = Math.max(Math.abs(e), Number.MIN_VALUE);
    assert.ok(Math.abs(a - e) <= relative * scale, `${what}.${column}: ${a} against the CLI's ${e}`);
  }
}

const sixDigits = (x) => Number(x.toPrecision(6));

function checkAgainstCli(Module, name, sets) {
  const base = cliRun(name, []);  // the page holds the default scenario's resolved form
  const cli = cliRun(name, sets);
  const answer = moduleRun(Module, { scenario: base.summary.scenario, set: sets });
  assert.equal(answer.variants.length, cli.summary.variants.length);
  let compared = 0;
  for (const expected of cli.summary.variants) {
    const got = answer.variants.find((v) => v.name === expected.name);
    assert.ok(got, `variant ${expected.name}`);
    assert.deepEqual(got.mean, expected.mean, `${name} ${expected.name}: means`);
    got.runs.forEach((r, i) => {
      const { replication, ...row } = expected.runs[i];
      assert.deepEqual(r, row, `${name} ${expected.name}: replication ${replication}`);
    });
    sameWithin(got.half_width, expected.ci95_half_width, 1e-12, `${name} ${expected.name} half-width`);
    // The first replication's organization bins, as timeseries.csv writes
    // them: to 6 significant digits ({:.6g}), so the module's are rounded alike.
    const mine = cli.rows.filter((f) => f[0] === expected.name && f[1] === 'all' && f[2] === '0');
    for (const metric of ['attempts', 'ok', 'r429', 'r529', 'timeouts', 'in_flight', 'queued']) {
      const rows = mine.filter((f) => f[4] === metric);
      assert.ok(rows.length > 0, metric);
      assert.deepEqual(got.series[metric].map(sixDigits), rows.map((f) => Number(f[5])), `${name} ${expected.name}: ${metric}`);
      if (metric === 'attempts') assert.deepEqual(got.series.t_s.map(sixDigits), rows.map((f) => Number(f[3])));
    }
    compared += 1;
  }
  assert.ok(compared >= 2);
}

test('retry-storm in WebAssembly gives the CLI\'s counts, means and series', async () => {
  const Module = await loadModule();
  checkAgainstCli(Module, 'retry-storm', ['replications=3', 'clients.storm.workers=64', 'seed=11']);
});

test('shared-org in WebAssembly gives the CLI\'s counts, means and series', async () => {
  const Module = await loadModule();
  checkAgainstCli(Module, 'shared-org', ['replications=2']);
});

test('two strategies picked in WebAssembly keep the figures of the full CLI run', async () => {
  const Module = await loadModule();
  const cli = cliRun('retry-storm', ['replications=2']);
  const names = cli.summary.variants.map((v) => v.name);
  const picked = [names[names.length - 1], names[1]];
  const answer = moduleRun(Module, { scenario: cli.summary.scenario, set: ['replications=2'], variants: picked });
  assert.deepEqual(answer.variants.map((v) => v.name), [names[1], names[names.length - 1]]);
  for (const v of answer.variants)
    assert.deepEqual(v.mean, cli.summary.variants.find((e) => e.name === v.name).mean);
});

test('a bad override comes back as an error naming it', async () => {
  const Module = await loadModule();
  const cli = cliRun('retry-storm', ['duration=60s']);
  const answer = JSON.parse(Module.ccall('ratesim_run', 'string', ['string'],
    [JSON.stringify({ scenario: cli.summary.scenario, set: ['api.burst=fast'] })]));
  assert.equal(answer.ok, false);
  assert.match(answer.error, /burst/);
  assert.match(answer.error, /'fast'/);
});
