// @palisade/server against a live Palisade (started by tests/api/integrations.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import express from "express";
import { Palisade } from "../dist/index.js";

const URL_ = process.env.PALISADE_URL ?? "http://127.0.0.1:8080";
const PASSWORD = "correct horse battery staple";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function signIn(email = `${crypto.randomUUID().slice(0, 12)}@example.com`) {
  const body = JSON.stringify({ email, password: PASSWORD });
  const headers = { "content-type": "application/json" };
  await fetch(`${URL_}/v1/auth/register`, { method: "POST", headers, body });
  const answer = await fetch(`${URL_}/v1/auth/login`, { method: "POST", headers, body });
  assert.equal(answer.status, 200);
  return answer.json();
}
const part = (token, i) => JSON.parse(Buffer.from(token.split(".")[i], "base64url").toString());
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
const cli = (...args) => execFileSync(process.env.PALISADE_BIN, args, { env: { ...process.env, PALISADE_ADMIN_PASSWORD: PASSWORD } });

/** An Express app guarded by `palisade`, listening; `get(path, token)` answers. */
async function appWith(palisade, t) {
  const app = express();
  app.get("/me", palisade.authenticate(), (req, res) => res.json({ sub: req.auth.sub }));
  app.get("/admin", palisade.require({ role: "admin" }), (req, res) => res.json({ ok: true }));
  app.get("/reports", palisade.require({ permission: "reports:read" }), (req, res) => res.json({ ok: true }));
  app.get("/orders", palisade.require({ scope: "orders:write" }), (req, res) => res.json({ ok: true }));
  const server = await new Promise((resolve) => { const s = app.listen(0, "127.0.0.1", () => resolve(s)); });
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}`;
  return (path, token) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

test("a fresh token is accepted with its claims", async (t) => {
  const { access_token } = await signIn();
  const get = await appWith(new Palisade({ issuer: URL_ }), t);
  const answer = await get("/me", access_token);
  assert.equal(answer.status, 200);
  assert.equal((await answer.json()).sub, part(access_token, 1).sub);
});

test("no token is 401 with a bare Bearer challenge", async (t) => {
  const get = await appWith(new Palisade({ issuer: URL_ }), t);
  const answer = await get("/me");
  assert.equal(answer.status, 401);
  assert.equal(answer.headers.get("www-authenticate"), "Bearer");
  assert.equal(answer.headers.get("content-type"), "application/problem+json; charset=utf-8");
});

test("an expired token is refused as expired", async (t) => {
  const { access_token } = await signIn();
  await sleep((Number(process.env.PALISADE_ACCESS_TTL ?? 3) + 1.5) * 1000);
  const get = await appWith(new Palisade({ issuer: URL_ }), t);
  const answer = await get("/me", access_token);
  assert.equal(answer.status, 401);
  assert.match(answer.headers.get("www-authenticate"), /error="invalid_token".*expired/);
});

test("a token of another issuer or for another audience is refused", async (t) => {
  const { access_token } = await signIn();
  const jwksUrl = `${URL_}/.well-known/jwks.json`;
  const foreign = await appWith(new Palisade({ issuer: "https://auth.elsewhere.example", jwksUrl }), t);
  assert.equal((await foreign("/me", access_token)).status, 401);
  const elsewhere = await appWith(new Palisade({ issuer: URL_, audience: "https://api.elsewhere.example" }), t);
  assert.equal((await elsewhere("/me", access_token)).status, 401);
});

test("tampered and alg none tokens are refused", async (t) => {
  const { access_token } = await signIn();
  const [head, , signature] = access_token.split(".");
  const claims = { ...part(access_token, 1), roles: ["admin"] };
  const get = await appWith(new Palisade({ issuer: URL_ }), t);
  assert.equal((await get("/admin", `${head}.${b64(claims)}.${signature}`)).status, 401);
  const none = `${b64({ alg: "none", typ: "at+jwt", kid: part(access_token, 0).kid })}.${b64(claims)}.`;
  assert.equal((await get("/admin", none)).status, 401);
});

test("a logged-out token is refused when revocation is checked", async (t) => {
  const { access_token } = await signIn();
  const online = await appWith(new Palisade({
    issuer: URL_, checkRevocation: true, revocationCache: 0,
    clientId: process.env.PALISADE_INTROSPECT_ID, clientSecret: process.env.PALISADE_INTROSPECT_SECRET,
  }), t);
  const offline = await appWith(new Palisade({ issuer: URL_ }), t);
  assert.equal((await online("/me", access_token)).status, 200);
  const logout = await fetch(`${URL_}/v1/auth/logout`, { method: "POST", headers: { authorization: `Bearer ${access_token}` } });
  assert.equal(logout.status, 204);
  assert.equal((await online("/me", access_token)).status, 401);
  // Offline verification accepts it until its exp, as documented.
  assert.equal((await offline("/me", access_token)).status, 200);
});

test("roles, permissions and scopes are required", async (t) => {
  const email = `admin-${crypto.randomUUID().slice(0, 8)}@example.com`;
  cli("admin", "create", "--email", email);
  const admin = (await signIn(email)).access_token;
  const user = (await signIn()).access_token;
  const get = await appWith(new Palisade({ issuer: URL_, rolePermissions: { admin: ["reports:read"] } }), t);
  assert.equal((await get("/admin", user)).status, 403);
  assert.equal((await get("/admin", admin)).status, 200);
  assert.equal((await get("/reports", user)).status, 403);
  assert.equal((await get("/reports", admin)).status, 200);
  const refused = await get("/orders", admin);
  assert.equal(refused.status, 403);
  assert.match(refused.headers.get("www-authenticate"), /error="insufficient_scope"/);
});

function counting() {
  const counter = { fetches: 0 };
  counter.fetch = (...args) => { counter.fetches += 1; return fetch(...args); };
  return counter;
}

test("forged kids do not make it fetch the JWKS again and again", async (t) => {
  const counter = counting();
  const get = await appWith(new Palisade({ issuer: URL_, fetch: counter.fetch }), t);
  const token = (await signIn()).access_token;
  assert.equal((await get("/me", token)).status, 200);
  const [, body, signature] = token.split(".");
  for (let i = 0; i < 20; i++) {
    const forged = `${b64({ alg: "ES256", typ: "at+jwt", kid: `forged-${i}` })}.${body}.${signature}`;
    assert.equal((await get("/me", forged)).status, 401);
  }
  assert.equal(counter.fetches, 1, "forged kids within the cool-down fetch nothing");
});

test("a key rotation is followed without a failed request", async (t) => {
  // Palisade publishes a rotated key at once and signs with it after
  // PALISADE_KEY_ACTIVATION_DELAY (10 min; 4 s on the test server), which
  // outlasts the cool-down (30 s; 2 s here): one fetch gets the new key.
  const counter = counting();
  const get = await appWith(new Palisade({ issuer: URL_, refetchCooldown: 2, fetch: counter.fetch }), t);
  const before = (await signIn()).access_token;
  assert.equal((await get("/me", before)).status, 200);
  const fetches = counter.fetches;
  cli("keys", "rotate");
  let after;
  for (let i = 0; i < 100 && !after; i++) {
    const token = (await signIn()).access_token;
    // Every token, old key or new, is accepted meanwhile.
    assert.equal((await get("/me", token)).status, 200);
    if (part(token, 0).kid !== part(before, 0).kid) after = token;
    else await sleep(200);
  }
  assert.ok(after, "the server never signed with the new key");
  assert.equal(counter.fetches, fetches + 1);
});
