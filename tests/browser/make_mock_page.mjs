// Dev helper (issue #19): makes a playground page, its data and an expected summary
// without `ratesim playground`, for running the browser test and benchmark by hand.
//   node make_mock_page.mjs SUMMARY_JSON OUTDIR [--module JS] [--replications N]
// SUMMARY_JSON is a summary.json written by `ratesim run` (its "scenario" is the resolved
// scenario). Writes OUTDIR/data.json and OUTDIR/page.html (with mock_module.js unless
// --module names the real build/playground/ratesim_playground.js); with the mock it also
// writes OUTDIR/expected.json, the mock's answer in summary.json's shape, for
// RATESIM_PLAYGROUND_EXPECTED. With the real module, the expected summary must come from
// `ratesim run` itself.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { fillPage } from "./fill_page.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args.splice(i, 2)[1]; };
const modulePath = option("--module"), replications = option("--replications");
const [summaryPath, outDir] = args;
if (!outDir) {
  console.error("usage: node make_mock_page.mjs SUMMARY_JSON OUTDIR [--module JS] [--replications N]");
  process.exit(2);
}
const scenario = JSON.parse(readFileSync(summaryPath, "utf8")).scenario;
if (replications) scenario.replications = Number(replications);

const seconds = (v) => Number(String(v).replace(/s$/, ""));
const client = scenario.clients[0];
const tunables = [
  { path: `clients.${client.name}.workers`, label: `clients.${client.name}.workers`, kind: "count",
    min: 1, max: 256, step: 1, default: client.workers },
  ...Object.entries(scenario.api.pools).filter(([, p]) => p.rpm !== null).map(([name, p]) => (
    { path: `api.pools.${name}.rpm`, label: `api.pools.${name}.rpm`, kind: "number",
      min: 10, max: 4000, step: 10, default: p.rpm })),
  { path: "api.burst", label: "api.burst", kind: "duration", min: 1, max: 60, step: 1,
    default: seconds(scenario.api.burst) },
];
const strategies = scenario.compare.strategies.map((s) => s.name);
const data = { title: scenario.name, description: scenario.description, scenario, tunables, strategies,
               selected: strategies.slice(1, 3), seed: scenario.seed, version: "make_mock_page.mjs" };
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "data.json"), JSON.stringify(data));
const moduleText = readFileSync(modulePath || path.join(here, "mock_module.js"), "utf8");
writeFileSync(path.join(outDir, "page.html"),
              fillPage(readFileSync(path.join(here, "../../sim/playground/page_template.html"), "utf8"),
                       JSON.stringify(data), moduleText));
if (!modulePath) {
  const RatesimModule = createRequire(import.meta.url)("./mock_module.js");
  const mod = await RatesimModule();
  const response = JSON.parse(mod.ccall("ratesim_run", "string", ["string"],
                                        [JSON.stringify({ scenario, set: [`seed=${scenario.seed}`] })]));
  const variants = response.variants.map((v) => ({
    name: v.name, runs: v.runs.map((r, i) => ({ replication: i, ...r })),
    mean: v.mean, ci95_half_width: v.half_width }));
  writeFileSync(path.join(outDir, "expected.json"), JSON.stringify({ scenario, variants }));
}
console.log(`wrote ${outDir}/page.html`);
