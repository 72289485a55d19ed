// The phone page's controller: holds what the server said, keeps the outbox,
// and picks the screen. Every change a participant makes goes into the outbox
// first (localStorage) and leaves it only when the server's `ack` says it is
// on disk, so a lost connection, a reload or a locked phone loses nothing.

import { Connection } from "./connection.js";
import { browserLanguage, loadTexts, translator } from "./i18n.js";
import { SessionStore, codeFromPath, languagePref, newId, normaliseCode, setLanguagePref } from "./store.js";
import { Bar } from "./views/bar.js";
import { screenFor } from "./views/screens.js";

const RETRY_LATER = new Set(["not_stored", "rate_limited", "paused", "not_joined"]);
const ALREADY_DONE = { delete: "unknown_note" }; // resends are acked (docs/protocol.md)
const IN_FLIGHT = 10; // at most this many unacknowledged messages at once (the server allows 20/s)

class App {
  constructor() {
    this.code = codeFromPath(location.pathname);
    this.groupToken = new URLSearchParams(location.search).get("g"); // a table card's link (rooms.md)
    this.store = this.code ? new SessionStore(this.code) : null;
    this.lang = languagePref() || browserLanguage();
    this.texts = null;
    this.t = (key) => key;
    this.info = null; // session_info, for the join form
    this.you = null; // set by the first welcome
    this.session = null;
    this.exercise = null;
    this.notes = new Map(); // id -> note, in the order they came
    this.rev = null; // the highest `rev` received: everything up to it is in `notes` (sent as `since` on resume)
    this.votes = null;
    this.offset = 0; // server clock minus ours, seconds
    this.ready = false; // welcomed on the current connection
    this.link = "connecting";
    this.notice = "";
    this.codeError = "";
    this.joinError = "";
    this.joining = false;
    this.lane = null; // the lane chosen on the writing screen
    this.draft = {}; // what is typed but not sent: survives a redrawn screen
    this.greetLang = this.dataLang = this.lang;
    this.sent = new Set(); // outbox keys sent on this connection
    this.screen = null;
    this.bar = new Bar(this);
    this.main = document.getElementById("main");
    this.conn = new Connection({
      open: () => this.greet(),
      message: (message) => this.receive(message),
      state: (link) => this.linkChanged(link),
      wanted: () => !!this.code && !this.codeError, // a socket without the right code is closed after 10 s
    });
    setInterval(() => this.screen && this.screen.tick && this.screen.tick(), 1000);
  }

  async start() {
    await this.useLanguage(this.lang);
    this.conn.connect();
  }

  async useLanguage(lang) {
    this.texts = await loadTexts(lang);
    this.lang = lang;
    this.t = translator(this.texts);
    document.documentElement.lang = lang;
    document.title = this.t("brand");
    this.render();
  }

  async switchLanguage(lang) {
    setLanguagePref(lang);
    await this.useLanguage(lang);
    this.conn.restart(); // a fresh connection in the new language: the server's texts follow
  }

  // -- the connection ------------------------------------------------------------------
  linkChanged(link) {
    this.link = link;
    if (link !== "open") {
      this.ready = false;
      this.joining = false;
    }
    this.render();
  }

  greet() {
    this.sent.clear();
    this.ready = false;
    this.greetLang = this.lang; // the server answers this connection in this language
    if (!this.code) return;
    const cred = this.store.cred;
    // With `since`, the server sends only the notes changed since (docs/protocol.md).
    const since = this.rev === null ? {} : { since: this.rev };
    if (cred) this.conn.send({ type: "resume", code: this.code, lang: this.lang, ...cred, ...since });
    else this.hello();
  }

  hello() {
    this.conn.send({ type: "hello", code: this.code, lang: this.lang, group_token: this.groupToken });
  }

  receive(m) {
    const handle = this.on[m.type];
    if (handle) handle.call(this, m);
    this.flush();
    this.render();
  }

  /** What each message from the server does (docs/protocol.md). */
  on = {
    session_info(m) {
      this.info = m;
      if (m.table_group) this.draft.group = m.table_group;
      this.dataLang = this.greetLang;
      this.codeError = "";
    },
    welcome(m) {
      if (m.secret) this.store.setCred(m.participant_id, m.secret);
      this.ready = true;
      this.joining = false;
      this.notice = "";
      this.snapshot(m.snapshot);
    },
    snapshot(m) {
      this.snapshot(m);
    },
    ack(m) {
      this.acknowledged(m);
    },
    note(m) {
      this.keep(m.note);
      this.stamp(m.rev);
    },
    note_removed(m) {
      this.notes.delete(m.note_id);
      this.stamp(m.rev);
    },
    lane(m) {
      this.addLane(m.exercise_id, m.lane);
      this.stamp(m.rev);
    },
    phase(m) {
      this.exerciseChanged(m, { phase: m.phase, timer_ends_at: m.timer_ends_at });
    },
    timer(m) {
      this.exerciseChanged(m, { timer_ends_at: m.ends_at });
    },
    votes(m) {
      this.votes = m;
    },
    pong(m) {
      this.clock(m.server_time);
    },
    paused(m) {
      this.notice = m.message;
    },
    error(m) {
      this.refused(m);
    },
  };

  exerciseChanged(m, changes) {
    if (this.exercise && this.exercise.id === m.exercise_id) Object.assign(this.exercise, changes);
    this.clock(m.server_time);
  }

  /** A note of the exercise the room is on, as the server stored it. */
  keep(note) {
    if (note && this.exercise && note.exercise_id === this.exercise.id) this.notes.set(note.id, note);
  }

  snapshot(s) {
    this.session = s.session;
    this.you = s.you;
    this.exercise = s.exercise;
    if (s.partial) {
      // only the notes changed since our `since`: the rest we hold still stands
      for (const note of s.notes) this.notes.set(note.id, note);
      for (const id of s.removed) this.notes.delete(id);
      // a whole snapshot lists this participant's hidden and merged notes last: so do we
      for (const note of [...this.notes.values()].filter((n) => n.moderation)) {
        this.notes.delete(note.id);
        this.notes.set(note.id, note);
      }
    } else {
      this.notes = new Map(s.notes.map((note) => [note.id, note]));
    }
    this.rev = typeof s.rev === "number" ? s.rev : null;
    this.votes = s.votes;
    this.dataLang = this.greetLang;
    this.clock(s.server_time);
  }

  /** A push about event `rev` arrived (every earlier event's pushes came before it). */
  stamp(rev) {
    if (typeof rev === "number" && (this.rev === null || rev > this.rev)) this.rev = rev;
  }

  clock(serverTime) {
    if (typeof serverTime === "number") this.offset = serverTime - Date.now() / 1000;
  }

  addLane(exerciseId, lane) {
    if (!this.exercise || this.exercise.id !== exerciseId || !lane) return;
    if (!this.exercise.lanes.some((l) => l.id === lane.id)) this.exercise.lanes.push(lane);
  }

  /** The outbox operation an answer is about: same request, same note (or the
   * oldest one of that kind in flight, for answers that name no note). */
  pending(request, noteId, laneId) {
    const same = (op) => (noteId ? op.note_id === noteId : laneId ? op.lane_id === laneId : true);
    return this.store.outbox.find((op) => op.type === request && this.sent.has(op.key) && same(op));
  }

  acknowledged(m) {
    const op = this.pending(m.request, m.note_id, m.lane && m.lane.id);
    if (op) {
      this.sent.delete(op.key);
      this.store.remove(op);
    }
    if (m.request === "note" || m.request === "edit") {
      if (m.note) this.keep(m.note);
      else this.notes.delete(m.note_id); // gone since it was sent
    } else if (m.request === "delete") {
      this.notes.delete(m.note_id);
    } else if (m.request === "propose" && m.lane) {
      this.addLane(op ? op.exercise_id : this.exercise && this.exercise.id, m.lane);
      if (op && op.chosen) this.lane = m.lane.id;
    }
  }

  refused(m) {
    const request = m.request;
    if (m.code === "rate_limited" && !request) {
      this.sent.clear(); // some messages were dropped unread: send what is unanswered again
      this.holdOff();
      return;
    }
    if (request === "hello" || request === "join" || request === "resume" || !request) {
      this.refusedJoin(m);
      return;
    }
    const op = this.pending(request, m.note_id);
    if (!op) {
      this.flash(m.message);
      return;
    }
    this.sent.delete(op.key);
    if (RETRY_LATER.has(m.code)) {
      this.holdOff();
    } else if (m.code === "notes_too_fast") {
      this.flash(m.message);
      this.holdOff(10000);
    } else if (ALREADY_DONE[request] === m.code) {
      this.store.remove(op);
    } else if (op.type === "note") {
      this.store.fail(op, m.message); // kept with its text and the reason
    } else {
      this.store.remove(op);
      this.flash(m.message);
    }
  }

  refusedJoin(m) {
    if (m.code === "bad_group_token") {
      // a refused card: forget it
      this.tokenError = m.message;
      this.groupToken = null;
      history.replaceState(null, "", location.pathname);
      this.joining = false;
      this.hello();
    } else if (m.code === "bad_code") {
      this.codeError = m.message;
      this.info = null;
    } else if (m.code === "wrong_secret" || m.code === "participant_left" || m.code === "participant_removed" || m.code === "unknown_participant") {
      // The server does not know this phone (any more): join again; the outbox stays and is sent after.
      this.store.forgetCred();
      this.you = null;
      this.exercise = null;
      this.rev = null; // the notes held were another participant's view
      this.notice = m.message;
      this.hello();
    } else if (m.request === "join") {
      this.joinError = m.message;
      this.joining = false;
    } else if (m.code === "too_many_attempts" && !this.you) {
      this.codeError = m.message;
    } else if (m.code !== "already_joined") {
      this.flash(m.message);
    }
  }

  /** Wait a moment before sending again (the server asked us to slow down, or could not store). */
  holdOff(ms = 1500) {
    this.hold = Date.now() + ms;
    setTimeout(() => this.flush(), ms + 100);
  }

  /** Send what waits in the outbox, in order, a few at a time. */
  flush() {
    if (!this.ready || !this.conn.open || Date.now() < (this.hold || 0)) return;
    for (const op of this.store.outbox) {
      if (this.sent.has(op.key)) continue;
      if (this.sent.size >= IN_FLIGHT) break;
      const { key, tried, chosen, ...message } = op;
      if (!this.conn.send(message)) break;
      this.sent.add(key);
      if (!tried) {
        op.tried = true;
        this.store.save();
      }
    }
  }

  flash(message) {
    this.notice = message;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice = "";
      this.render();
    }, 8000);
  }

  // -- what the participant does ---------------------------------------------------------
  enterCode(typed) {
    const code = normaliseCode(typed);
    if (!code) {
      this.codeError = this.t("code.missing");
      this.render();
      return;
    }
    this.code = code;
    this.codeError = "";
    this.store = new SessionStore(code);
    history.replaceState(null, "", "/j/" + code);
    if (this.conn.open) this.greet();
    else this.conn.wake();
    this.render();
  }

  join(fields) {
    this.joinError = "";
    if (this.store.cred) {
      this.joining = true;
      this.greet();
      this.render();
      return;
    }
    this.joining = this.conn.send({ type: "join", code: this.code, lang: this.lang, ...fields, group_token: this.groupToken });
    if (!this.joining) this.joinError = this.t("status.offline");
    this.render();
  }

  change(op) {
    this.store.push(op);
    this.flush();
    this.render();
  }

  /** An operation not yet sent anywhere can still be changed in place. */
  unsentNote(noteId) {
    return this.store.outbox.find((op) => op.type === "note" && op.note_id === noteId && !op.tried);
  }

  addNote(laneId, text) {
    this.change({ type: "note", note_id: newId("n-"), exercise_id: this.exercise.id, lane_id: laneId, text: text.trim() });
  }

  editNote(noteId, text) {
    const unsent = this.unsentNote(noteId);
    if (unsent) {
      unsent.text = text.trim();
      this.store.save();
      this.render();
    } else {
      this.change({ type: "edit", note_id: noteId, text: text.trim() });
    }
  }

  deleteNote(noteId) {
    const unsent = this.unsentNote(noteId);
    if (unsent) {
      for (const op of this.store.outbox.filter((o) => o.note_id === noteId)) this.store.remove(op);
      this.render();
    } else {
      this.change({ type: "delete", note_id: noteId });
    }
  }

  dismiss(noteId) {
    this.store.dismiss(noteId);
    this.render();
  }

  vote(noteId, on) {
    this.change({ type: on ? "vote" : "unvote", note_id: noteId });
  }

  propose(title, prompt) {
    const op = { type: "propose", exercise_id: this.exercise.id, lane_id: newId("l-"), title: title.trim(), prompt: prompt.trim() };
    this.change({ ...op, chosen: true });
  }

  chooseLane(laneId) {
    this.lane = laneId;
    this.render();
  }

  // -- screens ---------------------------------------------------------------------------
  screenName() {
    if (!this.texts) return "loading";
    if (!this.code || this.codeError) return "code";
    if (this.you && this.store.cred) {
      const ex = this.exercise;
      if (!ex || ex.phase === "not_started") return "waiting";
      if (ex.phase === "voting" && ex.dots_per_participant > 0) return "voting";
      return ex.phase === "writing" ? "writing" : "closed";
    }
    if (this.info && !this.store.cred) return "join";
    return "loading";
  }

  render() {
    if (!this.texts) return;
    this.bar.update();
    let name = this.screenName();
    let make = screenFor(name, () => this.render());
    if (!make) {
      name = "loading"; // a screen's module is on its way: "connecting" for that moment
      make = screenFor(name);
    }
    // A new screen when the exercise changes, or the texts of the page or of the server's data change language.
    const key = [name, this.lang, this.dataLang, this.exercise ? this.exercise.id : ""].join("|");
    if (!this.screen || this.screen.key !== key) {
      this.screen = make(this);
      this.screen.key = key;
      this.main.replaceChildren(this.screen.el);
      scrollTo(0, 0);
    }
    if (this.screen.update) this.screen.update();
  }
}

new App().start();
