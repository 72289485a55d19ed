// The voting phase: every note the phone may see, grouped by lane; tap to
// place a dot, tap again to take it back; never more dots than allowed.

import { h, syncList } from "../dom.js";
import { counts, laneNotes, shownNotes, shownVotes } from "../model.js";
import { timer } from "./parts.js";

function voteItem(app, note, voted, waiting, blocked) {
  const t = app.t;
  const button = h(
    "button",
    {
      type: "button",
      class: "vote" + (voted ? " on" : ""),
      "aria-pressed": voted ? "true" : "false",
      disabled: blocked,
      onclick: () => app.vote(note.id, !voted),
    },
    h("span", { class: "text", text: note.text }),
    h("span", { class: "dot-label" }, h("span", { class: "dot", "aria-hidden": "true" }), voted ? t("voting.dot") : t("voting.place")),
  );
  return h("li", { class: "voting-note" }, button, waiting ? h("p", { class: "badge waiting", text: t("note.waiting") }) : null);
}

export function votingScreen(app) {
  const t = app.t;
  const ex = app.exercise;
  const clock = timer(app);
  const dots = h("p", { class: "dots", "aria-live": "polite" });
  const used = h("p", { class: "hint", text: t("voting.used_up") });
  const lanes = h("div", { class: "lanes-read" });
  const none = h("p", { class: "hint", text: t("voting.none") });
  const el = h(
    "section",
    { class: "screen" },
    h("h1", { text: ex.title }),
    h("p", { class: "instructions", text: t("voting.help") }),
    clock,
    h("div", { class: "card sticky" }, dots, used),
    lanes,
    none,
  );
  return {
    el,
    tick: clock.tick,
    update() {
      const ex = app.exercise; // a new snapshot (reveal, moved to another group) replaces it
      clock.tick();
      const votes = shownVotes(app) || { voted: new Set(), waiting: new Set(), left: 0, total: ex.dots_per_participant };
      dots.replaceChildren(
        h("span", { class: "pips", "aria-hidden": "true" }, Array.from({ length: votes.total }, (_, i) => h("span", { class: i < votes.left ? "pip" : "pip used" }))),
        t("voting.left", { left: votes.left, total: votes.total }),
      );
      used.hidden = votes.left > 0;
      const notes = shownNotes(app).filter((n) => n.status === "saved" && counts(n)); // no dot on a hidden or merged note
      const groups = ex.lanes.map((lane) => ({ lane, notes: laneNotes(notes, lane.id).filter(counts) })).filter((g) => g.notes.length);
      syncList(
        lanes,
        groups,
        (g) => g.lane.id,
        (g) => g.lane.title,
        (g) => h("section", { class: "lane" }, h("h2", { text: g.lane.title }), h("ul", { class: "notes" })),
      );
      for (const g of groups) {
        const list = lanes.querySelector(`[data-key="${CSS.escape(g.lane.id)}"] ul`);
        syncList(
          list,
          g.notes,
          (n) => n.id,
          (n) => {
            const on = votes.voted.has(n.id);
            return JSON.stringify([n.text, on, votes.waiting.has(n.id), !on && votes.left === 0, app.lang]);
          },
          (n) => {
            const on = votes.voted.has(n.id);
            return voteItem(app, n, on, votes.waiting.has(n.id), !on && votes.left === 0);
          },
        );
      }
      none.hidden = groups.length > 0;
    },
  };
}
