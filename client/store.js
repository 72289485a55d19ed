// What must survive a reload, a locked phone or a lost connection: the resume
// secret and every change not yet acknowledged by the server (the outbox).
// localStorage is the one store every phone browser keeps; it is keyed by
// session code, so two meetings on one phone never mix.

const PREFIX = "stjernestund:";

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // storage full or disabled: the page still works while connected
  }
}

/** A random id of 12 base-64url characters (72 bits), made on the phone so a
 * resent note keeps its id. getRandomValues works on plain http too. */
export function newId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  const b64 = btoa(String.fromCharCode(...bytes));
  return prefix + b64.replace(/\+/g, "-").replace(/\//g, "_");
}

/** What the person meant: upper case, no spaces or dashes, O/I/L read as 0/1
 * (the same rule as facilitator/codes.py). */
export function normaliseCode(typed) {
  return typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

export function codeFromPath(path) {
  const match = /^\/j\/([A-Za-z0-9 -]{1,40})\/?$/.exec(decodeURIComponent(path));
  return match ? normaliseCode(match[1]) : "";
}

export function languagePref() {
  return read(PREFIX + "lang");
}

export function setLanguagePref(lang) {
  write(PREFIX + "lang", lang);
}

/** One session's stored part: credentials, outbox (ordered operations), and
 * notes the server refused (kept so their text is never silently lost). */
export class SessionStore {
  constructor(code) {
    this.key = PREFIX + "session:" + code;
    const data = read(this.key) || {};
    this.data = { cred: data.cred || null, outbox: data.outbox || [], failed: data.failed || [] };
  }

  save() {
    return write(this.key, this.data);
  }

  get cred() {
    return this.data.cred;
  }

  setCred(participantId, secret) {
    this.data.cred = { participant_id: participantId, secret };
    this.save();
  }

  forgetCred() {
    this.data.cred = null;
    this.save();
  }

  get outbox() {
    return this.data.outbox;
  }

  get failed() {
    return this.data.failed;
  }

  push(op) {
    op.key = newId("k");
    this.data.outbox.push(op);
    this.save();
    return op;
  }

  remove(op) {
    this.data.outbox = this.data.outbox.filter((o) => o !== op);
    this.save();
  }

  fail(op, message) {
    this.data.failed.push({ ...op, message });
    this.remove(op);
  }

  dismiss(noteId) {
    this.data.failed = this.data.failed.filter((f) => f.note_id !== noteId);
    this.save();
  }
}
