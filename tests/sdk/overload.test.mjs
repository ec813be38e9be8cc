// Real SDK clients against `ratesim serve` on overload.yaml: half the
// attempts get a 529 without retry-after. The SDK retries them; the delays
// between an item's attempts, taken from the emulator's own arrival times,
// follow sdk-ts's backoff rule by a KS test; attempts per item and the 529
// rate agree with the simulated sdk-ts strategy.
import test from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { byItem, fleet, here, ksCritical, ksDistanceWithSlack, mean, sd, simulate, startServe } from './harness.mjs';

const ITEMS = 120;
const WORKERS = 8;
const SLACK_S = 0.05;  // as in fleet.test.mjs

// sdk-ts's delay before retry n without retry-after: min(0.5 * 2^n, 8) * (1 - 0.25 U).
const backoffCdf = (n) => (x) => {
  const top = Math.min(0.5 * 2 ** n, 8);
  return Math.min(1, Math.max(0, (x - 0.75 * top) / (0.25 * top)));
};

test('the SDK retries 529s by the backoff rule sdk-ts simulates', async (t) => {
  const serve = await startServe(here('overload.yaml'));
  const outcomes = [];
  const clients = Array.from({ length: WORKERS }, (_, w) => new Anthropic({ baseURL: serve.baseURL, apiKey: `sk-ov-${w}` }));
  let worker = 0;
  await fleet(ITEMS, WORKERS, async (i) => {
    const client = clients[worker++ % WORKERS];
    try {
      await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64,
                                     messages: [{ role: 'user', content: `overload item ${i}` }] });
      outcomes.push(true);
    } catch (e) {
      assert.ok(e instanceof Anthropic.APIError && e.status === 529, String(e));
      outcomes.push(false);
    }
  });
  const rows = await serve.stop();
  const items = byItem(rows);
  assert.equal(items.length, ITEMS);

  // A 529 is retried: items whose first attempt got 529 and that then succeeded.
  const recovered = items.filter((a) => a[0].status === 529 && a.at(-1).status === 200);
  assert.ok(recovered.length >= 10, `only ${recovered.length} items recovered from a 529`);
  assert.equal(items.filter((a) => a.at(-1).status === 200).length, outcomes.filter(Boolean).length);
  for (const attempts of items) assert.ok(attempts.every((a, k) => k === attempts.length - 1 || a.status === 529));

  // The delays, retry by retry, against sdk-ts's distribution.
  for (const n of [0, 1]) {
    const delays = items.filter((a) => a.length > n + 1).map((a) => a[n + 1].arrival_s - a[n].answered_s);
    assert.ok(delays.length >= 10, `only ${delays.length} retries number ${n}`);
    const d = ksDistanceWithSlack(delays, backoffCdf(n), SLACK_S);
    t.diagnostic(`retry ${n}: ${delays.length} delays, KS distance ${d.toFixed(3)}, critical ${ksCritical(delays.length).toFixed(3)}`);
    assert.ok(d <= ksCritical(delays.length),
              `retry ${n}: KS distance ${d.toFixed(3)} > ${ksCritical(delays.length).toFixed(3)} ` +
              `(n = ${delays.length}); delays ${delays.map((x) => x.toFixed(3)).join(' ')}`);
  }

  // Fidelity, as in fleet.test.mjs.
  const sim = simulate(here('overload.yaml'));
  const live = { amplification: rows.length / ITEMS, rate_529: rows.filter((r) => r.status === 529).length / rows.length };
  for (const metric of ['amplification', 'rate_529']) {
    const values = sim.runs.map((r) => r[metric]);
    const tolerance = 4 * sd(values) + 0.05 * Math.max(1, Math.abs(mean(values)));
    t.diagnostic(`${metric}: live ${live[metric].toFixed(3)}, simulated sdk-ts ${mean(values).toFixed(3)} ` +
                 `(sd ${sd(values).toFixed(3)} over ${values.length} replications), tolerance ${tolerance.toFixed(3)}`);
    assert.ok(Math.abs(live[metric] - mean(values)) <= tolerance,
              `${metric}: live ${live[metric].toFixed(3)}, simulated ${mean(values).toFixed(3)} ± ${tolerance.toFixed(3)}`);
  }
});
