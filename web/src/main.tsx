/**
 * The dashboard's entry: takes a one-time sign-in code out of the address bar before anything
 * else runs (so it never stays in the history, a bookmark or a screenshot), then renders the app,
 * which trades the code for a session cookie.
 */
import { render } from "preact";
import { App } from "./app.js";
import "./styles.css";

const params = new URLSearchParams(location.search);
const code = params.get("code");
if (code !== null) {
  params.delete("code");
  const search = params.toString();
  history.replaceState(history.state, "", `${location.pathname}${search === "" ? "" : `?${search}`}${location.hash}`);
}

render(<App code={code} />, document.getElementById("app")!);
