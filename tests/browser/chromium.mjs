// Headless Chromium driven through the DevTools protocol, for the playground's browser
// test and benchmark (issue #19). openPage(file) starts Debian's /usr/bin/chromium with a
// throwaway profile, opens the file in a new tab and records, for the tab and every worker
// it starts, each network request and each console error or uncaught exception.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import WebSocket from "ws";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

function launch(profile) {
  const child = spawn(CHROMIUM, ["--headless=new", "--no-sandbox", "--disable-gpu",
    `--user-data-dir=${profile}`, "--remote-debugging-port=0", "--no-first-run",
    "--no-default-browser-check", "--window-size=1400,1100", "about:blank"],
    { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`chromium did not start:\n${stderr}`)), 30000);
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`chromium exited (${code}):\n${stderr}`)); });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) { clearTimeout(timer); child.removeAllListeners("exit"); resolve({ child, url: m[1] }); }
    });
  });
}

// One browser-level socket, flat sessions: send(method, params, sessionId).
class Connection {
  constructor(socket) {
    this.socket = socket; this.nextId = 1; this.pending = new Map(); this.listeners = [];
    socket.on("message", (raw) => {
      const msg = JSON.parse(raw);
      if (msg.id && this.pending.has(msg.id)) {
        const { resolve, reject } = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else resolve(msg.result);
      } else if (msg.method) {
        this.listeners.forEach((f) => f(msg));
      }
    });
  }
  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }
  on(f) { this.listeners.push(f); }
}

function record(conn, log) {
  conn.on((msg) => {
    const p = msg.params;
    if (msg.method === "Network.requestWillBeSent") log.requests.push(p.request.url);
    if (msg.method === "Runtime.exceptionThrown") {
      log.errors.push(`exception: ${p.exceptionDetails.exception?.description || p.exceptionDetails.text}`);
    }
    if (msg.method === "Runtime.consoleAPICalled" && p.type === "error") {
      log.errors.push(`console.error: ${p.args.map((a) => a.value ?? a.description).join(" ")}`);
    }
    if (msg.method === "Log.entryAdded" && p.entry.level === "error") {
      log.errors.push(`log: ${p.entry.text} ${p.entry.url || ""}`);
    }
  });
}

// Enables the recording domains on a session (the tab, or a worker it started).
async function watch(conn, sessionId, isPage) {
  const domains = ["Network.enable", "Runtime.enable", ...(isPage ? ["Log.enable", "Page.enable"] : [])];
  await Promise.all(domains.map((m) => conn.send(m, {}, sessionId)));
  await conn.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true },
                  sessionId);
}

export async function openPage(file) {
  const profile = mkdtempSync(path.join(tmpdir(), "ratesim-chromium-"));
  const { child, url } = await launch(profile);
  const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
  await new Promise((resolve, reject) => { socket.once("open", resolve); socket.once("error", reject); });
  const conn = new Connection(socket);
  const log = { requests: [], errors: [] };
  record(conn, log);
  conn.on((msg) => {     // a worker: watch it too, then let it run
    if (msg.method !== "Target.attachedToTarget" || msg.params.targetInfo.type === "page") return;
    const sid = msg.params.sessionId;
    watch(conn, sid, false).catch(() => {})
      .finally(() => conn.send("Runtime.runIfWaitingForDebugger", {}, sid).catch(() => {}));
  });
  const { targetId } = await conn.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await conn.send("Target.attachToTarget", { targetId, flatten: true });
  await watch(conn, sessionId, true);
  const loaded = new Promise((resolve) => conn.on((m) => {
    if (m.method === "Page.loadEventFired" && m.sessionId === sessionId) resolve();
  }));
  await conn.send("Page.navigate", { url: pathToFileURL(path.resolve(file)).href }, sessionId);
  await loaded;

  // Evaluates an expression in the page, awaiting a promise, and returns its JSON value.
  async function evaluate(expression) {
    const r = await conn.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true },
                              sessionId);
    if (r.exceptionDetails) {
      throw new Error(`in the page: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
    }
    return r.result.value;
  }
  async function screenshot() {
    const { data } = await conn.send("Page.captureScreenshot",
                                     { format: "png", captureBeyondViewport: true }, sessionId);
    return Buffer.from(data, "base64");
  }
  async function close() {
    socket.close();
    child.kill();
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
    rmSync(profile, { recursive: true, force: true });
  }
  return { evaluate, screenshot, close, log };
}
