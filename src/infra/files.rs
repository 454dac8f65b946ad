//! Files that hold secrets (the SQLite database with its signing keys and
//! password hashes, backups, written-out emails with live links): created
//! readable by their owner only, and tightened when found looser.

use std::path::{Path, PathBuf};

/// Owner read and write, nobody else.
pub const PRIVATE: u32 = 0o600;

/// The file a `sqlite:` DATABASE_URL names (relative to the working
/// directory, or absolute with `sqlite:///`), or `None` for an in-memory one.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let in_memory = path == ":memory:" || query.split('&').any(|p| p == "mode=memory");
    (!path.is_empty() && !in_memory).then(|| PathBuf::from(path))
}

/// Creates `path`, which must not exist yet, readable by its owner only.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE);
    options.open(path)
}

/// Makes the SQLite database file (and its WAL and shared-memory files)
/// readable by its owner only: creates it so when missing, and tightens a
/// file an earlier version (or a copy) left readable by others. SQLite gives
/// the WAL files the database file's mode when it creates them.
pub fn private_sqlite_file(path: &Path) -> std::io::Result<()> {
    match create_private(path) {
        Ok(_) => return Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(err) => return Err(err),
    }
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt as _;
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        if meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(PRIVATE))?;
        }
    }
    Ok(())
}
