// Verifies access tokens the way a Node.js resource server does: jose's
// createRemoteJWKSet (the JWKS cached for CACHE_MAX_AGE ms, refetched on an
// unknown kid at most every 30 s) and jwtVerify with issuer, audience and the
// RFC 9068 type. Reads one token per line on stdin and answers one line each:
// "ok <sub>" or "error <code> <message>".
//
// Usage: node verify_jwt.mjs JWKS_URL ISSUER AUDIENCE CACHE_MAX_AGE_MS
import { createInterface } from "node:readline";
import { createRemoteJWKSet, jwtVerify } from "jose";

const [jwksUrl, issuer, audience, cacheMaxAge] = process.argv.slice(2);
const jwks = createRemoteJWKSet(new URL(jwksUrl), {
  cacheMaxAge: Number(cacheMaxAge),
});

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  try {
    const { payload } = await jwtVerify(line.trim(), jwks, {
      issuer,
      audience,
      typ: "at+jwt",
    });
    console.log(`ok ${payload.sub}`);
  } catch (err) {
    console.log(`error ${err.code ?? err.name} ${String(err.message).replace(/\n/g, " ")}`);
  }
}
