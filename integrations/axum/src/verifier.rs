//! Verifying Palisade's access tokens (RFC 9068 JWTs) with its JWKS: the
//! key set is cached and fetched again when a token names a key it does
//! not hold, at most once per cool-down, so a key rotation costs one fetch
//! and forged `kid`s cost none. The algorithm is the key's own; `alg: none`,
//! keys carried in the header and any `typ` but `at+jwt` are refused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::RwLock;

use crate::Refusal;

/// What Palisade signs with; HS256 keys are never published.
const ALGORITHMS: [Algorithm; 3] = [Algorithm::ES256, Algorithm::RS256, Algorithm::EdDSA];

/// Which issuer and audience to trust, and how to check online.
#[derive(Debug, Clone)]
pub struct Config {
    /// Palisade's public URL (`PALISADE_PUBLIC_URL`): the tokens' `iss`.
    pub issuer: String,
    /// `PALISADE_ACCESS_TOKEN_AUDIENCE`: the issuer unless set.
    pub audience: String,
    pub jwks_url: String,
    /// Seconds of leeway on `exp`.
    pub leeway: u64,
    /// The least time between two fetches of the key set.
    pub refetch_cooldown: Duration,
    /// How long a fetched key set is trusted before it is fetched again
    /// (a key withdrawn with `palisade keys revoke` leaves it).
    pub max_age: Duration,
    /// Check every token at `/oauth2/introspect` with this client.
    pub introspection: Option<Introspection>,
}

/// A confidential client's credentials for introspection, and how long an
/// answer is kept.
#[derive(Debug, Clone)]
pub struct Introspection {
    pub client_id: String,
    pub client_secret: String,
    pub cache: Duration,
}

impl Config {
    /// Tokens of `issuer` for `issuer` (Palisade's default audience).
    pub fn new(issuer: impl Into<String>) -> Self {
        let issuer = issuer.into().trim_end_matches('/').to_owned();
        Self {
            audience: issuer.clone(),
            jwks_url: format!("{issuer}/.well-known/jwks.json"),
            issuer,
            leeway: 1,
            refetch_cooldown: Duration::from_secs(30),
            max_age: Duration::from_secs(600),
            introspection: None,
        }
    }

    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = audience.into();
        self
    }

    pub fn jwks_url(mut self, url: impl Into<String>) -> Self {
        self.jwks_url = url.into();
        self
    }

    pub fn refetch_cooldown(mut self, cooldown: Duration) -> Self {
        self.refetch_cooldown = cooldown;
        self
    }

    /// Also checks each token online, so a logout stops it at once.
    pub fn check_revocation(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        cache: Duration,
    ) -> Self {
        self.introspection = Some(Introspection {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            cache,
        });
        self
    }
}

/// The claims of a Palisade access token; others are in `extra`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: serde_json::Value,
    pub exp: u64,
    pub iat: u64,
    #[serde(default)]
    pub scope: String,
    pub client_id: Option<String>,
    pub sid: Option<String>,
    pub jti: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub amr: Vec<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Claims {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.split(' ').any(|s| s == scope)
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

#[derive(Default)]
struct Keys {
    by_kid: HashMap<String, (DecodingKey, Algorithm)>,
    fetched_at: Option<Instant>,
}

struct Inner {
    config: Config,
    http: reqwest::Client,
    keys: RwLock<Keys>,
    /// One fetch at a time; the others wait and read what it got.
    fetching: tokio::sync::Mutex<()>,
    /// Introspection answers by the token's SHA-256, until when they hold.
    active: Mutex<HashMap<[u8; 32], (bool, Instant)>>,
    fetches: std::sync::atomic::AtomicU64,
}

/// Checks access tokens; cheap to clone (one cache behind).
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

impl Verifier {
    pub fn new(config: Config) -> Self {
        // reqwest's TLS needs a process-wide crypto provider: ring, unless
        // the app installed one first (then this does nothing).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Self {
            inner: Arc::new(Inner {
                config,
                http,
                keys: RwLock::new(Keys::default()),
                fetching: tokio::sync::Mutex::new(()),
                active: Mutex::new(HashMap::new()),
                fetches: std::sync::atomic::AtomicU64::new(0),
            }),
        }
    }

    /// Which verifier this is (clones share it).
    pub(crate) fn id(&self) -> usize {
        Arc::as_ptr(&self.inner) as usize
    }

    /// How many times the key set was fetched.
    pub fn jwks_fetches(&self) -> u64 {
        self.inner
            .fetches
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The token's claims, or why it is refused (401).
    pub async fn verify(&self, token: &str) -> Result<Claims, Refusal> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| Refusal::invalid("The access token is malformed"))?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(Refusal::invalid("The algorithm is not accepted"));
        }
        if header.jwk.is_some()
            || header.jku.is_some()
            || header.x5u.is_some()
            || header.x5c.is_some()
        {
            return Err(Refusal::invalid("The token names its own key"));
        }
        let typ = header
            .typ
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if typ != "at+jwt" && typ != "application/at+jwt" {
            return Err(Refusal::invalid("Not an access token"));
        }
        let (key, alg) = self.key(header.kid.as_deref().unwrap_or_default()).await?;
        if alg != header.alg {
            return Err(Refusal::invalid("The algorithm is not the key's"));
        }
        let config = &self.inner.config;
        let mut validation = Validation::new(alg);
        validation.set_issuer(&[&config.issuer]);
        validation.set_audience(&[&config.audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = config.leeway;
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .map_err(|err| match err.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => Refusal::Expired,
                _ => Refusal::invalid("The access token is not valid"),
            })?
            .claims;
        // jsonwebtoken compares whole seconds (a token could pass up to two
        // seconds late with one of leeway): checked again to the millisecond.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        if now > (claims.exp + config.leeway) as f64 {
            return Err(Refusal::Expired);
        }
        if let Some(introspection) = &config.introspection
            && !self.active_online(token, introspection).await?
        {
            return Err(Refusal::invalid("The access token was revoked"));
        }
        Ok(claims)
    }

    async fn key(&self, kid: &str) -> Result<(DecodingKey, Algorithm), Refusal> {
        let config = &self.inner.config;
        let fresh = |keys: &Keys| {
            keys.fetched_at
                .is_some_and(|at| at.elapsed() < config.max_age)
        };
        {
            let keys = self.inner.keys.read().await;
            if let Some(found) = keys.by_kid.get(kid).filter(|_| fresh(&keys)) {
                return Ok(found.clone());
            }
        }
        // An unknown kid, or keys old enough that one may have been revoked.
        let _one_at_a_time = self.inner.fetching.lock().await;
        let due = {
            let keys = self.inner.keys.read().await;
            let known = keys.by_kid.contains_key(kid) && fresh(&keys);
            !known
                && keys
                    .fetched_at
                    .is_none_or(|at| at.elapsed() >= config.refetch_cooldown)
        };
        if due {
            // A failed fetch keeps the keys held; the cool-down counts it too.
            let _ = self.fetch().await;
        }
        self.inner
            .keys
            .read()
            .await
            .by_kid
            .get(kid)
            .cloned()
            .ok_or_else(|| Refusal::invalid("Unknown signing key"))
    }

    async fn fetch(&self) -> Result<(), Refusal> {
        self.inner.keys.write().await.fetched_at = Some(Instant::now());
        self.inner
            .fetches
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let unreachable = |_| Refusal::invalid("The JWKS could not be fetched");
        let set: JwkSet = self
            .inner
            .http
            .get(&self.inner.config.jwks_url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(unreachable)?
            .json()
            .await
            .map_err(unreachable)?;
        let by_kid = set
            .keys
            .iter()
            .filter_map(|jwk| {
                let kid = jwk.common.key_id.clone()?;
                let alg = algorithm_of(jwk)?;
                Some((kid, (DecodingKey::from_jwk(jwk).ok()?, alg)))
            })
            .collect();
        self.inner.keys.write().await.by_kid = by_kid;
        Ok(())
    }

    async fn active_online(&self, token: &str, with: &Introspection) -> Result<bool, Refusal> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let now = Instant::now();
        if let Ok(known) = self.inner.active.lock()
            && let Some((active, until)) = known.get(&digest)
            && *until > now
        {
            return Ok(*active);
        }
        #[derive(Deserialize)]
        struct Answer {
            active: bool,
        }
        // Cannot tell: refuse rather than let a revoked token through.
        let unknown = |_| Refusal::invalid("The access token could not be checked online");
        let answer: Answer = self
            .inner
            .http
            .post(format!("{}/oauth2/introspect", self.inner.config.issuer))
            .basic_auth(&with.client_id, Some(&with.client_secret))
            .form(&[("token", token), ("token_type_hint", "access_token")])
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(unknown)?
            .json()
            .await
            .map_err(unknown)?;
        if let Ok(mut known) = self.inner.active.lock() {
            if known.len() > 10_000 {
                known.retain(|_, (_, until)| *until > now);
            }
            known.insert(digest, (answer.active, now + with.cache));
        }
        Ok(answer.active)
    }
}

/// The key's algorithm: as it says, else what its type implies.
fn algorithm_of(jwk: &Jwk) -> Option<Algorithm> {
    let alg = match (jwk.common.key_algorithm, &jwk.algorithm) {
        (Some(KeyAlgorithm::ES256), _) => Algorithm::ES256,
        (Some(KeyAlgorithm::RS256), _) => Algorithm::RS256,
        (Some(KeyAlgorithm::EdDSA), _) => Algorithm::EdDSA,
        (Some(_), _) => return None,
        (None, AlgorithmParameters::EllipticCurve(p)) if p.curve == EllipticCurve::P256 => {
            Algorithm::ES256
        }
        (None, AlgorithmParameters::RSA(_)) => Algorithm::RS256,
        (None, AlgorithmParameters::OctetKeyPair(_)) => Algorithm::EdDSA,
        _ => return None,
    };
    Some(alg)
}
