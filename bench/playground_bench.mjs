// Browser benchmark of the playground page (issue #19, item 4): loads the page in Debian's
// headless Chromium, reruns it N times (each with a new seed, as the seed box would) and
// prints the median wall time per rerun, from posting the request to the worker to the
// redrawn plots (the page's lastResult.wall_ms; the 100 ms input debounce is not counted).
//   (cd tests/browser && npm ci)     # once, for the DevTools client `ws`
//   node bench/playground_bench.mjs PAGE.html [N=20]
import { openPage } from "../tests/browser/chromium.mjs";

const [pageFile, n = "20"] = process.argv.slice(2);
if (!pageFile) {
  console.error("usage: node bench/playground_bench.mjs PAGE.html [N=20]");
  process.exit(2);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1;
                         return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const browser = await openPage(pageFile);
try {
  const state = await browser.evaluate(`window.ratesimPlayground.ready.then(() => document.body.dataset.state)`);
  if (state !== "done") throw new Error(`the first run ended in state ${state}`);
  const first = await browser.evaluate("window.ratesimPlayground.lastResult.wall_ms");
  const picked = await browser.evaluate("window.ratesimPlayground.lastResult.variants.map((v) => v.name)");
  const seed = await browser.evaluate(`JSON.parse(document.getElementById("ratesim-data").textContent).seed`);
  const times = [];
  for (let i = 1; i <= Number(n); i++) {
    const ms = await browser.evaluate(`window.ratesimPlayground.setSeed(${seed + i}).then((outcome) =>
      outcome === "done" ? window.ratesimPlayground.lastResult.wall_ms : Promise.reject(new Error(outcome)))`);
    times.push(ms);
  }
  console.log(`page: ${pageFile}`);
  console.log(`strategies: ${picked.join(", ")}`);
  console.log(`first run (includes starting the module): ${first.toFixed(1)} ms`);
  console.log(`reruns: ${times.length}, median ${median(times).toFixed(1)} ms per rerun ` +
              `(min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
} finally {
  await browser.close();
}
