// The writing phase: the exercise's lanes (star points or modules), a text box
// for the chosen lane, and the group's notes on it, newest first, live.

import { form, h, syncList } from "../dom.js";
import { counts, laneNotes, shownNotes } from "../model.js";
import { failedElsewhere, syncNotes, textBox, timer } from "./parts.js";

function proposeForm(app) {
  const t = app.t;
  const title = h("input", { type: "text", id: "propose-title", maxlength: 120 });
  const prompt = h("textarea", { id: "propose-prompt", rows: 2 });
  const error = h("p", { class: "warn", role: "alert" });
  const propose = () => {
    error.textContent = title.value.trim() ? "" : t("propose.title_missing");
    if (error.textContent) return;
    app.propose(title.value, prompt.value);
    title.value = prompt.value = "";
    details.open = false;
  };
  const details = h(
    "details",
    { class: "propose" },
    h("summary", { text: t("propose.open") }),
    form(
      "propose-form",
      propose,
      h("label", { for: title.id, class: "label", text: t("propose.title") }),
      title,
      h("label", { for: prompt.id, class: "label", text: t("propose.prompt") }),
      prompt,
      error,
      h("button", { type: "submit", text: t("propose.submit") }),
    ),
  );
  return details;
}

function chip(app, lane) {
  const input = h("input", { type: "radio", name: "lane", value: lane.id, onchange: () => app.chooseLane(lane.id) });
  return h(
    "label",
    { class: "chip" },
    input,
    h("span", { text: lane.title }),
    lane.proposed ? h("span", { class: "tag", text: app.t("propose.tag") }) : null,
    h("span", { class: "n", "aria-hidden": "true" }),
  );
}

export function writingScreen(app) {
  const t = app.t;
  const ex = app.exercise;
  const state = { editing: null, confirming: null };
  const clock = timer(app);
  const chips = h("div", { class: "chips" });
  const laneTitle = h("h2");
  const owner = h("p", { class: "owner" });
  const prompt = h("p", { class: "prompt" });
  const add = h("button", { type: "submit", class: "primary", text: t("writing.add") });
  const box = textBox(app, { label: "", limit: ex.max_note_length, value: app.draft.note || "", button: add });
  box.area.addEventListener("input", () => (app.draft.note = box.area.value));
  const composer = form("composer", () => {
    if (add.disabled) return;
    app.addNote(app.lane, box.area.value);
    box.area.value = app.draft.note = "";
    box.refresh();
    box.area.focus();
  }, box.el);
  const readOnly = h("p", { class: "hint", text: t("writing.read_only") });
  const notesTitle = h("h3");
  const list = h("ul", { class: "notes" });
  const empty = h("p", { class: "hint", text: t("writing.no_notes") });
  const failed = failedElsewhere(app);
  const el = h(
    "section",
    { class: "screen" },
    h("h1", { text: ex.title }),
    h("p", { class: "instructions", text: ex.instructions }),
    clock,
    h("fieldset", { class: "lanes" }, h("legend", { class: "label", text: t(ex.kind === "star" ? "writing.lanes_star" : "writing.lanes") }), chips),
    h("div", { class: "card lane" }, laneTitle, owner, prompt, composer, readOnly),
    ex.allow_proposals ? proposeForm(app) : null,
    h("section", { class: "lane-notes" }, notesTitle, list, empty),
    failed,
  );
  return {
    el,
    tick: clock.tick,
    update() {
      const ex = app.exercise; // a new snapshot (reveal, moved to another group) replaces it
      clock.tick();
      const notes = shownNotes(app);
      // Only the group's own lanes, unless others' notes are there to read (after a reveal).
      const lanes = ex.lanes.filter((lane) => lane.writable || notes.some((n) => n.lane_id === lane.id));
      if (!lanes.some((lane) => lane.id === app.lane)) app.lane = (lanes.find((lane) => lane.writable) || lanes[0] || {}).id;
      const lane = lanes.find((l) => l.id === app.lane);
      syncList(chips, lanes, (l) => l.id, (l) => l.title + (l.proposed ? "*" : ""), (l) => chip(app, l));
      for (const label of chips.children) {
        label.querySelector("input").checked = label.dataset.key === app.lane;
        label.classList.toggle("on", label.dataset.key === app.lane);
        const count = notes.filter((n) => n.lane_id === label.dataset.key && counts(n)).length;
        label.querySelector(".n").textContent = count ? String(count) : "";
      }
      if (!lane) return;
      laneTitle.textContent = lane.title;
      owner.textContent = lane.owner ? t("writing.owner", { owner: lane.owner }) : "";
      owner.hidden = !lane.owner;
      prompt.textContent = lane.prompt || "";
      prompt.hidden = !lane.prompt;
      box.labelEl.textContent = t("writing.note_label", { lane: lane.title });
      composer.hidden = !lane.writable;
      readOnly.hidden = lane.writable;
      notesTitle.textContent = t("writing.notes_heading", { lane: lane.title });
      const these = laneNotes(notes, lane.id);
      syncNotes(app, list, these, state, true, ex.max_note_length);
      empty.hidden = these.length > 0;
      failed.update();
    },
  };
}
