// Test helper (issue #19): fills the playground page template the way `ratesim playground`
// does (the real command is C++; this only lets the browser test run without it).
//   node fill_page.mjs TEMPLATE DATA_JSON MODULE_JS OUT_HTML
// Each placeholder must occur exactly once. As the contract says, every "</" in the data
// becomes "<\/" (the same JSON) and every "</script" in the module becomes "<\/script"
// (the same JS), so neither can end its <script> element early.
import { readFileSync, writeFileSync } from "node:fs";

export function fillPage(template, dataText, moduleText) {
  const slots = { "@@RATESIM_DATA@@": dataText.replaceAll("</", "<\\/"),
                  "@@RATESIM_MODULE@@": moduleText.replace(/<\/script/gi, "<\\/script") };
  for (const slot of Object.keys(slots)) {
    const count = template.split(slot).length - 1;
    if (count !== 1) throw new Error(`the template holds ${slot} ${count} times, not once`);
  }
  // One pass over the template, so a placeholder inside the inserted text stays as it is.
  return template.replace(/@@RATESIM_(?:DATA|MODULE)@@/g, (slot) => slots[slot]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [template, data, module, out] = process.argv.slice(2);
  if (!out) {
    console.error("usage: node fill_page.mjs TEMPLATE DATA_JSON MODULE_JS OUT_HTML");
    process.exit(2);
  }
  JSON.parse(readFileSync(data, "utf8"));   // fail here, not in the browser, on bad data
  writeFileSync(out, fillPage(readFileSync(template, "utf8"), readFileSync(data, "utf8"),
                              readFileSync(module, "utf8")));
}
