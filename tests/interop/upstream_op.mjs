// upstream_op.mjs — a throwaway upstream OpenID Provider for Palisade's
// federation ("sign in with another identity provider") tests.
//
// Palisade acts as the relying party (OIDC client). The provider is panva's
// OpenID-certified `oidc-provider` 8.8.1 (the newest line that supports
// Node.js 20; 9.x requires Node.js 22), with every piece of state in memory.
//
// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------
//   UPSTREAM_PORT=0 UPSTREAM_CLIENT_ID=palisade UPSTREAM_CLIENT_SECRET=s3cret \
//   UPSTREAM_REDIRECT_URIS=http://127.0.0.1:8080/federation/callback \
//     node tests/interop/upstream_op.mjs
//
// Listens on 127.0.0.1 only. Once it is ready it prints exactly one line on
// stdout and nothing else ever goes to stdout (all logs and oidc-provider's
// dev-mode warnings go to stderr):
//
//   listening http://127.0.0.1:<port>
//
// The issuer is exactly `http://127.0.0.1:<port>` (no trailing slash);
// discovery is at `<issuer>/.well-known/openid-configuration`, the JWKS at
// `<issuer>/jwks`, authorization `<issuer>/auth`, token `<issuer>/token`,
// userinfo `<issuer>/me` (as oidc-provider publishes them in discovery).
// SIGTERM / SIGINT: closes the listener and all connections, exits 0.
//
// Environment:
//   UPSTREAM_PORT            port to listen on; 0 or unset = any free port
//   UPSTREAM_CLIENT_ID       client_id of the one registered client (default "palisade")
//   UPSTREAM_CLIENT_SECRET   its client_secret (default "palisade-upstream-secret")
//   UPSTREAM_REDIRECT_URIS   comma-separated redirect_uris, exact match (required)
//   UPSTREAM_ID_TOKEN_ALG    id_token_signed_response_alg of the client: RS256 (default) or ES256
//   UPSTREAM_PKCE_REQUIRED   "1" (default): PKCE with S256 is required; "0": optional
//                            (only S256 is ever accepted, "plain" is rejected)
//   UPSTREAM_EXIT_ON_STDIN_EOF  "1": also exit when stdin reaches EOF, so a
//                            test that spawns us with a piped stdin and dies
//                            without killing us does not leave us orphaned
//
// ---------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------
// One confidential client: grant_types authorization_code + refresh_token,
// response_types code, token_endpoint_auth_method client_secret_basic.
// oidc-provider 8.x treats client_secret_basic and client_secret_post as
// interchangeable for a client registered with either, so the token endpoint
// accepts BOTH (HTTP Basic header, or client_id + client_secret in the form
// body), but not both at once. Basic credentials are form-urlencoded per
// RFC 6749 2.3.1 before base64 (matters only for secrets with special chars).
// A refresh token is issued with every code exchange (no offline_access
// scope needed). Authorization codes live 60 s and are single use.
//
// Scopes: openid, email, profile (offline_access is also known to
// oidc-provider but not needed). Claims: sub; email, email_verified (scope
// email); name (scope profile). These claims are put in the ID token itself
// (conformIdTokenClaims = false) as well as at userinfo. The ID token also
// carries acr, amr, auth_time, at_hash, and nonce if one was sent (no sid).
//
// ---------------------------------------------------------------------------
// Accounts (synthesized from the login name typed at the interaction)
// ---------------------------------------------------------------------------
// A login name is `<base>` optionally followed by modifiers `+unverified`
// and/or `+mfa`, in any order; <base> matches [A-Za-z0-9][A-Za-z0-9._-]*.
//   alice           sub "alice", email "alice@example.com", email_verified true,
//                   name "Alice", amr ["pwd"], acr "urn:palisade:test:pwd"
//   bob+unverified  sub "bob+unverified", email "bob@example.com",
//                   email_verified false, name "Bob"
//   carol+mfa       sub "carol" (same account as plain "carol": +mfa describes
//                   how you signed in, not who you are), email
//                   "carol@example.com" verified, amr ["pwd","otp"],
//                   acr "urn:palisade:test:mfa"
//   dave+unverified+mfa  both effects; sub "dave+unverified"
// So sub = the login name with any `+mfa` removed; `+unverified` names a
// different upstream account whose (same) email address is not verified.
// Anything else (empty, unknown modifier, bad characters) re-renders the form
// with HTTP 400 and `<p id="error">`.
//
// ---------------------------------------------------------------------------
// Interaction (no JavaScript needed; plain form posts)
// ---------------------------------------------------------------------------
// 1. GET <issuer>/auth?... (client_id, redirect_uri, response_type=code,
//    scope, state, nonce, code_challenge, code_challenge_method=S256)
//    -> 303 to /interaction/<uid>, setting cookie `_interaction` (path
//    /interaction/<uid>) and `_interaction_resume` (path /auth/<uid>).
// 2. GET /interaction/<uid> -> 200 text/html with exactly one form:
//      <form id="login-form" method="post" action="/interaction/<uid>/login">
//        <input id="login" name="login" type="text">
//        <button id="submit" type="submit">Sign in</button>
//      </form>
//    and a cancel link `<a id="cancel" href="/interaction/<uid>/abort">`.
// 3. POST /interaction/<uid>/login (application/x-www-form-urlencoded,
//    body `login=<name>`) -> 303 to /auth/<uid> (the resume endpoint).
// 4. GET /auth/<uid> -> 303 to <redirect_uri>?code=...&state=...&iss=<issuer>
//    (also sets the `_session` cookie). Consent is granted automatically for
//    everything requested: there is no consent page. If consent is forced
//    (prompt=consent), GET /interaction/<uid> answers 303 straight back to
//    /auth/<uid> instead of showing a page, so simply follow redirects.
//    An existing `_session` means SSO: step 1 redirects to the RP directly
//    (unless prompt=login or max_age demands a new login). Signing in as a
//    different account over an existing session simply replaces the session
//    (the login POST expires `_session`); no logout page is involved.
// GET /interaction/<uid>/abort -> 303 /auth/<uid> -> redirect_uri with
//    error=access_denied (the user cancelled).
// Cookies (`_interaction`, `_interaction_resume`, `_session`, each with a
// `.sig` companion) are HttpOnly, SameSite=Lax, not Secure, so they work over
// plain http on loopback, in curl and in headless Chromium.
//
// ---------------------------------------------------------------------------
// Test-only endpoints
// ---------------------------------------------------------------------------
// POST /test/rotate-keys[?alg=RS256|ES256][&drop_old=1]
//    Generates a new signing key for alg (default RS256) and makes it the one
//    that signs from now on; the previous keys stay in the JWKS unless
//    drop_old=1, which stops publishing every older key of that alg (the new
//    key is still generated). Sessions, codes and tokens survive. Returns
//    {"kid": "<new kid>", "alg": "...", "published_kids": ["...", ...]}.
// POST /test/rogue-id-token  (JSON object body of claims, may be empty)
//    Returns {"id_token": "...", "kid": "..."}: a JWT signed with RS256 by a
//    throwaway key the provider never publishes (kid "rogue-<random>", fixed
//    for the process). Claims default to iss=<issuer>, aud=<client_id>,
//    sub="rogue", iat=now, exp=now+300, auth_time=now; the body overrides or
//    adds any of them (e.g. nonce). With ?kid=published the header instead
//    carries the kid of the provider's current RS256 signing key (a valid-
//    looking kid, wrong key: the signature must still fail).
// Keys: RS256 (2048-bit) and ES256 (P-256) keys are generated at start with
// jose; kids are RFC 7638 JWK thumbprints. Only the client's
// id_token_signed_response_alg key signs ID tokens.
//
// Startup takes about one second (module loading and RSA key generation).

// oidc-provider prints notices with console.info (stdout); route everything
// but our ready line to stderr. Must happen before oidc-provider is imported,
// hence the dynamic import below.
console.log = console.info = console.debug = (...args) => console.error(...args);

const http = await import('node:http');
const crypto = await import('node:crypto');
const jose = await import('jose');
const { default: Provider } = await import('oidc-provider');

// --- configuration from the environment ------------------------------------

const env = process.env;
const PORT = Number.parseInt(env.UPSTREAM_PORT || '0', 10);
const CLIENT_ID = env.UPSTREAM_CLIENT_ID || 'palisade';
const CLIENT_SECRET = env.UPSTREAM_CLIENT_SECRET || 'palisade-upstream-secret';
const REDIRECT_URIS = (env.UPSTREAM_REDIRECT_URIS || '')
  .split(',').map((s) => s.trim()).filter(Boolean);
const ID_TOKEN_ALG = env.UPSTREAM_ID_TOKEN_ALG || 'RS256';
const PKCE_REQUIRED = (env.UPSTREAM_PKCE_REQUIRED ?? '1') !== '0';

if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) {
  console.error(`upstream_op: bad UPSTREAM_PORT ${env.UPSTREAM_PORT}`);
  process.exit(2);
}
if (REDIRECT_URIS.length === 0) {
  console.error('upstream_op: UPSTREAM_REDIRECT_URIS is required');
  process.exit(2);
}
if (!['RS256', 'ES256'].includes(ID_TOKEN_ALG)) {
  console.error(`upstream_op: UPSTREAM_ID_TOKEN_ALG must be RS256 or ES256`);
  process.exit(2);
}

const ACR_PWD = 'urn:palisade:test:pwd';
const ACR_MFA = 'urn:palisade:test:mfa';

// --- signing keys -------------------------------------------------------------

/** Private JWK for alg, kid = RFC 7638 thumbprint. */
async function newSigningJwk(alg) {
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  jwk.kid = await jose.calculateJwkThumbprint(jwk);
  jwk.alg = alg;
  jwk.use = 'sig';
  return jwk;
}

// Newest first: oidc-provider signs with the first key that fits the alg.
const keys = { RS256: [await newSigningJwk('RS256')], ES256: [await newSigningJwk('ES256')] };
const jwks = () => ({ keys: [...keys.RS256, ...keys.ES256] });

// Throwaway key for /test/rogue-id-token; never published.
const rogueKid = `rogue-${crypto.randomBytes(6).toString('hex')}`;
const { privateKey: roguePrivateKey } = await jose.generateKeyPair('RS256');

// Cookie signing keys, shared by every Provider instance (see rotation).
const cookieKeys = [crypto.randomBytes(32).toString('base64url')];

// --- accounts ---------------------------------------------------------------

const LOGIN_RE = /^([A-Za-z0-9][A-Za-z0-9._-]*)((?:\+(?:unverified|mfa))*)$/;

/** Parse a login name; null if invalid. */
function parseLogin(login) {
  const m = LOGIN_RE.exec(login);
  if (!m) return null;
  const mods = new Set(m[2].split('+').filter(Boolean));
  const base = m[1];
  const sub = mods.has('unverified') ? `${base}+unverified` : base;
  return { sub, mfa: mods.has('mfa') };
}

/** Claims for a sub (stateless: everything derives from the sub). */
function claimsFor(sub) {
  const unverified = sub.endsWith('+unverified');
  const base = unverified ? sub.slice(0, -'+unverified'.length) : sub;
  return {
    sub,
    email: `${base}@example.com`,
    email_verified: !unverified,
    name: base.charAt(0).toUpperCase() + base.slice(1),
  };
}

// --- the provider ---------------------------------------------------------------

let issuer; // set once the port is known

function makeProvider() {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: REDIRECT_URIS,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: ID_TOKEN_ALG,
    }],
    jwks: jwks(),
    cookies: {
      keys: cookieKeys,
      // SameSite=None would need Secure, which plain http cannot have.
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    // Claims listed under a scope are returned whenever that scope is granted;
    // acr/amr/auth_time ride on `openid` so every ID token carries them.
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      sid: null, iss: null,
    },
    acrValues: [ACR_PWD, ACR_MFA],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    conformIdTokenClaims: false, // scope claims go in the ID token too
    pkce: { methods: ['S256'], required: () => PKCE_REQUIRED },
    features: {
      devInteractions: { enabled: false }, // our own form below
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      return { accountId: sub, claims: async () => claimsFor(sub) };
    },
    // Auto-consent: the grant always covers everything requested.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
      let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (!grant || grant.accountId !== oidc.account.accountId) {
        grant = new oidc.provider.Grant({ accountId: oidc.account.accountId, clientId: oidc.client.clientId });
      }
      grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
      grant.addOIDCClaims([...oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    ttl: { // seconds; explicit values also silence oidc-provider's notices
      AuthorizationCode: 60, AccessToken: 3600, IdToken: 3600, RefreshToken: 86400,
      Interaction: 3600, Session: 86400, Grant: 86400,
    },
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: () => true,
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>error</title><pre id="error">${esc(JSON.stringify(out, null, 2))}</pre>`;
    },
  });
  provider.on('server_error', (ctx, err) => console.error('upstream_op server_error:', err));
  return { provider, handle: provider.callback() };
}

let current; // { provider, handle }; replaced on key rotation

// --- helpers ------------------------------------------------------------------

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

const sendJson = (res, status, obj) => send(res, status, 'application/json', JSON.stringify(obj));

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 1 << 20) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function loginPage(uid, details, error) {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Upstream IdP sign-in</title></head>
<body>
<h1>Upstream IdP</h1>
<p id="client">Signing in to <code>${esc(details.params.client_id)}</code>, scope <code>${esc(details.params.scope)}</code></p>
${error ? `<p id="error">${esc(error)}</p>\n` : ''}<form id="login-form" method="post" action="${esc(action)}">
<label for="login">Login name</label>
<input id="login" name="login" type="text" autocomplete="off" autofocus>
<button id="submit" type="submit">Sign in</button>
</form>
<p><a id="cancel" href="/interaction/${esc(encodeURIComponent(uid))}/abort">Cancel</a></p>
</body></html>
`;
}

// --- our routes ---------------------------------------------------------------

async function interaction(req, res, uid, action) {
  const { provider } = current;
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    // Missing/expired interaction cookie or session.
    return send(res, 400, 'text/html', `<!doctype html><p id="error">${esc(err.message)}</p>`);
  }
  if (details.uid !== uid) {
    return send(res, 400, 'text/html', '<!doctype html><p id="error">interaction uid mismatch</p>');
  }

  if (req.method === 'GET' && action === undefined) {
    if (details.prompt.name === 'login') {
      return send(res, 200, 'text/html; charset=utf-8', loginPage(uid, details));
    }
    // Consent (only reached when forced, e.g. prompt=consent): approve;
    // loadExistingGrant already covers every requested scope and claim.
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  if (req.method === 'POST' && action === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const login = (form.get('login') || '').trim();
    const parsed = parseLogin(login);
    if (!parsed) {
      return send(res, 400, 'text/html; charset=utf-8',
        loginPage(uid, details, `invalid login name ${JSON.stringify(login)}`));
    }
    if (details.session?.accountId && details.session.accountId !== parsed.sub) {
      // Switching accounts in a browser that already has an upstream session
      // (e.g. prompt=login). oidc-provider would answer the resume with a
      // JavaScript auto-submitting "log out first" page; instead drop the old
      // session: detach it from this interaction and expire its cookie, so
      // the resume step simply starts a fresh session for the new account.
      delete details.session;
      await details.save(details.exp - Math.floor(Date.now() / 1000));
      const gone = 'Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax';
      const name = provider.cookieName('session');
      res.setHeader('Set-Cookie', [`${name}=; ${gone}`, `${name}.sig=; ${gone}`]);
    }
    const result = {
      login: {
        accountId: parsed.sub,
        amr: parsed.mfa ? ['pwd', 'otp'] : ['pwd'],
        acr: parsed.mfa ? ACR_MFA : ACR_PWD,
        remember: true,
      },
    };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  if (req.method === 'GET' && action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
  }

  return send(res, 405, 'text/plain', 'method not allowed\n');
}

async function rotateKeys(req, res, url) {
  const alg = url.searchParams.get('alg') || 'RS256';
  if (!(alg in keys)) return sendJson(res, 400, { error: 'alg must be RS256 or ES256' });
  const jwk = await newSigningJwk(alg);
  keys[alg] = url.searchParams.get('drop_old') === '1' ? [jwk] : [jwk, ...keys[alg]];
  // oidc-provider fixes its keystore at construction; build a new instance
  // with the new key set. State survives: the default in-memory adapter's
  // storage is module-wide and the cookie keys are shared.
  current = makeProvider();
  console.error(`upstream_op: rotated ${alg}, now signing with kid ${jwk.kid}`);
  return sendJson(res, 200, { kid: jwk.kid, alg, published_kids: jwks().keys.map((k) => k.kid) });
}

async function rogueIdToken(req, res, url) {
  let claims;
  try {
    const body = await readBody(req);
    claims = body.trim() ? JSON.parse(body) : {};
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('not an object');
  } catch (err) {
    return sendJson(res, 400, { error: `body must be a JSON object: ${err.message}` });
  }
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: issuer, aud: CLIENT_ID, sub: 'rogue', iat: now, exp: now + 300, auth_time: now, ...claims,
  };
  const kid = url.searchParams.get('kid') === 'published' ? keys.RS256[0].kid : rogueKid;
  const idToken = await new jose.SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(roguePrivateKey);
  return sendJson(res, 200, { id_token: idToken, kid });
}

// --- server -------------------------------------------------------------------

const server = http.createServer(async (req, res) => {
  try {
    if (!current) return send(res, 503, 'text/plain', 'starting\n');
    const url = new URL(req.url, issuer);
    const m = /^\/interaction\/([^/]+)(?:\/(login|abort))?\/?$/.exec(url.pathname);
    if (m) return await interaction(req, res, decodeURIComponent(m[1]), m[2]);
    if (url.pathname === '/test/rotate-keys' && req.method === 'POST') return await rotateKeys(req, res, url);
    if (url.pathname === '/test/rogue-id-token' && req.method === 'POST') return await rogueIdToken(req, res, url);
    return current.handle(req, res); // everything else: oidc-provider
  } catch (err) {
    console.error('upstream_op: request failed:', err);
    if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    else res.destroy();
  }
});

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(PORT, '127.0.0.1', resolve);
});
const { port } = server.address();
issuer = `http://127.0.0.1:${port}`;
current = makeProvider();

function shutdown(signal) {
  console.error(`upstream_op: ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
if (env.UPSTREAM_EXIT_ON_STDIN_EOF === '1') {
  process.stdin.on('end', () => shutdown('stdin EOF'));
  process.stdin.resume();
}

process.stdout.write(`listening ${issuer}\n`);
