// The rest of what the SDK meets: a stream that breaks off with
// overloaded_error after its 200 (an APIError, not retried; by serve's own
// rule or an incident's midstream rule), count_tokens,
// the model list, and keys mapped to workspaces (an unknown key gets 401).
import test from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { here, startServe } from './harness.mjs';

const params = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hello there' }] };

test('a mid-stream overload surfaces as an APIError and is not retried', async () => {
  const serve = await startServe(here('overload.yaml'),
                                 ['--set', 'api.capacity.incidents=[]', '--set', 'serve={midstream_overload: 1}']);
  const client = new Anthropic({ baseURL: serve.baseURL, apiKey: 'sk-mid' });
  const seen = [];
  await assert.rejects(async () => {
    for await (const e of await client.messages.create({ ...params, stream: true })) seen.push(e.type);
  }, (e) => e instanceof Anthropic.APIError && /overloaded_error|Overloaded/.test(String(e.message)));
  assert.equal(seen[0], 'message_start');
  assert.ok(!seen.includes('message_stop'));
  const counted = await client.messages.countTokens({ model: params.model, messages: params.messages });
  assert.equal(counted.input_tokens, 4 + Math.ceil('hello there'.length / 4));  // docs/serve.md's rule
  const models = await client.models.list();
  assert.deepEqual(models.data.map((m) => m.id), ['claude-sonnet-4-5']);
  const rows = await serve.stop();
  assert.equal(rows.length, 1);  // not retried; count_tokens and /v1/models are not Messages requests
  assert.equal(rows[0].stream_error, true);
  assert.equal(rows[0].status, 200);
});

test("an incident's midstream rule breaks the stream in the model: an APIError, not retried, billed half", async () => {
  const serve = await startServe(here('overload.yaml'),
                                 ['--set', 'api.capacity.incidents=[{at: 0s, for: 1h, overload: 0, midstream: {fraction: 1}}]']);
  const client = new Anthropic({ baseURL: serve.baseURL, apiKey: 'sk-mid' });
  const seen = [];
  await assert.rejects(async () => {
    for await (const e of await client.messages.create({ ...params, stream: true })) seen.push(e.type);
  }, (e) => e instanceof Anthropic.APIError && /overloaded_error|Overloaded/.test(String(e.message)));
  assert.equal(seen[0], 'message_start');
  assert.ok(!seen.includes('message_stop'));
  const rows = await serve.stop();
  assert.equal(rows.length, 1);  // the SDK does not retry an error event in the stream
  assert.equal(rows[0].stream_error, true);
  assert.equal(rows[0].status, 200);
  assert.equal(rows[0].output_tokens, 8);  // half of the 16 it would have generated (after: 0.5)
});

test('keys mapped to workspaces: a known key is served, an unknown one gets authentication_error', async () => {
  const serve = await startServe(here('overload.yaml'),
                                 ['--set', 'api.capacity.incidents=[]', '--set', 'serve={keys: {sk-known: {}}}']);
  const known = new Anthropic({ baseURL: serve.baseURL, apiKey: 'sk-known' });
  const m = await known.messages.create(params);
  assert.equal(m.usage.output_tokens, 16);
  const unknown = new Anthropic({ baseURL: serve.baseURL, apiKey: 'sk-unknown' });
  await assert.rejects(unknown.messages.create(params), (e) => e instanceof Anthropic.AuthenticationError);
  const rows = await serve.stop();
  assert.deepEqual(rows.map((r) => [r.key, r.status, r.error_type]),
                   [['nown', 200, ''], ['nown', 401, 'authentication_error']]);
});
