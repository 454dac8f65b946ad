//! A software WebAuthn authenticator for API tests: a P-256 key, "none"
//! attestation, and assertions whose every part a test can bend (origin,
//! relying party id, counter, signature) to prove the server refuses it.
//! Browser tests use Chromium's virtual authenticator instead.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::ecdsa::{Signature, SigningKey, signature::Signer as _};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

pub struct SoftKey {
    key: SigningKey,
    pub credential_id: Vec<u8>,
    pub user_handle: Vec<u8>,
    pub counter: u32,
}

/// What an answer may be bent in.
#[derive(Clone)]
pub struct Bend {
    pub origin: String,
    pub rp_id: String,
    /// Flip a bit of the signature.
    pub bad_signature: bool,
}

impl Bend {
    pub fn honest(origin: &str, rp_id: &str) -> Self {
        Self {
            origin: origin.to_owned(),
            rp_id: rp_id.to_owned(),
            bad_signature: false,
        }
    }
}

/// A minimal CBOR writer: what attestation objects and COSE keys need.
fn head(major: u8, n: u64, out: &mut Vec<u8>) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend([m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((n as u16).to_be_bytes());
        }
        _ => {
            out.push(m | 26);
            out.extend((n as u32).to_be_bytes());
        }
    }
}

fn int(v: i64, out: &mut Vec<u8>) {
    match v >= 0 {
        true => head(0, v as u64, out),
        false => head(1, (-1 - v) as u64, out),
    }
}

fn bytes(b: &[u8], out: &mut Vec<u8>) {
    head(2, b.len() as u64, out);
    out.extend(b);
}

fn text(t: &str, out: &mut Vec<u8>) {
    head(3, t.len() as u64, out);
    out.extend(t.as_bytes());
}

fn client_data(kind: &str, challenge: &str, origin: &str) -> Vec<u8> {
    json!({"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false})
        .to_string()
        .into_bytes()
}

impl SoftKey {
    pub fn new() -> Self {
        Self {
            key: SigningKey::random(&mut rand::rngs::OsRng),
            credential_id: rand::random::<[u8; 32]>().to_vec(),
            user_handle: Vec::new(),
            counter: 0,
        }
    }

    fn cose_key(&self) -> Vec<u8> {
        let point = self.key.verifying_key().to_encoded_point(false);
        let mut out = Vec::new();
        head(5, 5, &mut out);
        int(1, &mut out);
        int(2, &mut out); // kty: EC2
        int(3, &mut out);
        int(-7, &mut out); // alg: ES256
        int(-1, &mut out);
        int(1, &mut out); // crv: P-256
        int(-2, &mut out);
        bytes(point.x().unwrap(), &mut out);
        int(-3, &mut out);
        bytes(point.y().unwrap(), &mut out);
        out
    }

    fn auth_data(&self, rp_id: &str, flags: u8, attested: bool) -> Vec<u8> {
        let mut out = Sha256::digest(rp_id.as_bytes()).to_vec();
        out.push(flags);
        out.extend(self.counter.to_be_bytes());
        if attested {
            out.extend([0u8; 16]); // AAGUID
            out.extend((self.credential_id.len() as u16).to_be_bytes());
            out.extend(&self.credential_id);
            out.extend(self.cose_key());
        }
        out
    }

    /// Answers `navigator.credentials.create()` for the options a
    /// registration start returned; remembers the user handle.
    pub fn register(&mut self, options: &Value, bend: &Bend) -> Value {
        let challenge = options["challenge"].as_str().expect("a challenge");
        self.user_handle = B64
            .decode(options["user"]["id"].as_str().expect("a user id"))
            .unwrap();
        // User present, verified, attested credential data.
        let auth_data = self.auth_data(&bend.rp_id, 0x01 | 0x04 | 0x40, true);
        let mut attestation = Vec::new();
        head(5, 3, &mut attestation);
        text("fmt", &mut attestation);
        text("none", &mut attestation);
        text("attStmt", &mut attestation);
        head(5, 0, &mut attestation);
        text("authData", &mut attestation);
        bytes(&auth_data, &mut attestation);
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id, "rawId": id, "type": "public-key",
            "response": {
                "clientDataJSON": B64.encode(client_data("webauthn.create", challenge, &bend.origin)),
                "attestationObject": B64.encode(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        })
    }

    /// Answers `navigator.credentials.get()`, at the current counter.
    pub fn assert(&self, options: &Value, bend: &Bend) -> Value {
        let challenge = options["challenge"].as_str().expect("a challenge");
        let auth_data = self.auth_data(&bend.rp_id, 0x01 | 0x04, false);
        let client_data = client_data("webauthn.get", challenge, &bend.origin);
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client_data));
        let signature: Signature = self.key.sign(&signed);
        let mut der = signature.to_der().as_bytes().to_vec();
        if bend.bad_signature {
            let last = der.len() - 1;
            der[last] ^= 0x01;
        }
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id, "rawId": id, "type": "public-key",
            "response": {
                "clientDataJSON": B64.encode(client_data),
                "authenticatorData": B64.encode(auth_data),
                "signature": B64.encode(der),
                "userHandle": B64.encode(&self.user_handle),
            },
            "clientExtensionResults": {},
        })
    }
}
