//! Cryptography: password hashing, signing keys and the key ring, access
//! tokens as JWS, and secrets at rest.

mod hash_pool;
pub mod jws;
pub mod key_material;
pub mod keys;
pub mod passwords;
pub mod secrets;
pub mod webauthn;
