// Pieces several screens share: the countdown, the character counter, a
// note as a list item, and notes the server could not store.

import { button, fieldId, form, h, syncList, textLength } from "../dom.js";
import { local, secondsLeft } from "../model.js";

// Time up: one short buzz where the phone allows it (navigator.vibrate is
// missing on iOS and in some browsers; it is then only seen, in the sticky bar).
const BUZZ = [200, 100, 200];

/** Buzz once per countdown, and only when this page saw it run out (not on a
 * reload after the end). The state lives on `app`: the screens draw anew. */
function buzzAtTimeUp(app, left) {
  const endsAt = app.exercise && app.exercise.timer_ends_at;
  if (left > 0) app.countdownSeen = endsAt;
  else if (app.countdownSeen === endsAt && app.buzzedFor !== endsAt) {
    app.buzzedFor = endsAt;
    if (typeof navigator.vibrate === "function") navigator.vibrate(BUZZ);
  }
}

export function timer(app) {
  const el = h("p", { class: "timer", role: "timer", hidden: true });
  el.tick = () => {
    const left = secondsLeft(app);
    el.hidden = left === null;
    if (left === null) return;
    buzzAtTimeUp(app, left);
    const mm = Math.floor(left / 60);
    const ss = String(left % 60).padStart(2, "0");
    el.textContent = left > 0 ? app.t("timer.left", { time: `${mm}:${ss}` }) : app.t("timer.up");
    el.classList.toggle("up", left === 0);
  };
  el.tick();
  return el;
}

/** A text box with a live count against the limit; the button works only
 * for a text the server will take (not empty, not too long). */
export function textBox(app, { label, limit, value = "", rows = 3, button }) {
  const id = fieldId("text");
  const area = h("textarea", { id, rows, value, autocomplete: "off" });
  const count = h("span", { class: "count", id: id + "-count" });
  const warn = h("p", { class: "warn", "aria-live": "polite" });
  area.setAttribute("aria-describedby", count.id);
  const refresh = () => {
    const n = textLength(area.value);
    const over = n > limit;
    count.textContent = app.t("writing.count", { count: n, limit });
    count.classList.toggle("over", over);
    warn.textContent = over ? app.t("writing.too_long", { limit }) : "";
    button.disabled = over || n === 0;
  };
  area.addEventListener("input", refresh);
  refresh();
  const labelEl = h("label", { for: id, class: "label" }, label);
  const row = h("div", { class: "row" }, count, button);
  return { area, labelEl, row, refresh, el: [labelEl, area, row, warn] };
}

function status(app, note) {
  if (note.status === "failed") return h("span", { class: "badge failed", text: app.t("note.failed") });
  if (note.status === "waiting") return h("span", { class: "badge waiting", text: app.t("note.waiting") });
  // "Gemt" answers the author's own sending; on others' notes it said nothing (issue 16)
  return note.mine ? h("span", { class: "badge saved", text: app.t("note.saved") }) : null;
}

function laneTitle(app, laneId) {
  const lane = app.exercise && app.exercise.lanes.find((l) => l.id === laneId);
  return lane ? lane.title : "";
}

/** What the facilitator did to the author's note, said in place of silence
 * (issue 16): hidden, merged with another, moved to (or here from) a lane. */
function moderationLine(app, note) {
  const t = app.t;
  if (note.moderation === "hidden") return t("note.moderated_hidden");
  if (note.moderation === "merged") {
    return note.merged_with ? t("note.moderated_merged", { text: note.merged_with }) : t("note.moderated_merged_other");
  }
  if (note.stub) return t("note.moved_to", { lane: laneTitle(app, note.lane_id) });
  if (note.mine && note.moved_from) return t("note.moved_here", { lane: laneTitle(app, note.moved_from) });
  return "";
}

/** A note of the author's the facilitator hid, merged or moved away: muted, no actions. */
function mutedItem(app, note) {
  return h(
    "li",
    { class: "note mine moderated" },
    h("p", { class: "text", text: note.text }),
    h("p", { class: "meta" }, h("span", { class: "moderation", text: moderationLine(app, note) })),
  );
}

/** One note. `state` holds which note is being edited or deleted on this
 * screen; `editable` allows it (own notes, writing phase). */
export function noteItem(app, note, state, editable, limit) {
  const t = app.t;
  if (note.moderation || note.stub) return mutedItem(app, note);
  const mode = state.editing === note.id ? "edit" : state.confirming === note.id ? "confirm" : "show";
  const classes = ["note", note.status, note.mine ? "mine" : "", note.highlighted ? "highlighted" : ""].join(" ");
  const li = h("li", { class: classes });
  const set = (editing, confirming) => {
    state.editing = editing;
    state.confirming = confirming;
    app.render();
  };
  if (mode === "edit") {
    const save = h("button", { type: "submit", text: t("note.save") });
    const box = textBox(app, { label: t("note.edit_label"), limit, value: note.text, button: save });
    box.row.append(button(t("note.cancel"), () => set(null, null)));
    const edit = form("edit", () => {
      if (save.disabled) return;
      if (box.area.value.trim() === note.text) return set(null, null);
      state.editing = null;
      app.editNote(note.id, box.area.value);
    }, box.el);
    li.append(edit);
    setTimeout(() => box.area.focus(), 0);
    return li;
  }
  const meta = h("p", { class: "meta" }, status(app, note));
  const extra = [note.mine ? t("note.mine") : note.author_name, note.edited && t("note.edited"), note.highlighted && t("note.highlighted")];
  for (const text of extra) if (text) meta.append(h("span", { text }));
  const moved = moderationLine(app, note);
  if (moved) meta.append(h("span", { class: "moderation", text: moved }));
  li.append(h("p", { class: "text", text: note.text }), meta);
  let actions = [];
  if (note.status === "failed") {
    li.append(h("p", { class: "warn", text: note.message }));
    actions = [button(t("note.dismiss"), () => app.dismiss(note.id))];
  } else if (editable && note.mine && mode === "confirm") {
    li.append(h("p", { class: "confirm", text: t("note.delete_confirm") }));
    actions = [
      button(t("note.delete_yes"), () => {
        state.confirming = null;
        app.deleteNote(note.id);
      }, "danger"),
      button(t("note.cancel"), () => set(null, null)),
    ];
  } else if (editable && note.mine) {
    actions = [button(t("note.edit"), () => set(note.id, null)), button(t("note.delete"), () => set(null, note.id))];
  }
  if (actions.length) li.append(h("div", { class: "actions" }, actions));
  return li;
}

export function syncNotes(app, list, notes, state, editable, limit) {
  syncList(
    list,
    notes,
    (note) => note.id,
    (note) => JSON.stringify([note.text, note.status, note.edited, note.highlighted, note.author_name, note.message, editable,
      note.moderation, note.merged_with, note.moved_from, note.lane_id, note.stub,
      state.editing === note.id, state.confirming === note.id, app.lang]),
    (note) => noteItem(app, note, state, editable, limit),
  );
}

/** Notes of other exercises the server refused: shown with their text, so
 * nothing written is lost without the participant seeing it. */
export function failedElsewhere(app) {
  const list = h("ul", { class: "notes" });
  const el = h("section", { class: "elsewhere", hidden: true }, h("h2", { text: app.t("note.failed_heading") }), list);
  el.update = () => {
    const here = app.exercise ? app.exercise.id : null;
    const failed = app.store.failed.filter((f) => f.exercise_id !== here).map((f) => local(f, "failed", f.message));
    el.hidden = failed.length === 0;
    syncNotes(app, list, failed, {}, false, 0);
  };
  return el;
}
