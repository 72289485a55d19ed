// After an exercise: thanks, what happens next, and the notes to look back on.

import { h } from "../dom.js";
import { laneNotes, shownNotes } from "../model.js";
import { failedElsewhere, syncNotes } from "./parts.js";

export function closedScreen(app) {
  const t = app.t;
  const ex = app.exercise;
  const lanes = h("div", { class: "lanes-read" });
  const failed = failedElsewhere(app);
  const el = h(
    "section",
    { class: "screen" },
    h("h1", { text: t("closed.heading") }),
    h("div", { class: "card" }, h("p", { text: t("closed.next") }), h("p", { class: "hint", text: t("waiting.auto") })),
    h("h2", { text: t("closed.notes", { exercise: ex.title }) }),
    lanes,
    failed,
  );
  return {
    el,
    update() {
      const ex = app.exercise; // a new snapshot (reveal, moved to another group) replaces it
      const notes = shownNotes(app);
      lanes.replaceChildren();
      for (const lane of ex.lanes) {
        const these = laneNotes(notes, lane.id);
        if (!these.length) continue;
        const list = h("ul", { class: "notes" });
        syncNotes(app, list, these, {}, false, 0);
        lanes.append(h("section", { class: "lane" }, h("h3", { text: lane.title }), list));
      }
      if (!lanes.children.length) lanes.append(h("p", { class: "hint", text: t("writing.no_notes") }));
      failed.update();
    },
  };
}
