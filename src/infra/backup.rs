//! Backups that restore: `palisade backup` and `palisade restore`.
//! PostgreSQL goes through pg_dump/pg_restore (custom format: one consistent
//! snapshot, taken while servers run); SQLite through `VACUUM INTO`, which
//! copies a consistent snapshot of a live database file. The password of the
//! database never appears on a command line: pg_dump reads PGPASSWORD.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};
use sea_orm::ConnectionTrait;
use secrecy::{ExposeSecret, SecretString};

use crate::infra::store;

enum Target {
    Postgres {
        url: String,
        password: Option<String>,
    },
    Sqlite {
        path: PathBuf,
    },
}

fn target(database_url: &SecretString) -> anyhow::Result<Target> {
    let raw = database_url.expose_secret();
    if raw.starts_with("sqlite:") {
        let Some(path) = crate::infra::files::sqlite_path(raw) else {
            bail!("DATABASE_URL names no SQLite file to back up");
        };
        return Ok(Target::Sqlite { path });
    }
    let mut url = url::Url::parse(raw).map_err(|_| anyhow::anyhow!("invalid DATABASE_URL"))?;
    let password = url.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    let _ = url.set_password(None);
    Ok(Target::Postgres {
        url: url.to_string(),
        password,
    })
}

fn run(mut command: Command, what: &str) -> anyhow::Result<()> {
    let output = command.output().with_context(|| {
        format!("cannot run {what}: install the PostgreSQL client (postgresql-client)")
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!(
            "{what} failed: {}",
            stderr.lines().next().unwrap_or("no message")
        );
    }
    Ok(())
}

/// Creates the (empty) backup file readable by its owner only: it will hold
/// password hashes and the private signing keys.
fn create_private(output: &Path) -> anyhow::Result<()> {
    crate::infra::files::create_private(output)
        .with_context(|| format!("cannot create {} (it must not exist yet)", output.display()))?;
    Ok(())
}

/// Writes a consistent snapshot of the database to `output`.
pub async fn backup(database_url: &SecretString, output: &Path) -> anyhow::Result<()> {
    let target = target(database_url)?;
    if let Target::Sqlite { path } = &target
        && !path.is_file()
    {
        bail!(
            "no SQLite database at {}: check DATABASE_URL",
            path.display()
        );
    }
    create_private(output)?;
    match target {
        Target::Postgres { url, password } => {
            let mut pg_dump = Command::new("pg_dump");
            pg_dump
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(output)
                .arg("--dbname")
                .arg(url);
            if let Some(password) = password {
                pg_dump.env("PGPASSWORD", password);
            }
            run(pg_dump, "pg_dump")
        }
        Target::Sqlite { .. } => {
            let db = store::connect(database_url, 1, 100, store::Pooler::None).await?;
            let quoted = output.display().to_string().replace('\'', "''");
            db.execute_unprepared(&format!("VACUUM INTO '{quoted}'"))
                .await
                .context("VACUUM INTO failed")?;
            Ok(())
        }
    }
}

/// Replaces the database's contents with the backup at `input`. Servers
/// using the database should be stopped first.
pub async fn restore(database_url: &SecretString, input: &Path) -> anyhow::Result<()> {
    if !input.is_file() {
        bail!("no backup file at {}", input.display());
    }
    match target(database_url)? {
        Target::Postgres { url, password } => {
            let mut pg_restore = Command::new("pg_restore");
            pg_restore
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--dbname",
                ])
                .arg(url)
                .arg(input);
            if let Some(password) = password {
                pg_restore.env("PGPASSWORD", password);
            }
            run(pg_restore, "pg_restore")
        }
        Target::Sqlite { path } => {
            // Copy beside the target, then rename over it: never half a file.
            let partial = path.with_extension("restoring");
            std::fs::copy(input, &partial)
                .with_context(|| format!("cannot write {}", partial.display()))?;
            for stale in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{stale}", path.display()));
            }
            std::fs::rename(&partial, &path)
                .with_context(|| format!("cannot replace {}", path.display()))?;
            Ok(())
        }
    }
}
