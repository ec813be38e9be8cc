// Real SDK clients against `ratesim serve` on statuses.yaml: error rules
// answer 500 with x-should-retry: false and 409 with retry-after-ms 300 (and
// retry-after 1). The SDK never retries the 500, retries the 409 after
// 0.3 s (retry-after-ms wins over retry-after), and attempts per item and
// the error rates agree with the simulated sdk-ts strategy.
import test from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { byItem, fleet, here, mean, sd, simulate, startServe } from './harness.mjs';

const ITEMS = 120;
const WORKERS = 8;
const SLACK_S = 0.05;  // as in fleet.test.mjs

test('the SDK obeys x-should-retry and retry-after-ms as sdk-ts simulates', async (t) => {
  const serve = await startServe(here('statuses.yaml'));
  const clients = Array.from({ length: WORKERS }, (_, w) => new Anthropic({ baseURL: serve.baseURL, apiKey: `sk-st-${w}` }));
  let worker = 0;
  const errors = [];
  await fleet(ITEMS, WORKERS, async (i) => {
    const client = clients[worker++ % WORKERS];
    try {
      await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64,
                                     messages: [{ role: 'user', content: `statuses item ${i}` }] });
    } catch (e) {
      assert.ok(e instanceof Anthropic.APIError, String(e));
      errors.push(e);
    }
  });
  const rows = await serve.stop();
  const items = byItem(rows);
  assert.equal(items.length, ITEMS);

  // A 500 with x-should-retry: false ends its item; every other failure is a 409, retried.
  for (const attempts of items)
    attempts.forEach((a, k) => {
      if (a.status === 500) assert.equal(k, attempts.length - 1, 'a 500 with x-should-retry: false was retried');
      if (k < attempts.length - 1) assert.equal(a.status, 409);
    });
  const stopped = items.filter((a) => a.at(-1).status === 500);
  assert.ok(stopped.length >= 10, `only ${stopped.length} items ended at a 500`);
  for (const e of errors) assert.ok(e.status === 500 || e.status === 409, `status ${e.status}`);
  const types = errors.filter((e) => e.status === 500).map((e) => e.error?.error?.type);
  assert.ok(types.every((type) => type === 'api_error'), types.join(' '));

  // The delay after a 409 is retry-after-ms's 0.3 s, not retry-after's 1 s.
  const delays = [];
  for (const attempts of items)
    for (let k = 0; k + 1 < attempts.length; ++k) delays.push(attempts[k + 1].arrival_s - attempts[k].answered_s);
  assert.ok(delays.length >= 10, `only ${delays.length} retries`);
  t.diagnostic(`${delays.length} retries after a 409: delays from ${Math.min(...delays).toFixed(3)} to ${Math.max(...delays).toFixed(3)} s`);
  // Timers and a loopback request only ever delay a retry, by tens of
  // milliseconds on a busy machine: none may come early, each must be
  // nearer 0.3 s than retry-after's 1 s, and the median within the slack.
  const MIDPOINT_S = 0.65;
  for (const d of delays)
    assert.ok(d >= 0.3 - SLACK_S && d < MIDPOINT_S, `a retry after ${d.toFixed(3)} s, not 0.3 s`);
  const sorted = [...delays].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  assert.ok(median <= 0.3 + SLACK_S, `the median delay is ${median.toFixed(3)} s, not 0.3 s`);

  // Fidelity, as in fleet.test.mjs.
  const sim = simulate(here('statuses.yaml'));
  const live = { amplification: rows.length / ITEMS };
  for (const metric of ['amplification']) {
    const values = sim.runs.map((r) => r[metric]);
    const tolerance = 4 * sd(values) + 0.05 * Math.max(1, Math.abs(mean(values)));
    t.diagnostic(`${metric}: live ${live[metric].toFixed(3)}, simulated sdk-ts ${mean(values).toFixed(3)} ` +
                 `(sd ${sd(values).toFixed(3)} over ${values.length} replications), tolerance ${tolerance.toFixed(3)}`);
    assert.ok(Math.abs(live[metric] - mean(values)) <= tolerance,
              `${metric}: live ${live[metric].toFixed(3)}, simulated ${mean(values).toFixed(3)} ± ${tolerance.toFixed(3)}`);
  }
});
