//! Password hashing: Argon2id (default) or bcrypt for new hashes; every known
//! kind verifies, and `needs_rehash` says when a stored hash should be replaced.
//! Hashing runs on a few threads of its own behind a semaphore so a login
//! burst cannot starve the async runtime; each keeps its Argon2 memory while
//! hashes keep coming. Never logs a password or a hash.

use std::{str::FromStr, sync::Arc};

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, Version,
    password_hash::{self, Output, ParamsString, Salt, SaltString},
};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use super::hash_pool::{HashPool, Scratch};
use crate::core::error::{Error, Result};
use crate::core::model::Password;
use crate::core::ports::{PasswordHashing, Verification};
use crate::core::tokens::hex;
use crate::core::validate;

/// OWASP's Argon2id parameters: 19 MiB, 2 iterations, 1 lane.
const ARGON2_M_COST: u32 = 19 * 1024;
const ARGON2_T_COST: u32 = 2;
const ARGON2_P_COST: u32 = 1;
const BCRYPT_COST: u32 = 12;
const HASH_TIMING: &str = "palisade_password_hash_seconds";
const STRENGTH_TIMING: &str = "palisade_password_strength_seconds";
/// How long a request may wait for a hashing slot before it is turned away.
const PERMIT_WAIT: std::time::Duration = std::time::Duration::from_secs(3);
/// Our bcrypt hashes pre-hash the password with SHA-256 (base64, 44 bytes), so
/// bcrypt's 72-byte limit never silently cuts a long password short.
const BCRYPT_SHA256_PREFIX: &str = "$bcrypt-sha256$";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlgorithm {
    Argon2id,
    Bcrypt,
}

impl FromStr for HashAlgorithm {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "argon2id" | "argon2" => Ok(Self::Argon2id),
            "bcrypt" => Ok(Self::Bcrypt),
            _ => Err("expected argon2id or bcrypt"),
        }
    }
}

#[derive(Clone)]
pub struct PasswordHasher {
    algorithm: HashAlgorithm,
    permits: Arc<Semaphore>,
    pool: Arc<HashPool>,
    /// A hash of a random password, verified against when the account does not
    /// exist so that unknown emails cost the same time as wrong passwords.
    dummy_hash: Arc<String>,
}

fn argon2() -> Result<Argon2<'static>> {
    let params =
        Params::new(ARGON2_M_COST, ARGON2_T_COST, ARGON2_P_COST, None).map_err(Error::internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn prehash(password: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(password.as_bytes()))
}

/// What the argon2 crate's `PasswordHasher` computes, in `scratch`'s memory.
fn argon2_output(
    argon2: &Argon2,
    password: &str,
    salt: Salt,
    scratch: &mut Scratch,
) -> password_hash::Result<Output> {
    let params = argon2.params();
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let length = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let blocks = scratch.blocks(params.block_count());
    Output::init_with(length, |out| {
        Ok(argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, &mut *blocks)?)
    })
}

fn hash_blocking(
    algorithm: HashAlgorithm,
    password: &str,
    scratch: &mut Scratch,
) -> Result<String> {
    match algorithm {
        HashAlgorithm::Argon2id => {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            let argon2 = argon2()?;
            let output = argon2_output(&argon2, password, salt.as_salt(), scratch)
                .map_err(Error::internal)?;
            let hash = PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(argon2.params()).map_err(Error::internal)?,
                salt: Some(salt.as_salt()),
                hash: Some(output),
            };
            Ok(hash.to_string())
        }
        HashAlgorithm::Bcrypt => {
            let inner = bcrypt::non_truncating_hash(prehash(password), BCRYPT_COST)
                .map_err(Error::internal)?;
            Ok(format!("{BCRYPT_SHA256_PREFIX}{inner}"))
        }
    }
}

/// What a login for an unknown address is checked against, so it costs what
/// a real check costs. For Argon2id a hash of the current parameters with
/// random salt and output: nothing to compute at start (a real hash would
/// take 19 MiB and 18 ms before the server could answer). bcrypt is hashed
/// once (it needs 4 KiB).
fn dummy_hash(algorithm: HashAlgorithm) -> Result<String> {
    use base64::Engine as _;
    match algorithm {
        HashAlgorithm::Argon2id => {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            let output: [u8; 32] = rand::random();
            let output = base64::engine::general_purpose::STANDARD_NO_PAD.encode(output);
            Ok(format!(
                "$argon2id$v=19$m={ARGON2_M_COST},t={ARGON2_T_COST},p={ARGON2_P_COST}${}${output}",
                salt.as_str()
            ))
        }
        HashAlgorithm::Bcrypt => {
            let random: [u8; 16] = rand::random();
            hash_blocking(algorithm, &hex(&random), &mut Scratch::default())
        }
    }
}

fn bcrypt_cost(hash: &str) -> Option<u32> {
    hash.split('$').nth(2)?.parse().ok()
}

/// Whether `password` is the one `stored` (an Argon2 PHC string) was made
/// from: the argon2 crate's `PasswordVerifier`, in `scratch`'s memory. The
/// comparison is constant-time (`Output`'s equality).
fn argon2_matches(password: &str, stored: &PasswordHash, scratch: &mut Scratch) -> bool {
    let mut computed = || -> password_hash::Result<bool> {
        let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
            return Ok(false);
        };
        let version = stored.version.map(Version::try_from).transpose()?;
        let argon2 = Argon2::new(
            Algorithm::try_from(stored.algorithm)?,
            version.unwrap_or_default(),
            Params::try_from(stored)?,
        );
        Ok(argon2_output(&argon2, password, salt, scratch)? == expected)
    };
    computed().unwrap_or(false)
}

fn verify_blocking(
    configured: HashAlgorithm,
    password: &str,
    stored: &str,
    scratch: &mut Scratch,
) -> Verification {
    let (ok, current) = if let Some(inner) = stored.strip_prefix(BCRYPT_SHA256_PREFIX) {
        let ok = bcrypt::verify(prehash(password), inner).unwrap_or(false);
        let current = configured == HashAlgorithm::Bcrypt
            && bcrypt_cost(inner).is_some_and(|c| c >= BCRYPT_COST);
        (ok, current)
    } else if stored.starts_with("$2") {
        // Plain bcrypt imported from another system: verify the way it was made,
        // then always replace it with our format.
        (bcrypt::verify(password, stored).unwrap_or(false), false)
    } else if let Ok(parsed) = PasswordHash::new(stored) {
        let ok = argon2_matches(password, &parsed, scratch);
        let current = configured == HashAlgorithm::Argon2id
            && parsed.algorithm.as_str() == "argon2id"
            && Params::try_from(&parsed).is_ok_and(|p| {
                p.m_cost() >= ARGON2_M_COST
                    && p.t_cost() >= ARGON2_T_COST
                    && p.p_cost() >= ARGON2_P_COST
            });
        (ok, current)
    } else {
        (false, false)
    };
    if ok {
        Verification::Match {
            needs_rehash: !current,
        }
    } else {
        Verification::Mismatch
    }
}

impl PasswordHasher {
    pub fn new(algorithm: HashAlgorithm, concurrency: usize) -> Result<Self> {
        let dummy_hash = dummy_hash(algorithm)?;
        Ok(Self {
            algorithm,
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            pool: Arc::new(HashPool::new(concurrency.max(1), ARGON2_M_COST as usize)?),
            dummy_hash: Arc::new(dummy_hash),
        })
    }

    pub fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    /// The permit moves into the blocking job: if the request is dropped
    /// (client gone, timeout), the hash still counts until it has finished.
    /// Under a flood, a request that cannot get a permit soon answers 503
    /// instead of queueing for minutes.
    /// `timing` names the histogram the job's time goes to.
    async fn run<T: Send + 'static>(
        &self,
        timing: &'static str,
        job: impl FnOnce(&mut Scratch) -> T + Send + 'static,
    ) -> Result<T> {
        let permit = tokio::time::timeout(PERMIT_WAIT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Error::Busy)?
            .map_err(Error::internal)?;
        let (done, result) = tokio::sync::oneshot::channel();
        self.pool.run(Box::new(move |scratch| {
            let _permit = permit;
            let started = std::time::Instant::now();
            let out = job(scratch);
            metrics::histogram!(timing).record(started.elapsed().as_secs_f64());
            let _ = done.send(out);
        }))?;
        result.await.map_err(Error::internal)
    }
}

#[async_trait::async_trait]
impl PasswordHashing for PasswordHasher {
    /// Hashes with the configured algorithm and a fresh random salt.
    async fn hash(&self, password: &Password) -> Result<String> {
        let algorithm = self.algorithm;
        let password = password.clone();
        self.run(HASH_TIMING, move |scratch| {
            hash_blocking(algorithm, password.expose(), scratch)
        })
        .await?
    }

    async fn verify(&self, password: &Password, stored: &str) -> Result<Verification> {
        // No password (`!…`, a user a provider made): as slow as a wrong
        // one, so timing does not tell such accounts apart.
        if !crate::core::model::is_password_hash(stored) {
            self.verify_dummy(password).await?;
            return Ok(Verification::Mismatch);
        }
        let algorithm = self.algorithm;
        let password = password.clone();
        let stored = stored.to_owned();
        self.run(HASH_TIMING, move |scratch| {
            verify_blocking(algorithm, password.expose(), &stored, scratch)
        })
        .await
    }

    async fn verify_dummy(&self, password: &Password) -> Result<()> {
        let dummy = self.dummy_hash.clone();
        self.verify(password, &dummy).await?;
        Ok(())
    }

    /// Its length at once, then how guessable it is (zxcvbn, CPU-heavy) here,
    /// on the hashing threads under the same bound as hashes, so a flood of
    /// long passwords cannot stall the server.
    async fn check_new_password(
        &self,
        field: &'static str,
        password: &Password,
        context: Vec<String>,
    ) -> Result<()> {
        validate::new_password_length(field, password.expose())
            .map_err(|e| Error::Validation(vec![e]))?;
        let password = password.clone();
        self.run(STRENGTH_TIMING, move |_| {
            validate::password_strength(field, password.expose(), &context)
        })
        .await?
        .map_err(|e| Error::Validation(vec![e]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_argon2_hash_has_the_current_parameters_and_matches_no_password() {
        let dummy = dummy_hash(HashAlgorithm::Argon2id).unwrap();
        let parsed = PasswordHash::new(&dummy).unwrap();
        let params = Params::try_from(&parsed).unwrap();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (ARGON2_M_COST, ARGON2_T_COST, ARGON2_P_COST)
        );
        assert!(matches!(
            verify_blocking(
                HashAlgorithm::Argon2id,
                "correct horse battery staple",
                &dummy,
                &mut Scratch::default()
            ),
            Verification::Mismatch
        ));
    }

    #[test]
    fn bcrypt_hashes_do_not_truncate_passwords_longer_than_72_bytes() {
        let base = "a".repeat(72);
        let hash = hash_blocking(
            HashAlgorithm::Bcrypt,
            &format!("{base}X"),
            &mut Scratch::default(),
        )
        .unwrap();
        assert!(matches!(
            verify_blocking(
                HashAlgorithm::Bcrypt,
                &format!("{base}X"),
                &hash,
                &mut Scratch::default()
            ),
            Verification::Match {
                needs_rehash: false
            }
        ));
        assert_eq!(
            verify_blocking(
                HashAlgorithm::Bcrypt,
                &format!("{base}Y"),
                &hash,
                &mut Scratch::default()
            ),
            Verification::Mismatch
        );
    }

    #[test]
    fn argon2id_hashes_use_the_owasp_parameters() {
        let hash = hash_blocking(
            HashAlgorithm::Argon2id,
            "correct horse",
            &mut Scratch::default(),
        )
        .unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
    }

    #[test]
    fn argon2_hashes_made_in_kept_memory_are_the_stock_crates_both_ways() {
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        // One thread's memory through hashes of two sizes, as in the pool.
        let mut scratch = Scratch::default();
        let ours = hash_blocking(HashAlgorithm::Argon2id, "pw-ours-1", &mut scratch).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"pw-ours-1", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"pw-ours-2", &parsed)
                .is_err()
        );

        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        for (stock, ok) in [
            (Argon2::default().hash_password(b"pw-stock", &salt), true),
            (small.hash_password(b"pw-stock", &salt), false),
            (
                Argon2::new(Algorithm::Argon2i, Version::V0x10, Params::default())
                    .hash_password(b"pw-stock", &salt),
                false,
            ),
        ] {
            let stock = stock.unwrap().to_string();
            assert_eq!(
                verify_blocking(HashAlgorithm::Argon2id, "pw-stock", &stock, &mut scratch),
                Verification::Match { needs_rehash: !ok },
                "{stock}"
            );
            assert_eq!(
                verify_blocking(HashAlgorithm::Argon2id, "pw-other", &stock, &mut scratch),
                Verification::Mismatch
            );
        }
    }

    #[test]
    fn weaker_argon2_parameters_ask_for_a_rehash() {
        use argon2::PasswordHasher as _;
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(4096, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let hash = weak.hash_password(b"pw-123456", &salt).unwrap().to_string();
        assert_eq!(
            verify_blocking(
                HashAlgorithm::Argon2id,
                "pw-123456",
                &hash,
                &mut Scratch::default()
            ),
            Verification::Match { needs_rehash: true }
        );
    }

    #[test]
    fn plain_bcrypt_from_another_system_verifies_and_asks_for_a_rehash() {
        let hash = bcrypt::hash("imported-pass", 4).unwrap();
        assert_eq!(
            verify_blocking(
                HashAlgorithm::Bcrypt,
                "imported-pass",
                &hash,
                &mut Scratch::default()
            ),
            Verification::Match { needs_rehash: true }
        );
        assert_eq!(
            verify_blocking(
                HashAlgorithm::Bcrypt,
                "wrong",
                &hash,
                &mut Scratch::default()
            ),
            Verification::Mismatch
        );
    }
}
