// A small application on the official SDK, for the README's walkthrough of
// `ratesim serve`: four workers send 40 requests, half of them streamed,
// with the SDK's default retries. Reads ANTHROPIC_BASE_URL, as any app does.
//   ANTHROPIC_BASE_URL=http://127.0.0.1:PORT node tests/sdk/example-app.mjs
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY ?? 'sk-local-test' });
let next = 0, ok = 0, failed = 0;
const started = Date.now();
await Promise.all(Array.from({ length: 4 }, async () => {
  while (next < 40) {
    const i = next++;
    const params = { model: 'claude-sonnet-4-5', max_tokens: 300,
                     messages: [{ role: 'user', content: `Summarize ticket ${i} in one line.` }] };
    try {
      if (i % 2) await client.messages.stream(params).finalMessage();
      else await client.messages.create(params);
      ok++;
    } catch (e) {
      failed++;
      console.log(`request ${i}: ${e.constructor.name} ${e.status ?? ''}`);
    }
  }
}));
console.log(`${ok} succeeded, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
