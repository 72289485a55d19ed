// The WebSocket to the laptop, kept alive by itself: reconnect with back-off
// and jitter (capped at a few seconds, so a restarted server finds its phones
// quickly), and at once when the page becomes visible or the network returns,
// because phones suspend background tabs and drop Wi-Fi when locked.

const MAX_DELAY = 4000;
const PROBE_TIMEOUT = 4000;
const CONNECT_TIMEOUT = 8000;
const PING_EVERY = 25000;

export class Connection {
  constructor(handlers) {
    this.handlers = handlers; // {open(), message(obj), state(name), wanted()}
    this.ws = null;
    this.attempt = 0;
    this.timer = 0;
    this.probe = 0;
    this.url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.wake();
    });
    addEventListener("online", () => this.wake());
    addEventListener("offline", () => this.drop());
    addEventListener("pageshow", () => this.wake());
    setInterval(() => document.visibilityState === "visible" && this.check(), PING_EVERY);
  }

  get open() {
    return !!this.ws && this.ws.readyState === WebSocket.OPEN && navigator.onLine;
  }

  connect() {
    clearTimeout(this.timer);
    if (this.ws) return;
    if (this.handlers.wanted && !this.handlers.wanted()) return; // nothing to say yet: the server closes silent sockets
    this.handlers.state("connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    const giveUp = setTimeout(() => ws.close(), CONNECT_TIMEOUT);
    ws.onopen = () => {
      clearTimeout(giveUp);
      this.attempt = 0;
      this.handlers.state("open");
      this.handlers.open();
    };
    ws.onmessage = (event) => {
      clearTimeout(this.probe);
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.handlers.message(message);
    };
    ws.onclose = () => {
      clearTimeout(giveUp);
      if (this.ws !== ws) return;
      this.ws = null;
      this.handlers.state("closed");
      this.later();
    };
  }

  /** Try again after a growing, jittered delay: 0.5 s, 1 s, 2 s, then at most 4 s. */
  later() {
    clearTimeout(this.timer);
    const base = Math.min(MAX_DELAY, 500 * 2 ** this.attempt++);
    this.timer = setTimeout(() => this.connect(), base / 2 + Math.random() * (base / 2));
  }

  /** The page is back (unlocked, tab shown, network back): reconnect now, or
   * make sure the open socket still works (a locked phone's socket may be dead). */
  wake() {
    this.attempt = 0;
    if (this.ws) this.check();
    else this.connect();
  }

  check() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    this.send({ type: "ping" });
    clearTimeout(this.probe);
    this.probe = setTimeout(() => this.drop(), PROBE_TIMEOUT);
  }

  /** Give up on the current socket (network gone, no answer) and try again later. */
  drop() {
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    ws.onclose = null;
    ws.close();
    this.handlers.state("closed");
    this.later();
  }

  /** Reconnect at once, e.g. to speak another language on a fresh connection. */
  restart() {
    this.drop();
    this.attempt = 0;
    this.connect();
  }

  send(message) {
    if (!this.open) return false;
    this.ws.send(JSON.stringify({ v: 1, ...message }));
    return true;
  }
}
