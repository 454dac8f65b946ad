/**
 * Palisade for single-page apps: sign-in with the authorization code flow
 * and PKCE (RFC 7636) through Palisade's hosted pages, or with a password
 * through the JSON API (second factors included); tokens kept fresh before
 * they expire, one tab refreshing at a time (Web Locks) while the others
 * read the result from shared storage; a `fetch` that sends the access
 * token and retries once after a refresh when it was refused.
 */

export interface PalisadeBrowserOptions {
  /** Palisade's public URL (PALISADE_PUBLIC_URL). */
  issuer: string;
  /** A public client (`palisade clients create --public --redirect-uri …`). */
  clientId: string;
  /** Where Palisade sends the browser back with a code; registered for the client. */
  redirectUri: string;
  /** `openid profile email offline_access` (offline_access: a refresh token). */
  scope?: string;
  /** Seconds before expiry at which a token is refreshed (30). */
  refreshMargin?: number;
  /** Where tokens live, shared by the app's tabs (localStorage). */
  storage?: Storage;
  /**
   * Origins `fetch` may send the access token to, besides Palisade's and
   * the app's own: your APIs. A URL elsewhere gets no token.
   */
  apiOrigins?: string[];
}

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** How they were obtained, which says how they are refreshed. */
  via: "oauth" | "api";
}

export interface User {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  [claim: string]: unknown;
}

/** A password sign-in that needs a second factor: answer it with `secondFactor`. */
export interface SecondFactorRequired {
  mfaRequired: true;
  mfaToken: string;
  methods: string[];
}

export class PalisadeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Listener = (user: User | null) => void;
const PENDING = "palisade:pending";

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** `target` as a path of this app, or "/" when it points elsewhere (never an open redirect). */
function sameOrigin(target: unknown): string {
  try {
    const url = new URL(String(target), location.origin);
    if (url.origin === location.origin) return url.pathname + url.search + url.hash;
  } catch {
    // Not a URL: the app's root.
  }
  return "/";
}

function claimsOf(jwt: string): Record<string, unknown> {
  const body = jwt.split(".")[1] ?? "";
  const json = atob(body.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(decodeURIComponent(escape(json)));
}

export class PalisadeBrowser {
  readonly issuer: string;
  private readonly storage: Storage;
  private readonly key: string;
  private readonly listeners = new Set<Listener>();
  private cachedUser: User | null = null;
  /** This tab's refresh in flight: callers in one tab share it. */
  private refreshing: Promise<string | null> | null = null;

  constructor(private readonly options: PalisadeBrowserOptions) {
    this.issuer = options.issuer.replace(/\/+$/, "");
    this.storage = options.storage ?? window.localStorage;
    this.key = `palisade:${this.issuer}:${options.clientId}`;
    // Another tab signed in, refreshed or signed out.
    window.addEventListener("storage", (event) => {
      if (event.key !== this.key) return;
      this.cachedUser = null;
      if (!event.newValue) this.emit(null);
      else void this.user().then((user) => this.emit(user));
    });
  }

  /** Called with the user on sign-in (here or in another tab), `null` on sign-out. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Goes to Palisade's sign-in page; the browser comes back to `redirectUri`. */
  async signIn(extra: { uiLocales?: string; loginHint?: string; returnTo?: string } = {}): Promise<void> {
    const verifier = randomString();
    const state = randomString();
    const nonce = randomString();
    const returnTo = sameOrigin(extra.returnTo ?? location.href);
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, returnTo }));
    const url = new URL(`${this.issuer}/oauth2/authorize`);
    url.search = new URLSearchParams({
      client_id: this.options.clientId,
      redirect_uri: this.options.redirectUri,
      response_type: "code",
      scope: this.options.scope ?? "openid profile email offline_access",
      state,
      nonce,
      code_challenge: await s256(verifier),
      code_challenge_method: "S256",
      ...(extra.uiLocales ? { ui_locales: extra.uiLocales } : {}),
      ...(extra.loginHint ? { login_hint: extra.loginHint } : {}),
    }).toString();
    location.assign(url.toString());
  }

  /**
   * On the `redirectUri` page: trades the code for tokens, removes it from
   * the address bar, and answers where the sign-in started. `null` when the
   * page was not opened by a sign-in.
   */
  async handleRedirect(href: string = location.href): Promise<string | null> {
    const url = new URL(href);
    const code = url.searchParams.get("code");
    const error = url.searchParams.get("error");
    const pending = sessionStorage.getItem(PENDING);
    if ((!code && !error) || !pending) return null;
    sessionStorage.removeItem(PENDING);
    const { verifier, state, nonce, returnTo } = JSON.parse(pending);
    history.replaceState(null, "", url.pathname);
    if (url.searchParams.get("state") !== state) throw new PalisadeError(400, "invalid_state", "The sign-in did not start here");
    if (error) throw new PalisadeError(400, error, url.searchParams.get("error_description") ?? error);
    const answer = await this.tokenRequest({
      grant_type: "authorization_code",
      code: code ?? "",
      redirect_uri: this.options.redirectUri,
      client_id: this.options.clientId,
      code_verifier: verifier,
    });
    const tokens = this.tokensFrom(answer, "oauth");
    if (tokens.idToken) {
      // Received straight from the token endpoint over TLS (OIDC Core 3.1.3.7):
      // its issuer, audience and nonce are checked, its signature need not be.
      const claims = claimsOf(tokens.idToken);
      const aud = claims.aud;
      if (claims.iss !== this.issuer || claims.nonce !== nonce || !(aud === this.options.clientId || (Array.isArray(aud) && aud.includes(this.options.clientId)))) {
        throw new PalisadeError(400, "invalid_id_token", "The ID token is not for this app");
      }
    }
    this.save(tokens);
    this.emit(await this.user());
    return sameOrigin(returnTo);
  }

  /**
   * Signs in with a password through the JSON API (first-party apps on the
   * CORS list). A user with a second factor gets `SecondFactorRequired`.
   */
  async signInWithPassword(email: string, password: string): Promise<User | SecondFactorRequired> {
    const answer = await this.json("/v1/auth/login", { email, password });
    if (answer.mfa_required) {
      return { mfaRequired: true, mfaToken: String(answer.mfa_token), methods: (answer.methods as string[]) ?? [] };
    }
    this.save(this.tokensFrom(answer, "api"));
    const user = await this.user();
    this.emit(user);
    return user as User;
  }

  /** Answers a second-factor step with a TOTP or recovery code. */
  async secondFactor(mfaToken: string, code: string, method: "totp" | "recovery_code" = "totp"): Promise<User> {
    const answer = await this.json("/v1/auth/mfa/verify", { mfa_token: mfaToken, method, code });
    this.save(this.tokensFrom(answer, "api"));
    const user = await this.user();
    this.emit(user);
    return user as User;
  }

  /** The signed-in user (from userinfo), or null. */
  async user(): Promise<User | null> {
    if (this.cachedUser) return this.cachedUser;
    if (!this.load()) return null;
    const answer = await this.fetch(`${this.issuer}/oauth2/userinfo`);
    if (!answer.ok) return null;
    this.cachedUser = (await answer.json()) as User;
    return this.cachedUser;
  }

  /** A live access token (refreshed first when it expires within the margin), or null. */
  async accessToken(): Promise<string | null> {
    const tokens = this.load();
    if (!tokens) return null;
    if (tokens.expiresAt - Date.now() > (this.options.refreshMargin ?? 30) * 1000) return tokens.accessToken;
    return this.refresh(tokens.accessToken);
  }

  /**
   * Refreshes, one tab at a time: a tab that waited for the lock finds the
   * tokens another tab already renewed and uses them. `stale` is the
   * access token the caller saw; a refresh happens only if it is still the
   * stored one. Null when the session ended (signed out everywhere).
   */
  async refresh(stale?: string): Promise<string | null> {
    // Callers in this tab share one refresh; tabs take turns through a Web Lock.
    this.refreshing ??= (async () => {
      try {
        if (!navigator.locks) return await this.refreshNow(stale, false);
        const name = `${this.key}:refresh`;
        const alone = await navigator.locks.request(name, { ifAvailable: true }, async (lock) =>
          lock ? { token: await this.refreshNow(stale, false) } : null,
        );
        if (alone) return alone.token;
        // Another tab holds the lock: it is refreshing.
        return await navigator.locks.request(name, () => this.refreshNow(stale, true));
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /**
   * `waited`: another tab held the lock. Its tokens may reach this tab's
   * view of localStorage a little after the lock does (Chromium syncs
   * storage between tabs asynchronously), so a stale view waits briefly
   * for them before refreshing again.
   */
  private async refreshNow(stale: string | undefined, waited: boolean): Promise<string | null> {
    if (waited && this.load()?.accessToken === stale) await this.storageChange(250);
    const tokens = this.load();
    if (!tokens) return null;
    // Another tab renewed them while this one waited for the lock.
    const renewedMeanwhile = stale !== undefined && tokens.accessToken !== stale;
    if (renewedMeanwhile && tokens.expiresAt > Date.now()) return tokens.accessToken;
    if (!tokens.refreshToken) return this.ended();
    // A refresh whose answer was lost may have rotated the token: the same
    // token presented again within Palisade's reuse grace (10 s) gets the
    // live one, later it ends the session. So retry at once, briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        const answer =
          tokens.via === "api"
            ? await this.json("/v1/auth/refresh", { refresh_token: tokens.refreshToken })
            : await this.tokenRequest({
                grant_type: "refresh_token",
                refresh_token: tokens.refreshToken,
                client_id: this.options.clientId,
              });
        const renewed = this.tokensFrom(answer, tokens.via);
        renewed.refreshToken ??= tokens.refreshToken;
        renewed.idToken ??= tokens.idToken;
        if (this.load()) this.save(renewed); // not after a sign-out meanwhile
        return renewed.accessToken;
      } catch (err) {
        // Only a refused refresh token ends the session; a limit (429) or an
        // outage does not.
        if (err instanceof PalisadeError && (err.code === "invalid_grant" || err.status === 401)) return this.ended();
        const transient = !(err instanceof PalisadeError) || err.status >= 500;
        if (!transient || attempt >= 2) throw err;
        await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
      }
    }
  }

  /**
   * `fetch` with `Authorization: Bearer`; a 401 answer gets one refresh and
   * one retry.
   */
  async fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const allowed = [new URL(this.issuer).origin, location.origin, ...(this.options.apiOrigins ?? [])];
    if (!allowed.includes(url.origin)) return fetch(input, init);
    const send = (token: string | null) => {
      const headers = new Headers(init.headers);
      if (token) headers.set("Authorization", `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const token = await this.accessToken();
    const answer = await send(token);
    if (answer.status !== 401 || !token) return answer;
    const renewed = await this.refresh(token);
    return renewed ? send(renewed) : answer;
  }

  /** Signs out here and in every tab: the session is ended at Palisade. */
  async signOut(): Promise<void> {
    // A live access token first (the API's logout takes one), then under the
    // refresh lock, so no refresh in another tab saves tokens back.
    const access = await this.accessToken().catch(() => null);
    const run = async () => {
      const tokens = this.load();
      this.storage.removeItem(this.key);
      this.cachedUser = null;
      this.emit(null);
      if (!tokens) return;
      if (tokens.via === "api") {
        const bearer = access ?? tokens.accessToken;
        await fetch(`${this.issuer}/v1/auth/logout`, { method: "POST", headers: { Authorization: `Bearer ${bearer}` } }).catch(() => undefined);
      } else if (tokens.refreshToken) {
        const body = new URLSearchParams({ token: tokens.refreshToken, token_type_hint: "refresh_token", client_id: this.options.clientId });
        await fetch(`${this.issuer}/oauth2/revoke`, { method: "POST", body }).catch(() => undefined);
      }
    };
    if (navigator.locks) await navigator.locks.request(`${this.key}:refresh`, run);
    else await run();
  }

  /** Resolves at the next change of the tokens from another tab, or after `ms`. */
  private storageChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        window.removeEventListener("storage", seen);
        clearTimeout(timer);
        resolve();
      };
      const seen = (event: StorageEvent) => {
        if (event.key === this.key) done();
      };
      const timer = setTimeout(done, ms);
      window.addEventListener("storage", seen);
    });
  }

  private ended(): null {
    this.storage.removeItem(this.key);
    this.cachedUser = null;
    this.emit(null);
    return null;
  }

  private emit(user: User | null) {
    for (const listener of this.listeners) listener(user);
  }

  private load(): Tokens | null {
    const saved = this.storage.getItem(this.key);
    if (!saved) return null;
    try {
      return JSON.parse(saved) as Tokens;
    } catch {
      return null;
    }
  }

  private save(tokens: Tokens) {
    this.storage.setItem(this.key, JSON.stringify(tokens));
  }

  private tokensFrom(answer: Record<string, unknown>, via: Tokens["via"]): Tokens {
    return {
      accessToken: String(answer.access_token),
      refreshToken: typeof answer.refresh_token === "string" ? answer.refresh_token : undefined,
      idToken: typeof answer.id_token === "string" ? answer.id_token : undefined,
      expiresAt: Date.now() + Number(answer.expires_in ?? 0) * 1000,
      via,
    };
  }

  private async tokenRequest(form: Record<string, string>): Promise<Record<string, unknown>> {
    const answer = await fetch(`${this.issuer}/oauth2/token`, { method: "POST", body: new URLSearchParams(form) });
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new PalisadeError(answer.status, body.error ?? "server_error", body.error_description ?? `The token endpoint answered ${answer.status}`);
    return body;
  }

  private async json(path: string, payload: unknown): Promise<Record<string, unknown>> {
    const answer = await fetch(`${this.issuer}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new PalisadeError(answer.status, body.code ?? body.error ?? "server_error", body.detail ?? body.title ?? `Palisade answered ${answer.status}`);
    return body;
  }
}
