// The top bar on every screen: where you are (meeting and group), whether the
// phone is connected, and the language switch.

import { h } from "../dom.js";

// The star of icon.svg, in the page: one request fewer on every load (and the favicon in index.html likewise).
const LOGO = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><circle cx='16' cy='16' r='16' fill='%231d3f6e'/><path fill='%23f4c542' d='M16 5l3.2 7.1 7.8.8-5.8 5.2 1.7 7.6L16 21.8l-6.9 3.9 1.7-7.6L5 12.9l7.8-.8z'/></svg>";

export class Bar {
  constructor(app) {
    this.app = app;
    this.name = h("span");
    this.lang = h("button", { type: "button", class: "lang", onclick: () => app.switchLanguage(app.lang === "da" ? "en" : "da") });
    this.where = h("p", { class: "where" });
    this.status = h("p", { class: "status", role: "status" });
    this.notice = h("p", { class: "notice", role: "alert" });
    document.getElementById("bar").append(
      h("div", { class: "bar-row" }, h("span", { class: "brand" }, h("img", { src: LOGO, alt: "", class: "logo" }), this.name), this.lang),
      this.where,
      this.status,
      this.notice,
    );
  }

  update() {
    const { app } = this;
    const t = app.t;
    this.name.textContent = t("brand");
    this.lang.textContent = t("lang.switch");
    this.lang.lang = app.lang === "da" ? "en" : "da";
    const you = app.you && app.store && app.store.cred ? app.you : null;
    this.where.textContent = you ? t("status.where", { title: app.session.title, group: you.group_label }) : "";
    this.where.hidden = !you;
    let state = "";
    let text = "";
    const waiting = app.store ? app.store.outbox.length : 0;
    if (!navigator.onLine) [state, text] = ["offline", t("status.offline")];
    else if (app.ready) [state, text] = ["online", t("status.online")];
    else if (app.code && !app.codeError && app.link !== "open") [state, text] = ["connecting", t("status.connecting")];
    if (waiting && !app.ready) text += " " + t("status.waiting", { count: waiting });
    this.status.textContent = text;
    this.status.className = "status " + state;
    this.status.hidden = !text;
    this.notice.textContent = app.notice;
    this.notice.hidden = !app.notice;
  }
}
