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
  const heading = h("h1");
  const el = h(
    "section",
    { class: "screen" },
    heading,
    h("div", { class: "card" }, next, h("p", { class: "hint", text: t("waiting.auto") })),
    failed,
  );
  const update = () => {
    heading.textContent = t("waiting.group", { group: app.you.group_label }); // the facilitator may move people
    failed.update();
  };
  return { el, update };
}
