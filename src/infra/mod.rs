//! The infrastructure: what the core's ports are implemented with (storage
//! on SeaORM, password hashing and JWS, email, notifications between
//! instances), and the files, backups and migrations around them.

pub mod backup;
pub mod crypto;
pub mod federation;
pub mod files;
pub mod i18n;
pub mod mail;
pub mod notify;
pub mod public_net;
pub mod store;
