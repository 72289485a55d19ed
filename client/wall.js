// The projector wall: a read-only page for the whole room. It opens at the
// wall's secret URL (/w/<secret>), says the secret on /wall-ws, and draws
// what the server sends: the QR code before the exercise, the star or the
// modules filling up, the timer, the plenary. It never sends anything to the
// meeting and reconnects by itself (the phone page's Connection, pointed at
// the wall's socket).

import { Connection } from "./connection.js";
import { h } from "./dom.js";
import { focusNoteScene, focusScene, resultsScene } from "./wall-focus.js";
import { barsScene, formatCode, lobbyScene, plenumScene, starScene } from "./wall-views.js";

const LANGUAGES = ["da", "en"];
const BLOCKED_RETRY = 61000; // the server forgets failed attempts after a minute

function secretFromPath(path) {
  const match = /^\/w\/([A-Za-z0-9_-]{10,200})\/?$/.exec(path);
  return match ? match[1] : null;
}

async function loadTexts(lang) {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`/wall-texts/${lang}.json`, { cache: "no-cache" });
      if (response.ok) return await response.json();
    } catch {
      // the laptop may be restarting; try again shortly
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(4000, 500 * 2 ** attempt)));
  }
}

/** The phone page's connection, at /wall-ws, and able to stop for good (a wrong secret). */
class WallConnection extends Connection {
  constructor(handlers) {
    super(handlers);
    this.url = this.url.replace(/\/ws$/, "/wall-ws");
    this.stopped = false;
  }
  connect() {
    if (!this.stopped) super.connect();
  }
  later() {
    if (!this.stopped) super.later();
  }
  stop() {
    this.stopped = true;
    this.drop();
  }
}

class Wall {
  constructor() {
    this.secret = secretFromPath(location.pathname);
    const asked = new URLSearchParams(location.search).get("lang");
    this.asked = LANGUAGES.includes(asked) ? asked : null;
    this.lang = null;
    this.table = {};
    this.view = null; // the server's last `wall` frame
    this.offset = 0; // server clock minus ours, seconds
    this.link = "connecting";
    this.notice = "";
    this.refusal = ""; // set: nothing is shown but this
    this.scene = null;
    this.top = document.getElementById("top");
    this.stage = document.getElementById("stage");
    this.foot = document.getElementById("foot");
  }

  t = (key, params = {}) =>
    (this.table["wall." + key] ?? key).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));

  /** "12 deltagere" / "1 deltager": the `.one` or `.other` text of `key` (as the Python tables). */
  count(key, count) {
    return this.t(count === 1 ? `${key}.one` : `${key}.other`, { count });
  }

  async start() {
    if (!this.secret) {
      await this.useLanguage(this.asked || "da");
      this.refuse("refused.body");
      return;
    }
    this.conn = new WallConnection({
      open: () => this.conn.send({ type: "wall_hello", secret: this.secret, lang: this.asked }),
      message: (m) => this.receive(m),
      state: (link) => {
        this.link = link;
        this.renderFrame();
      },
    });
    this.conn.connect();
    setInterval(() => this.tick(), 500);
  }

  async useLanguage(lang) {
    if (lang === this.lang) return;
    this.table = await loadTexts(lang);
    this.lang = lang;
    document.documentElement.lang = lang;
    document.title = this.t("title");
    this.scene = null; // every text again, in the new language
  }

  async receive(m) {
    if (typeof m.server_time === "number") this.offset = m.server_time - Date.now() / 1000;
    if (m.type === "wall") {
      this.newest = m;
      await this.useLanguage(m.language);
      // Frames that came while the texts loaded wait here too and may wake in any order: only the newest draws.
      if (this.newest !== m) return;
      this.view = m;
      this.notice = "";
      this.render();
    } else if (m.type === "paused") {
      this.notice = m.message;
      this.renderFrame();
    } else if (m.type === "error" && m.code === "wrong_secret") {
      this.conn.stop(); // asking again with the same secret cannot help, and would count as guessing
      await this.useLanguage(this.asked || this.lang || "da");
      this.refuse("refused.body");
    } else if (m.type === "error" && m.code === "too_many_attempts") {
      this.conn.stop();
      await this.useLanguage(this.asked || this.lang || "da");
      this.refuse("blocked");
      setTimeout(() => location.reload(), BLOCKED_RETRY);
    }
  }

  refuse(key) {
    this.refusal = this.t(key);
    this.view = null;
    this.scene = null;
    this.top.replaceChildren();
    this.foot.replaceChildren();
    this.stage.replaceChildren(
      h("section", { class: "refused", role: "alert" }, h("h1", { text: this.t("refused.heading") }), h("p", { text: this.refusal })),
    );
  }

  /** Seconds left on the countdown, by the server's clock; null when none runs. */
  secondsLeft() {
    const ex = this.view && this.view.exercise;
    if (!ex || ex.timer_ends_at === null || ex.phase !== "writing") return null;
    return Math.max(0, Math.ceil(ex.timer_ends_at - (Date.now() / 1000 + this.offset)));
  }

  sceneFor(view) {
    const ex = view.exercise;
    if (!ex || ex.phase === "not_started") return ["lobby", lobbyScene];
    // The plenary's own views (wall-focus.js): a focus wins; the vote's results until the first summary line.
    if (view.focus) return view.focus.note ? ["focus-note", focusNoteScene] : ["focus", focusScene];
    if (view.results && view.results.lines.length && !view.plenum.lines.length) return ["results", resultsScene];
    if (ex.phase === "closed" && (view.plenum.highlighted.length || view.plenum.lines.length)) return ["plenum", plenumScene];
    const points = ex.lanes.filter((lane) => !lane.proposed);
    if (ex.kind === "star" && points.length === 5) return ["star", starScene];
    return ["bars", barsScene];
  }

  render() {
    if (this.refusal || !this.view) return;
    const view = this.view;
    const [name, make] = this.sceneFor(view);
    const ex = view.exercise;
    const lanes = ex ? ex.lanes.map((lane) => lane.id).join(",") : "";
    const focus = view.focus ? view.focus.lane_id : "";
    const key = [name, this.lang, ex ? ex.id : "", lanes, focus].join("|");
    if (!this.scene || this.scene.key !== key) {
      if (this.scene && this.scene.stop) this.scene.stop(); // a scene's page turner or watcher
      this.scene = make(this);
      this.scene.key = key;
      this.stage.className = `stage ${name}`;
      this.stage.replaceChildren(this.scene.el);
    }
    this.scene.update(view);
    this.renderFrame();
  }

  /** The bar at the top (what is on, the timer) and the foot (how to join, how many, the link). */
  renderFrame() {
    if (this.refusal || !this.view) return;
    const { view, t } = this;
    const ex = view.exercise;
    const lobby = !ex || ex.phase === "not_started";
    let heading = view.title;
    let sub = [view.network, formatDate(view.date, this.lang)].filter(Boolean).join(" · ");
    if (!lobby && this.scene && this.scene.heading) {
      [heading, sub] = this.scene.heading(view);
    } else if (!lobby && this.stage.classList.contains("plenum")) {
      heading = t("plenum.heading");
      sub = ex.title;
    } else if (!lobby) {
      heading = ex.title;
      sub = `${t("exercise.number", { number: ex.number, count: ex.count })} · ${t(`phase.${ex.phase}`)}`;
    }
    const left = this.secondsLeft();
    this.timer = h("div", { class: "timer", hidden: left === null, role: "timer" });
    this.top.replaceChildren(h("div", { class: "heading" }, h("h1", { text: heading }), h("p", { class: "sub", text: sub })), this.timer);
    this.tick();
    const people = `${this.count("people", view.participants)} ${this.count("groups", view.groups)}`;
    const status = this.notice || (this.link === "open" ? "" : t("connecting"));
    // The lobby shows how to join and how many came in large type; elsewhere the foot says it, beside a
    // small QR code in the bottom left corner, for latecomers (the phone's code page points them here).
    const parts = [
      lobby ? null : this.cornerQr(view.join_url),
      lobby
        ? null
        : h("div", { class: "join" }, h("p", { class: "join-url", text: t("join", { url: view.join_url }) }), h("p", { class: "code", text: t("code", { code: formatCode(view.code) }) })),
      h("p", { class: "link", role: "status", hidden: !status, text: status }),
      lobby || !view.participants ? null : h("p", { class: "people", text: people }),
    ];
    this.foot.replaceChildren(...parts.filter(Boolean));
  }

  /** The corner's QR code: one image, kept across redraws, fetched again only for a new join URL. */
  cornerQr(joinUrl) {
    if (!this.corner) {
      this.cornerImg = h("img", { class: "corner-qr", alt: this.t("lobby.scan"), width: 160, height: 160 });
      this.corner = h("div", { class: "qr-card corner-card" }, this.cornerImg);
    }
    if (this.cornerFor !== joinUrl) {
      this.cornerFor = joinUrl;
      this.cornerVersion = (this.cornerVersion || 0) + 1;
      this.cornerImg.src = `${location.pathname.replace(/\/$/, "")}/qr.svg?v=${this.cornerVersion}`;
    }
    this.cornerImg.alt = this.t("lobby.scan");
    return this.corner;
  }

  tick() {
    if (!this.timer) return;
    const left = this.secondsLeft();
    this.timer.hidden = left === null;
    if (left === null) return;
    const text = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}` : this.t("timer.up");
    if (this.timer.dataset.text !== text) {
      this.timer.dataset.text = text;
      this.timer.classList.toggle("up", left === 0);
      this.timer.classList.toggle("soon", left > 0 && left <= 60);
      this.timer.replaceChildren(h("span", { class: "label", text: this.t("timer.label") }), h("span", { class: "left", text }));
    }
  }
}

function formatDate(iso, lang) {
  const date = new Date(iso + "T12:00:00");
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(lang === "en" ? "en-GB" : "da-DK", { day: "numeric", month: "long", year: "numeric" });
}

new Wall().start();
