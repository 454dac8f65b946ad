//! The keys that name things become per tenant: an email, a role name, a
//! client id, a provider slug, a user code, a credential id, a throttle key
//! and a rate-limit client are unique within their tenant, not across the
//! deployment, and the foreign keys to roles, clients and providers carry
//! the tenant. Keys of random values (ids, token hashes, kids) stay global.
//!
//! PostgreSQL changes constraints in place (found by what they constrain,
//! as sea-query left them unnamed). SQLite cannot change a key, so those
//! tables are rebuilt: created anew from their own DDL with the key edited,
//! copied, swapped in. That needs foreign keys off (a `DROP TABLE` of a
//! parent would cascade), which `store::migrate` arranges on SQLite.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000021_tenant_keys"
    }
}

/// A table whose key gains the tenant, and its foreign keys to parents
/// whose key does.
struct Rekey {
    table: &'static str,
    key: Key,
    parents: &'static [(&'static str, &'static str, &'static str)],
}

enum Key {
    /// The primary key's columns (without the tenant).
    Primary(&'static [&'static str]),
    /// A column declared UNIQUE.
    Unique(&'static str),
    /// The key stays; only foreign keys change.
    Same,
}

/// Parents before children, so a child's new foreign key finds its
/// parent's new key.
const REKEYS: &[Rekey] = &[
    Rekey {
        table: "users",
        key: Key::Unique("email"),
        parents: &[],
    },
    Rekey {
        table: "roles",
        key: Key::Primary(&["name"]),
        parents: &[],
    },
    Rekey {
        table: "user_roles",
        key: Key::Same,
        parents: &[("role_name", "roles", "name")],
    },
    Rekey {
        table: "cache_epochs",
        key: Key::Primary(&["name"]),
        parents: &[],
    },
    Rekey {
        table: "login_throttle",
        key: Key::Primary(&["attempt_key"]),
        parents: &[],
    },
    Rekey {
        table: "rate_limit_buckets",
        key: Key::Primary(&["client"]),
        parents: &[],
    },
    Rekey {
        table: "oauth_clients",
        key: Key::Primary(&["client_id"]),
        parents: &[],
    },
    Rekey {
        table: "oauth_codes",
        key: Key::Same,
        parents: &[("client_id", "oauth_clients", "client_id")],
    },
    Rekey {
        table: "oauth_consents",
        key: Key::Same,
        parents: &[("client_id", "oauth_clients", "client_id")],
    },
    Rekey {
        table: "oauth_device_grants",
        key: Key::Same,
        parents: &[("client_id", "oauth_clients", "client_id")],
    },
    Rekey {
        table: "identity_providers",
        key: Key::Primary(&["slug"]),
        parents: &[],
    },
    Rekey {
        table: "user_identities",
        key: Key::Primary(&["provider", "subject"]),
        parents: &[("provider", "identity_providers", "slug")],
    },
];

/// Unique indexes that become (tenant, column): (index, table, column).
const UNIQUE_INDEXES: &[(&str, &str, &str)] = &[
    (
        "idx_device_grants_user_code",
        "oauth_device_grants",
        "user_code",
    ),
    ("idx_passkeys_credential", "passkeys", "credential_id"),
];

fn quoted(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => postgres(db).await?,
            _ => sqlite(db).await?,
        }
        for (index, table, column) in UNIQUE_INDEXES {
            m.drop_index(
                Index::drop()
                    .name(*index)
                    .table(Alias::new(*table))
                    .to_owned(),
            )
            .await?;
            m.create_index(
                Index::create()
                    .name(*index)
                    .table(Alias::new(*table))
                    .col(Alias::new("tenant"))
                    .col(Alias::new(*column))
                    .unique()
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

/// Drops the constraints of `table` of kind `kind` (`p`, `u`, `f`) that
/// match `condition` (SQL over pg_constraint `c`).
async fn drop_constraints(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    kind: char,
    condition: &str,
) -> Result<(), DbErr> {
    db.execute_unprepared(&format!(
        "DO $$ DECLARE r record; BEGIN \
         FOR r IN SELECT c.conname FROM pg_constraint c \
         WHERE c.conrelid = '{table}'::regclass AND c.contype = '{kind}' AND {condition} LOOP \
         EXECUTE format('ALTER TABLE {table} DROP CONSTRAINT %I', r.conname); \
         END LOOP; END $$"
    ))
    .await?;
    Ok(())
}

async fn postgres(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    // Foreign keys first: a parent's key cannot go while one points at it.
    for rekey in REKEYS {
        for (_, parent, _) in rekey.parents {
            let condition = format!("c.confrelid = '{parent}'::regclass");
            drop_constraints(db, rekey.table, 'f', &condition).await?;
        }
    }
    for rekey in REKEYS {
        let table = rekey.table;
        match rekey.key {
            Key::Primary(columns) => {
                drop_constraints(db, table, 'p', "true").await?;
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ADD PRIMARY KEY (\"tenant\", {})",
                    quoted(columns)
                ))
                .await?;
            }
            Key::Unique(column) => {
                let condition = format!(
                    "c.conkey = ARRAY[(SELECT attnum FROM pg_attribute \
                     WHERE attrelid = '{table}'::regclass AND attname = '{column}')]::int2[]"
                );
                drop_constraints(db, table, 'u', &condition).await?;
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {table}_tenant_{column}_key \
                     UNIQUE (\"tenant\", \"{column}\")"
                ))
                .await?;
            }
            Key::Same => {}
        }
    }
    for rekey in REKEYS {
        for (column, parent, parent_column) in rekey.parents {
            db.execute_unprepared(&format!(
                "ALTER TABLE {} ADD FOREIGN KEY (\"tenant\", \"{column}\") \
                 REFERENCES {parent} (\"tenant\", \"{parent_column}\") \
                 ON DELETE CASCADE ON UPDATE CASCADE",
                rekey.table
            ))
            .await?;
        }
    }
    Ok(())
}

async fn sqlite(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    for rekey in REKEYS {
        let ddl = schema_sql(db, "table", rekey.table).await?;
        let indexes = index_sql(db, rekey.table).await?;
        let rebuilt = rekeyed_ddl(&ddl, rekey).map_err(DbErr::Migration)?;
        let new_name = format!("{}__rekeyed", rekey.table);
        let create = rebuilt.replacen(
            &format!("\"{}\"", rekey.table),
            &format!("\"{new_name}\""),
            1,
        );
        db.execute_unprepared(&create).await?;
        db.execute_unprepared(&format!(
            "INSERT INTO \"{new_name}\" SELECT * FROM \"{}\"",
            rekey.table
        ))
        .await?;
        db.execute_unprepared(&format!("DROP TABLE \"{}\"", rekey.table))
            .await?;
        db.execute_unprepared(&format!(
            "ALTER TABLE \"{new_name}\" RENAME TO \"{}\"",
            rekey.table
        ))
        .await?;
        for index in indexes {
            db.execute_unprepared(&index).await?;
        }
    }
    // Foreign keys are off during the rebuild: prove every reference holds.
    let broken = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA foreign_key_check",
        ))
        .await?;
    if !broken.is_empty() {
        return Err(DbErr::Migration(format!(
            "{} rows lost their parent while the keys were rebuilt",
            broken.len()
        )));
    }
    Ok(())
}

async fn schema_sql(
    db: &SchemaManagerConnection<'_>,
    kind: &str,
    name: &str,
) -> Result<String, DbErr> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE type = ? AND name = ?",
            [kind.into(), name.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Migration(format!("no {kind} {name}")))?;
    row.try_get("", "sql")
}

/// The CREATE INDEX statements of `table` (automatic indexes have none:
/// the new table's DDL makes them).
async fn index_sql(db: &SchemaManagerConnection<'_>, table: &str) -> Result<Vec<String>, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            [table.into()],
        ))
        .await?;
    rows.iter().map(|row| row.try_get("", "sql")).collect()
}

/// `ddl` (a CREATE TABLE as SQLite keeps it) with the tenant in front of
/// the key and of the foreign keys to rekeyed parents.
fn rekeyed_ddl(ddl: &str, rekey: &Rekey) -> Result<String, String> {
    let unexpected = || format!("unexpected DDL of {}: {ddl}", rekey.table);
    let open = ddl.find('(').ok_or_else(unexpected)?;
    let close = ddl.rfind(')').ok_or_else(unexpected)?;
    let mut items = split_top_level(&ddl[open + 1..close]);
    let tenant_first = |columns: &[&str]| format!("\"tenant\", {}", quoted(columns));
    let defines =
        |item: &str, column: &str| item.trim_start().starts_with(&format!("\"{column}\" "));
    match rekey.key {
        Key::Primary(columns) => {
            let before = items.clone();
            items.retain(|item| !is_constraint(item, "PRIMARY KEY"));
            for item in &mut items {
                if columns.iter().any(|c| defines(item, c)) {
                    *item = item.replace(" PRIMARY KEY", "");
                }
            }
            if before == items {
                return Err(unexpected());
            }
            items.push(format!("PRIMARY KEY ({})", tenant_first(columns)));
        }
        Key::Unique(column) => {
            let item = items
                .iter_mut()
                .find(|item| defines(item, column) && item.contains(" UNIQUE"))
                .ok_or_else(unexpected)?;
            *item = item.replace(" UNIQUE", "");
            items.push(format!("UNIQUE ({})", tenant_first(&[column])));
        }
        Key::Same => {}
    }
    for (column, parent, parent_column) in rekey.parents {
        let old =
            format!("FOREIGN KEY (\"{column}\") REFERENCES \"{parent}\" (\"{parent_column}\")");
        let new = format!(
            "FOREIGN KEY (\"tenant\", \"{column}\") REFERENCES \"{parent}\" (\"tenant\", \"{parent_column}\")"
        );
        let item = items
            .iter_mut()
            .find(|item| item.contains(&old))
            .ok_or_else(unexpected)?;
        *item = item.replace(&old, &new);
    }
    Ok(format!(
        "{}({}){}",
        &ddl[..open],
        items.join(", "),
        &ddl[close + 1..]
    ))
}

/// Whether a table item is a constraint of `kind` (`PRIMARY KEY`, …),
/// named or not.
fn is_constraint(item: &str, kind: &str) -> bool {
    let item = item.trim_start();
    item.starts_with(kind)
        || (item.starts_with("CONSTRAINT ") && item.contains(&format!(" {kind} (")))
}

/// The items of a CREATE TABLE body: split at commas outside parentheses
/// and quotes.
fn split_top_level(body: &str) -> Vec<String> {
    let mut items = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, ch) in body.char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(ch),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                items.push(body[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(body[start..].trim().to_owned());
    items
}
