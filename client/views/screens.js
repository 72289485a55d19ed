// Which screen goes with which state; app.js picks the name. The screens on
// every phone's first path (connecting, code, join, waiting) come with the
// page; writing, voting and closed are fetched when a phone first needs them
// (docs/phone.md, "Over HTTP"), so the join form does not wait for them.

import { codeScreen, joinScreen } from "./join.js";
import { loadingScreen, waitingScreen } from "./waiting.js";

const READY = { loading: loadingScreen, code: codeScreen, join: joinScreen, waiting: waitingScreen };
const LATER = {
  writing: () => import("./writing.js").then((m) => m.writingScreen),
  voting: () => import("./voting.js").then((m) => m.votingScreen),
  closed: () => import("./closed.js").then((m) => m.closedScreen),
};
const loading = {};
const RETRY = 2000; // ms

/** The function that builds screen `name`, or null while its module is on its
 *  way; `loaded` is called once it has come. After a failed fetch (the Wi-Fi
 *  gone for a moment) `loaded` is called again in RETRY ms, and the redraw
 *  it makes asks for the module again. */
export function screenFor(name, loaded) {
  if (READY[name]) return READY[name];
  if (!loading[name]) {
    loading[name] = LATER[name]().then(
      (make) => {
        READY[name] = make;
        loaded();
      },
      () => {
        delete loading[name];
        setTimeout(loaded, RETRY);
      },
    );
  }
  return null;
}
