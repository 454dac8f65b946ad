// openid-client (the certified relying party library) running the device
// authorization grant (RFC 8628) against Palisade, as a TV or a CLI would:
// it prints the user code as one JSON line, polls the token endpoint at the
// interval the server gives (its own pacing, slow_down included), and prints
// one JSON line with the ID token's claims, which it validated itself.
//   node oidc_device.mjs ISSUER CLIENT_ID
import * as client from 'openid-client';

const [issuer, clientId] = process.argv.slice(2);
const config = await client.discovery(new URL(issuer), clientId, undefined, client.None(), {
  execute: [client.allowInsecureRequests],
});
const out = {};
try {
  const device = await client.initiateDeviceAuthorization(config, { scope: 'openid email' });
  console.log(JSON.stringify({
    user_code: device.user_code,
    verification_uri: device.verification_uri,
    verification_uri_complete: device.verification_uri_complete,
    interval: device.interval,
  }));
  const tokens = await client.pollDeviceAuthorizationGrant(config, device);
  out.claims = tokens.claims();
  out.scope = tokens.scope;
  out.userinfo = await client.fetchUserInfo(config, tokens.access_token, out.claims.sub);
} catch (error) {
  out.error = `${error.name}: ${error.message} ${error.code ?? ''}`;
}
console.log(JSON.stringify(out));
