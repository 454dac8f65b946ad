//! Accounts: registration, password login, the profile, and creating admins
//! (CLI and bootstrap). Unknown emails and wrong passwords are one answer, at
//! one cost.

use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use serde_json::json;

use super::audit::{self, EventExt as _};
use super::clock::Clock;
use super::passwords::{PasswordHasher, Verification};
use super::rbac;
use super::sessions::{self, ClientInfo, Issued};
use super::throttle;
use super::validate;
use crate::app::AppState;
use crate::error::{Error, FieldError, Result};
use crate::store::{self, Db, sessions::LoginWrite, users::NewUser, users::User};

/// A user with the names of their roles: what the API shows of an account.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    pub roles: Vec<String>,
}

/// One field's result as a service result.
pub(crate) fn field<T>(result: Result<T, FieldError>) -> Result<T> {
    result.map_err(|e| Error::Validation(vec![e]))
}

pub async fn account(db: &Db, user: User) -> Result<Account> {
    let roles = store::users::roles_of(db, user.id).await?;
    Ok(Account { user, roles })
}

/// Registers a user with the `user` role. `Error::EmailTaken` when the
/// address is already in use.
pub async fn register(
    state: &AppState,
    email: &str,
    password: &SecretString,
    display_name: Option<&str>,
    client: &ClientInfo,
) -> Result<Account> {
    let typed = email;
    let email_result = validate::email("email", email);
    let name_result = display_name.map_or(Ok(None), |n| validate::display_name("display_name", n));
    let length_result = validate::new_password_length("password", password.expose_secret());
    let mut errors = Vec::new();
    errors.extend(email_result.as_ref().err().cloned());
    errors.extend(length_result.err());
    errors.extend(name_result.as_ref().err().cloned());
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let (Ok(email), Ok(display_name)) = (email_result, name_result) else {
        return Err(Error::internal("validation results disagree"));
    };
    // The mailbox may have an account under an older spelling (see
    // `find_by_typed_email`).
    if find_by_typed_email(&state.db, typed).await?.user.is_some() {
        return Err(Error::EmailTaken);
    }
    // Only now the costly part: how guessable the password is.
    let context = [Some(email.as_str()), display_name.as_deref()]
        .into_iter()
        .flatten()
        .map(str::to_owned)
        .collect();
    state
        .hasher
        .check_new_password("password", password, context)
        .await?;
    let password_hash = state.hasher.hash(password).await?;
    let now = state.clock.now();
    let verification = super::verification::pending(&state.config, email.as_str(), now)?;
    let id = Uuid::now_v7();
    let event = audit::event(audit::USER_REGISTERED, client)
        .actor(id)
        .target(id);
    let user = store::users::create_user(
        &state.db,
        NewUser {
            id,
            email: email.into_string(),
            password_hash,
            display_name,
            email_verified: false,
        },
        &[rbac::USER],
        Some(verification),
        Some(event),
        now,
    )
    .await?;
    state.mail.ring();
    tracing::info!(user_id = %user.id, "user registered");
    account(&state.db, user).await
}

/// Records a refused login and says what to answer.
async fn login_failed(
    state: &AppState,
    client: &ClientInfo,
    user: Option<Uuid>,
    email: &str,
    reason: &str,
) -> Error {
    // The typed address is kept only when it names no account: for an
    // account, its id says it all.
    let details = match user {
        Some(_) => json!({"reason": reason}),
        None => json!({"reason": reason, "email": email}),
    };
    let mut event = audit::event(audit::LOGIN_FAILED, client).details(details);
    event.target_id = user;
    if let Err(err) = audit::record(state, event).await {
        return err;
    }
    // No reason label: an unknown address and a wrong password must look
    // alike to whoever can read the metrics (the audit log keeps the reason).
    metrics::counter!("palisade_logins_total", "result" => "failed").increment(1);
    tracing::info!(user_id = ?user, reason, "login failed");
    match reason {
        "disabled" => Error::AccountDisabled,
        "email_not_verified" => Error::EmailNotVerified,
        _ => Error::InvalidCredentials,
    }
}

/// An address as typed, and the account it names.
pub(crate) struct Typed {
    /// The address as stored: normalized, or an older account's spelling.
    pub email: String,
    pub user: Option<User>,
}

/// The account an address names. Accounts registered before addresses were
/// normalized (NFC) and strictly parsed are found under their old spelling
/// (as typed, trimmed and lower-cased) or their decomposed one, so nobody is
/// locked out by the upgrade. An address that is not one, and no such
/// account, is 422 as ever.
pub(crate) async fn find_by_typed_email(db: &Db, typed: &str) -> Result<Typed> {
    let parsed = validate::email("email", typed);
    let mut spellings: Vec<String> = Vec::new();
    let candidates = match &parsed {
        Ok(email) => vec![email.as_str().to_owned(), email.decomposed()],
        Err(_) => Vec::new(),
    };
    for spelling in candidates.into_iter().chain([typed.trim().to_lowercase()]) {
        if !spellings.contains(&spelling) {
            spellings.push(spelling);
        }
    }
    for spelling in spellings {
        if let Some(user) = store::users::find_user_by_email(db, &spelling).await? {
            return Ok(Typed {
                email: spelling,
                user: Some(user),
            });
        }
    }
    match parsed {
        Ok(email) => Ok(Typed {
            email: email.into_string(),
            user: None,
        }),
        Err(err) => Err(Error::Validation(vec![err])),
    }
}

/// Password login: checks the credentials, then opens a session. A user
/// whose password matches may still be refused (disabled, unverified), but
/// only then, so those answers reveal nothing to a guesser. An outdated hash
/// is replaced in the login's transaction.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &SecretString,
    client: ClientInfo,
) -> Result<Issued> {
    let typed = find_by_typed_email(&state.db, email).await?;
    let email = typed.email.as_str();
    let attempt = throttle::login_key(email, &client);
    throttle::begin(state, &attempt).await?;
    let Some(user) = typed.user else {
        state.hasher.verify_dummy(password).await?;
        return Err(login_failed(state, &client, None, email, "unknown_email").await);
    };
    let Verification::Match { needs_rehash } =
        state.hasher.verify(password, &user.password_hash).await?
    else {
        return Err(login_failed(state, &client, Some(user.id), email, "wrong_password").await);
    };
    throttle::succeeded(state, &attempt).await?;
    if user.disabled {
        return Err(login_failed(state, &client, Some(user.id), email, "disabled").await);
    }
    if state.config.require_verified_email && !user.email_verified {
        return Err(login_failed(state, &client, Some(user.id), email, "email_not_verified").await);
    }
    let new_hash = if needs_rehash {
        Some(state.hasher.hash(password).await?)
    } else {
        None
    };
    let login = LoginWrite {
        user_id: user.id,
        checked_hash: user.password_hash,
        new_hash,
    };
    let issued = sessions::start(state, login, client).await?;
    metrics::counter!("palisade_logins_total", "result" => "succeeded").increment(1);
    tracing::info!(user_id = %user.id, "login succeeded");
    Ok(issued)
}

/// The caller confirms a sensitive change with their password: 403
/// `reauth_failed` when it is wrong, 429 after repeated misses (per account
/// and client, so a stolen access token buys no unlimited guesses and the
/// thief's misses do not lock the owner out).
pub async fn reauthenticate(
    state: &AppState,
    who: &super::sessions::Principal,
    password: &SecretString,
    client: &ClientInfo,
) -> Result<User> {
    let user = store::users::find_user(&state.db, who.user_id)
        .await?
        .ok_or(Error::InvalidToken)?;
    let attempt = throttle::reauth_key(user.id, client);
    throttle::begin(state, &attempt).await?;
    if !matches!(
        state.hasher.verify(password, &user.password_hash).await?,
        Verification::Match { .. }
    ) {
        return Err(Error::ReauthFailed);
    }
    throttle::succeeded(state, &attempt).await?;
    Ok(user)
}

pub async fn profile(state: &AppState, user_id: Uuid) -> Result<Account> {
    let (user, roles) = store::users::find_account(&state.db, user_id)
        .await?
        .ok_or(Error::InvalidToken)?;
    Ok(Account { user, roles })
}

/// Changes what the user may change of their own profile. `display_name`:
/// absent leaves it, `Some(None)` clears it.
pub async fn update_profile(
    state: &AppState,
    user_id: Uuid,
    display_name: Option<Option<&str>>,
) -> Result<Account> {
    let Some(display_name) = display_name else {
        return profile(state, user_id).await;
    };
    let display_name = match display_name {
        Some(name) => field(validate::display_name("display_name", name))?,
        None => None,
    };
    let user =
        store::users::update_display_name(&state.db, user_id, display_name, state.clock.now())
            .await?;
    account(&state.db, user).await
}

/// What `create_admin` did.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminCreated {
    Created(Uuid),
    Promoted(Uuid),
}

/// Who `create_admin` is to make an admin.
pub struct NewAdmin<'a> {
    pub email: &'a str,
    /// Promote an existing account even though its email is not verified.
    /// Anyone can register any address, so only the operator who knows who
    /// registered it may say so.
    pub promote_unverified: bool,
}

/// Makes `email` an admin: promotes the user when one exists (password left
/// alone, sessions ended, so whoever held the account before is signed out),
/// else creates one with the password `password()` yields, which is only
/// asked for in that case. An existing account whose email is not verified
/// is refused (`UnverifiedAccount`) unless `promote_unverified`: otherwise
/// whoever registered the address first would hold an admin's password.
pub async fn create_admin(
    db: &Db,
    hasher: &PasswordHasher,
    clock: &dyn Clock,
    admin: NewAdmin<'_>,
    password: impl FnOnce() -> Result<SecretString>,
) -> Result<AdminCreated> {
    let email = field(validate::email("email", admin.email))?.into_string();
    let now = clock.now();
    // No request: the operator at the console (or the bootstrap settings).
    let console = ClientInfo {
        ip: None,
        user_agent: Some("palisade admin create".into()),
    };
    if let Some(user) = store::users::find_user_by_email(db, &email).await? {
        if !user.email_verified && !admin.promote_unverified {
            return Err(Error::UnverifiedAccount);
        }
        let event = audit::event(audit::ROLE_GRANTED, &console)
            .target(user.id)
            .details(json!({"role": rbac::ADMIN, "sessions_ended": true}));
        let ended = store::roles::promote_to_admin(db, user.id, event, now).await?;
        super::broadcast::announce_sessions_ended(db, &ended).await;
        return Ok(AdminCreated::Promoted(user.id));
    }
    let password = password()?;
    hasher
        .check_new_password("password", &password, vec![email.clone()])
        .await?;
    let id = Uuid::now_v7();
    let event = audit::event(audit::USER_REGISTERED, &console)
        .target(id)
        .details(json!({"roles": [rbac::USER, rbac::ADMIN]}));
    let user = store::users::create_user(
        db,
        NewUser {
            id,
            email,
            password_hash: hasher.hash(&password).await?,
            display_name: None,
            // The operator vouches for the address.
            email_verified: true,
        },
        &[rbac::USER, rbac::ADMIN],
        None,
        Some(event),
        now,
    )
    .await?;
    Ok(AdminCreated::Created(user.id))
}

/// At start: when bootstrap credentials are configured and no admin exists,
/// creates that admin.
pub async fn bootstrap_admin(state: &AppState) -> Result<()> {
    let Some((email, password)) = &state.config.bootstrap_admin else {
        return Ok(());
    };
    if store::users::role_has_members(&state.db, rbac::ADMIN).await? {
        return Ok(());
    }
    // An unverified account with this address is refused: the start fails
    // with a line saying so, rather than handing it an admin role.
    let create = || {
        create_admin(
            &state.db,
            &state.hasher,
            state.clock.as_ref(),
            NewAdmin {
                email,
                promote_unverified: false,
            },
            || Ok(password.clone()),
        )
    };
    let outcome = match create().await {
        // Another instance starting at the same time created it first: promote.
        Err(Error::EmailTaken) => create().await?,
        other => other?,
    };
    tracing::info!(?outcome, "bootstrap admin ready");
    Ok(())
}
