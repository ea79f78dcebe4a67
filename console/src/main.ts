// Starts the console: reads its settings from the gateway, prepares
// sign-in (completing one on /console/callback), then the frame
// (components/app-shell.ts) shows the screen of the URL.
import { completeSignIn, startAuth } from "./auth.js";
import { loadConsoleConfig } from "./config.js";
import { BASE_PATH, screenAt } from "./screens.js";
import { store } from "./store.js";
import "./components/app-shell.js";

document.documentElement.lang = store.locale;

async function start(): Promise<void> {
  try {
    const config = await loadConsoleConfig();
    startAuth(config);
    store.update({ config });
    if (screenAt(location.pathname)?.id === "callback") {
      const returnTo = await completeSignIn(config);
      history.replaceState(null, "", returnTo.startsWith(BASE_PATH) ? returnTo : BASE_PATH);
      window.dispatchEvent(new PopStateEvent("popstate", { state: { signedIn: true } }));
    }
  } catch (error) {
    store.update({ problem: { failed: error instanceof Error ? error.message : String(error) } });
  }
}

void start();
