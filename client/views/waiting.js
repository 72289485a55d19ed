// Between exercises: which group you are in and what comes next.

import { h } from "../dom.js";
import { failedElsewhere } from "./parts.js";

export function loadingScreen(app) {
  return { el: h("section", { class: "screen center" }, h("p", { class: "sub", text: app.t("status.connecting") })) };
}

export function waitingScreen(app) {
  const t = app.t;
  const ex = app.exercise;
  const failed = failedElsewhere(app);
  const next = ex
    ? [h("p", { class: "label", text: t("waiting.next") }), h("h2", { text: ex.title }), h("p", { text: ex.instructions })]
    : [h("p", { text: t("waiting.first") })];
  const el = h(
    "section",
    { class: "screen" },
    h("h1", { text: t("waiting.group", { group: app.you.group_label }) }),
    h("div", { class: "card" }, next, h("p", { class: "hint", text: t("waiting.auto") })),
    failed,
  );
  return { el, update: () => failed.update() };
}
