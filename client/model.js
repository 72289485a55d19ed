// What the phone shows is the server's last word plus the changes still in
// the outbox: a note written offline appears at once, marked as waiting.

/** A note as the phone knows it before (or without) the server's word. */
export function local(op, status, message) {
  return { id: op.note_id, lane_id: op.lane_id, text: op.text, mine: true, status, message };
}

/** The current exercise's notes as shown: stored ones ("saved"), ones still in
 * the outbox ("waiting"), and ones the server refused ("failed"). */
export function shownNotes(app) {
  const exercise = app.exercise;
  if (!exercise) return [];
  const shown = new Map();
  for (const note of app.notes.values()) shown.set(note.id, { ...note, status: "saved" });
  for (const op of app.store.outbox) {
    if (op.type === "note" && op.exercise_id === exercise.id && !shown.has(op.note_id)) {
      shown.set(op.note_id, local(op, "waiting"));
    } else if (op.type === "edit" && shown.has(op.note_id)) {
      Object.assign(shown.get(op.note_id), { text: op.text, status: "waiting" });
    } else if (op.type === "delete") {
      shown.delete(op.note_id);
    }
  }
  for (const failed of app.store.failed) {
    if (failed.exercise_id === exercise.id) shown.set(failed.note_id, local(failed, "failed", failed.message));
  }
  return [...shown.values()];
}

/** Newest first, for one lane. On the author's phone, a note the facilitator
 * moved away also leaves a muted line here ("moved to …": `stub`). */
export function laneNotes(notes, laneId) {
  const here = notes.filter((note) => note.lane_id === laneId);
  const movedAway = notes.filter((note) => note.mine && note.moved_from === laneId && note.lane_id !== laneId);
  return [...here, ...movedAway.map((note) => ({ ...note, id: note.id + "~moved", stub: true }))].reverse();
}

/** Whether a note counts on this phone: not one the facilitator hid or merged
 * (shown muted to its author), nor a "moved to …" line. */
export function counts(note) {
  return !note.moderation && !note.stub;
}

/** This participant's dots, counting votes still in the outbox. */
export function shownVotes(app) {
  const exercise = app.exercise;
  const votes = app.votes;
  if (!exercise || !votes || votes.exercise_id !== exercise.id) return null;
  const voted = new Set(votes.voted);
  const waiting = new Set();
  let left = votes.dots_left;
  for (const op of app.store.outbox) {
    if (op.type === "vote" && !voted.has(op.note_id)) {
      voted.add(op.note_id);
      waiting.add(op.note_id);
      left -= 1;
    } else if (op.type === "unvote" && voted.has(op.note_id)) {
      voted.delete(op.note_id);
      waiting.add(op.note_id);
      left += 1;
    }
  }
  return { voted, waiting, left: Math.max(0, left), total: exercise.dots_per_participant };
}

/** Seconds left on the facilitator's timer, by the server's clock; null when none runs. */
export function secondsLeft(app) {
  const endsAt = app.exercise && app.exercise.timer_ends_at;
  if (endsAt === null || endsAt === undefined) return null;
  return Math.max(0, Math.round(endsAt - (Date.now() / 1000 + app.offset)));
}
