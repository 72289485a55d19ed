// The reachability check (docs/rooms.md): one WebSocket round trip to the
// laptop. The server sends three probes, this page sends each back, and the
// server answers with the fastest round trip in milliseconds; the console's
// lobby (or the headless log) says at the same moment that a phone got through.

import { browserLanguage } from "./i18n.js";

const TIMEOUT_MS = 10000;
const $ = (id) => document.getElementById(id);

function show(t, state, text, hint) {
  const result = $("check-result");
  result.className = "check-result " + state;
  result.textContent = text;
  $("check-hint").textContent = hint || "";
  $("check-again").hidden = state === "running";
}

function run(t) {
  show(t, "running", t("reach.running"));
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  let ws;
  let done = false;
  const fail = () => {
    if (done) return;
    done = true;
    show(t, "failed", t("reach.failed"), t("reach.failed_hint"));
    if (ws) ws.close();
  };
  const timer = setTimeout(fail, TIMEOUT_MS);
  try {
    ws = new WebSocket(`${scheme}//${location.host}/check-ws`);
  } catch {
    fail();
    return;
  }
  ws.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === "probe") ws.send(JSON.stringify({ type: "probe", n: message.n }));
    if (message.type === "reached" && !done) {
      done = true;
      clearTimeout(timer);
      show(t, "ok", t("reach.ok", { ms: message.ms }), t("reach.ok_hint"));
    }
  };
  ws.onerror = fail;
  ws.onclose = () => setTimeout(fail, 0);
}

async function start() {
  const lang = browserLanguage();
  const response = await fetch(`/check-texts/${lang}.json`, { cache: "no-cache" });
  const table = await response.json(); // the `reach.` keys of facilitator/texts
  const t = (key, params = {}) => (table[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
  document.documentElement.lang = lang;
  document.title = t("reach.title");
  $("check-heading").textContent = t("reach.heading");
  $("check-again").textContent = t("reach.again");
  $("check-again").addEventListener("click", () => run(t));
  run(t);
}

start();
