// openid-client (the certified relying party library) against Palisade:
// discovery → authorization code + PKCE → ID token validation → userinfo
// → refresh → introspection → revocation → end-session URL. Prints the authorization URL,
// reads the callback URL the browser landed on from standard input, then
// prints one JSON line with what each step saw. Every check is the
// library's own; this script only drives it.
//   node oidc_rp.mjs ISSUER CLIENT_ID CLIENT_SECRET REDIRECT_URI POST_LOGOUT_URI
import * as client from 'openid-client';
import { createInterface } from 'node:readline';

const [issuer, clientId, clientSecret, redirectUri, postLogoutUri] = process.argv.slice(2);
const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined, {
  execute: [client.allowInsecureRequests],
});
const verifier = client.randomPKCECodeVerifier();
const challenge = await client.calculatePKCECodeChallenge(verifier);
const state = client.randomState();
const nonce = client.randomNonce();
const url = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid email profile offline_access',
  code_challenge: challenge,
  code_challenge_method: 'S256',
  state,
  nonce,
});
console.log(url.href);

const lines = createInterface({ input: process.stdin });
const callback = await new Promise((resolve) => lines.once('line', resolve));
lines.close();

const out = {};
try {
  const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  out.claims = tokens.claims();
  out.userinfo = await client.fetchUserInfo(config, tokens.access_token, out.claims.sub);
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  out.refreshed = { id_token: Boolean(refreshed.id_token), rotated: refreshed.refresh_token !== tokens.refresh_token };
  out.introspection = await client.tokenIntrospection(config, refreshed.access_token);
  await client.tokenRevocation(config, refreshed.refresh_token);
  out.after_revocation = await client.tokenIntrospection(config, refreshed.access_token);
  // RP-initiated logout: the URL the app sends the browser to.
  out.end_session = client.buildEndSessionUrl(config, {
    id_token_hint: tokens.id_token,
    post_logout_redirect_uri: postLogoutUri,
    state: 'bye',
  }).href;
} catch (error) {
  out.error = `${error.name}: ${error.message} ${error.code ?? ''} ${JSON.stringify(error.cause ?? {})}`;
}
console.log(JSON.stringify(out));
