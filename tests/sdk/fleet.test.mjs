// Eight real SDK clients, default retries, half of them streaming, against
// `ratesim serve` on fleet.yaml (a 240 RPM pool with a 4-request bucket):
// their calls end as the SDK's rule says, the emulator's record agrees with
// what the clients saw, the admitted rate is the limit's, and attempts per
// item and the 429 rate agree with the simulated sdk-ts strategy.
import test from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { byItem, fleet, here, ksCritical, ksDistanceWithSlack, mean, sd, simulate, startServe } from './harness.mjs';

const ITEMS = 40;
const WORKERS = 8;
const LIMIT_RPM = 240;
const BUCKET = 4;  // 240 RPM x 1 s burst / 60 s
// Scheduling noise allowed between the emulator's answer and the client's
// next attempt (Node's timers, event loop and a new loopback request):
// observed delays may be this much later than the rule's. Run alone (ctest
// runs this test serially) they are late by 3-30 ms; the rules told apart
// differ by far more (an honoured retry-after of 1 s against a backoff of
// 0.375-0.5 s; a backoff against none).
const SLACK_S = 0.05;

test('a fleet of SDK clients meets the limits as the sdk-ts strategy does in simulation', async (t) => {
  const serve = await startServe(here('fleet.yaml'));
  const outcomes = [];
  let clientAttempts = 0;
  const clients = Array.from({ length: WORKERS }, (_, w) => new Anthropic({
    baseURL: serve.baseURL,
    apiKey: `sk-test-fleet-${w}`,
    fetch: async (url, init) => { clientAttempts++; return fetch(url, init); },
  }));
  let worker = 0;
  await fleet(ITEMS, WORKERS, async (i) => {
    const client = clients[worker++ % WORKERS];
    const params = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: `item ${i}` }] };
    try {
      if (i % 2) {
        const events = [];
        let text = '';
        for await (const e of await client.messages.create({ ...params, stream: true })) {
          events.push(e.type);
          if (e.type === 'content_block_delta') text += e.delta.text;
        }
        // The SDK's iterator passes every event on but ping.
        assert.deepEqual([events[0], events[1], events[2], events.at(-3), events.at(-2), events.at(-1)],
                         ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop',
                          'message_delta', 'message_stop']);
        outcomes.push({ ok: true, tokens: text.trim().split(' ').length });
      } else {
        const m = await client.messages.create(params);
        assert.equal(m.type, 'message');
        outcomes.push({ ok: true, tokens: m.usage.output_tokens });
      }
    } catch (e) {
      outcomes.push({ ok: false, error: e });
    }
  });
  const rows = await serve.stop();
  const items = byItem(rows);

  // Every call ends as the SDK's rule says: at most 1 + 2 retries, every
  // attempt but the last a 429, and a failure only after all three.
  assert.equal(items.length, ITEMS);
  for (const attempts of items) {
    assert.ok(attempts.length <= 3, `an item took ${attempts.length} attempts`);
    for (const a of attempts.slice(0, -1)) assert.equal(a.status, 429);
    const last = attempts.at(-1);
    if (last.status !== 200) assert.equal(attempts.length, 3, 'a failure before the retries ran out');
  }
  const succeeded = outcomes.filter((o) => o.ok);
  const failed = outcomes.filter((o) => !o.ok);
  for (const f of failed) assert.ok(f.error instanceof Anthropic.RateLimitError, String(f.error));
  for (const s of succeeded) assert.equal(s.tokens, 16);  // fleet.yaml's output_tokens

  // The record agrees with the clients: attempts, successes, failures.
  assert.equal(rows.length, clientAttempts);
  assert.equal(items.filter((a) => a.at(-1).status === 200).length, succeeded.length);
  assert.equal(items.filter((a) => a.at(-1).status !== 200).length, failed.length);
  assert.equal(new Set(rows.map((r) => r.retry_count)).size <= 3, true);
  for (const attempts of items) attempts.forEach((a, k) => assert.equal(a.retry_count, k));

  // retry-after is honoured: each retry comes retry-after after the 429,
  // as sdk-ts assumes (its delay is the header exactly), up to the slack.
  const residuals = [];
  for (const attempts of items)
    for (let k = 1; k < attempts.length; k++) {
      assert.ok(attempts[k - 1].retry_after_s >= 1, 'a 429 without retry-after');
      residuals.push(attempts[k].arrival_s - attempts[k - 1].answered_s - attempts[k - 1].retry_after_s);
    }
  assert.ok(residuals.length >= 20, `only ${residuals.length} retries`);
  const d = ksDistanceWithSlack(residuals, (x) => (x >= 0 ? 1 : 0), SLACK_S);
  t.diagnostic(`${residuals.length} retries after a 429: KS distance ${d.toFixed(3)}, critical ` +
               `${ksCritical(residuals.length).toFixed(3)}; late by at most ${Math.max(...residuals).toFixed(3)} s`);
  assert.ok(d <= ksCritical(residuals.length),
            `retry delays minus retry-after: KS distance ${d.toFixed(3)} from sdk-ts's (0 up to ${SLACK_S}s); ` +
            `residuals ${residuals.map((r) => r.toFixed(3)).join(' ')}`);

  // The admitted rate is the limit's. While every client has an item (until
  // the last item's first attempt), the bucket admits what it holds at the
  // start plus what refills: at most BUCKET + rate * T (+ 1 for rounding),
  // and at least rate * T - BUCKET, since refill is lost only while the
  // bucket is full, and it holds one second's worth while 429'd clients
  // retry every second.
  const oks = rows.filter((r) => r.status === 200);
  const start = Math.min(...rows.map((r) => r.arrival_s));
  const saturatedUntil = Math.max(...items.map((a) => a[0].arrival_s));
  const admitted = oks.filter((r) => r.arrival_s <= saturatedUntil).length;
  const refill = (LIMIT_RPM / 60) * (saturatedUntil - start);
  t.diagnostic(`${admitted} admitted in ${(saturatedUntil - start).toFixed(2)} s of saturation ` +
               `(the limit: ${(refill - BUCKET).toFixed(1)} to ${(BUCKET + refill + 1).toFixed(1)})`);
  assert.ok(admitted <= BUCKET + refill + 1 && admitted >= refill - BUCKET,
            `${admitted} admitted in ${(saturatedUntil - start).toFixed(2)} s; the limit admits ` +
            `${(refill - BUCKET).toFixed(1)} to ${(BUCKET + refill + 1).toFixed(1)}`);

  // Fidelity: one live run against 30 simulated replications of the same
  // fleet. Agreement: within 4 standard deviations of the replications
  // (one run in about 16,000 falls outside when the two are the same
  // process), plus 0.05 for what the model leaves out (milliseconds of
  // scheduling, which can reorder who wins a refilled token).
  const sim = simulate(here('fleet.yaml'));
  const live = {
    amplification: rows.length / ITEMS,
    rate_429: rows.filter((r) => r.status === 429).length / rows.length,
  };
  for (const metric of ['amplification', 'rate_429']) {
    const values = sim.runs.map((r) => r[metric]);
    const tolerance = 4 * sd(values) + 0.05 * Math.max(1, Math.abs(mean(values)));
    t.diagnostic(`${metric}: live ${live[metric].toFixed(3)}, simulated sdk-ts ${mean(values).toFixed(3)} ` +
                 `(sd ${sd(values).toFixed(3)} over ${values.length} replications), tolerance ${tolerance.toFixed(3)}`);
    assert.ok(Math.abs(live[metric] - mean(values)) <= tolerance,
              `${metric}: live ${live[metric].toFixed(3)}, simulated sdk-ts ${mean(values).toFixed(3)} ` +
              `± ${tolerance.toFixed(3)}`);
  }
});
