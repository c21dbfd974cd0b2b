/**
 * The sign-in form: the read API's secret, posted once to `api/session` and never kept by the
 * page (the server answers with an HttpOnly cookie). A wrong secret shows the server's message.
 */
import { useState } from "preact/hooks";
import { signIn } from "../api.js";
import type { SignInState } from "../api-types.js";

/** The form; `notice` explains why it is shown (an expired link, a session that ended). */
export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (state: SignInState) => void }) {
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const state = await signIn({ secret });
      setSecret("");
      onSignedIn(state);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="page narrow" id="main">
      <h1>Switchboard</h1>
      <p>Sign in with the server's read secret to see its calls.</p>
      {notice !== null && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form class="sign-in" onSubmit={submit} aria-describedby={error ? "sign-in-error" : undefined}>
        <label for="secret">Read secret</label>
        <input
          id="secret"
          name="secret"
          type="password"
          autocomplete="current-password"
          required
          value={secret}
          onInput={(event) => setSecret((event.target as HTMLInputElement).value)}
          aria-invalid={error !== null}
        />
        {error !== null && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || secret === ""}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p class="hint">
        It is the <code>--read-auth-header</code> (or <code>SWITCHBOARD_READ_AUTH</code>) the server was started with, or its webhook secret when none was
        set. <code>switchboard dev</code> prints a link that signs you in.
      </p>
    </main>
  );
}
