// What the SDK tests share: start `ratesim serve` on port 0, stop it with
// SIGTERM and read its record, simulate a scenario with `ratesim run`, and
// the statistics the checks use.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

export const ratesim = process.env.RATESIM_BINARY ?? new URL('../../build/ratesim', import.meta.url).pathname;
export const here = (file) => new URL(file, import.meta.url).pathname;

// Starts serve on a free port; resolves once it prints its address.
export async function startServe(scenario, args = []) {
  const out = join(mkdtempSync(join(tmpdir(), 'ratesim-sdk-')), 'live');
  // --for bounds a test that fails before it stops the server.
  const child = spawn(ratesim, ['serve', scenario, '--port', '0', '-o', out, '--for', '90s', '--no-plots', '-q', ...args],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  const baseURL = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve printed no address in 10 s')), 10_000);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
  });
  return {
    baseURL,
    out,
    // Stops serve as Ctrl-C would; resolves with its requests.jsonl rows.
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      if (code !== 0) throw new Error(`serve exited with ${code}`);
      return readRecord(out);
    },
  };
}

export function readRecord(dir) {
  return readFileSync(join(dir, 'requests.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

// `ratesim run` of the scenario: its summary.json's first variant.
export function simulate(scenario, args = []) {
  const out = join(mkdtempSync(join(tmpdir(), 'ratesim-sim-')), 'sim');
  execFileSync(ratesim, ['run', scenario, '-o', out, '--no-plots', '-q', ...args]);
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).variants[0];
}

// The record's attempts grouped by item, each in attempt order.
export function byItem(rows) {
  const items = new Map();
  for (const r of rows) {
    if (!items.has(r.item)) items.set(r.item, []);
    items.get(r.item).push(r);
  }
  for (const attempts of items.values()) attempts.sort((a, b) => a.attempt - b.attempt);
  return [...items.values()];
}

export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sd = (xs) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
};

// The one-sample Kolmogorov-Smirnov distance of `xs` from the CDF `model`,
// allowing every observation to be up to `slack` late (scheduling noise only
// ever delays): the empirical CDF must lie between model(x - slack) and
// model(x).
export function ksDistanceWithSlack(xs, model, slack) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    d = Math.max(d, (i + 1) / n - model(s[i]));         // observed ahead of the model: too early
    d = Math.max(d, model(s[i] - slack) - i / n);       // behind it by more than the slack: too late
  }
  return d;
}

// The KS critical distance at level 0.001 for n observations (asymptotic,
// c(0.001) = 1.949): a correct rule fails one run in a thousand.
export const ksCritical = (n) => 1.949 / Math.sqrt(n);

// Runs `count` items on `workers` concurrent loops; each item is `work(i)`.
export async function fleet(count, workers, work) {
  let next = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (next < count) await work(next++);
  });
  await Promise.all(loops);
}
