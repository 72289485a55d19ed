// Which screen goes with which state; app.js picks the name.

import { closedScreen } from "./closed.js";
import { codeScreen, joinScreen } from "./join.js";
import { votingScreen } from "./voting.js";
import { loadingScreen, waitingScreen } from "./waiting.js";
import { writingScreen } from "./writing.js";

export const SCREENS = {
  loading: loadingScreen,
  code: codeScreen,
  join: joinScreen,
  waiting: waitingScreen,
  writing: writingScreen,
  voting: votingScreen,
  closed: closedScreen,
};
