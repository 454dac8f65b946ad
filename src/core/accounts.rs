//! Accounts: registration, password login, re-authentication, the profile,
//! and creating admins (CLI and bootstrap). Unknown emails and wrong
//! passwords are one answer, at one cost.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tracing::instrument;
use uuid::Uuid;

use super::audit::{self, Audit};
use super::clock::{SharedClock, delta};
use super::error::{Error, FieldError, Result, field};
use super::locale;
use super::mfa::step::{self, SignIn};
use super::model::{ADMIN, Account, ClientInfo, Credentials, Password, Principal, USER, User};
use super::ports::{
    FirstStep, Letters, LoginWrite, MfaStore, NewUser, Outbox, PasswordHashing, ProfileChange,
    RoleStore, UserStore, Verification,
};
use super::recovery::verification_token;
use super::sessions::Sessions;
use super::throttle::{Attempt, Throttle};
use super::tokens::FIRST_PARTY_CLIENT;
use super::validate;

/// How recent a sign-in confirms a sensitive change without the password
/// (adding a passkey; anything, for an account without a password).
pub const FRESH_SIGN_IN: Duration = Duration::from_secs(300);

/// What the account rules need from the settings.
#[derive(Debug, Clone)]
pub struct AccountPolicy {
    /// Refuse login (403) until the email is verified.
    pub require_verified_email: bool,
    pub verify_token_ttl: Duration,
    /// Whether anyone may make an account (registration, or a provider's
    /// first sign-in).
    pub allow_signup: bool,
    /// When set, only addresses of these domains may make an account.
    pub allowed_email_domains: Option<Vec<String>>,
}

/// An address as typed, and the account it names.
pub struct Typed {
    /// The address as stored: normalized, or an older account's spelling.
    pub email: String,
    pub credentials: Option<Credentials>,
}

/// Who `create_admin` is to make an admin.
pub struct NewAdmin<'a> {
    pub email: &'a str,
    /// Promote an existing account even though its email is not verified.
    /// Anyone can register any address, so only the operator who knows who
    /// registered it may say so.
    pub promote_unverified: bool,
}

/// What `create_admin` did.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminCreated {
    Created(Uuid),
    Promoted(Uuid),
}

pub struct Accounts {
    users: Arc<dyn UserStore>,
    roles: Arc<dyn RoleStore>,
    audit: Arc<Audit>,
    hasher: Arc<dyn PasswordHashing>,
    letters: Arc<dyn Letters>,
    outbox: Arc<dyn Outbox>,
    throttle: Arc<Throttle>,
    sessions: Arc<Sessions>,
    factors: Arc<dyn MfaStore>,
    clock: SharedClock,
    policy: AccountPolicy,
}

/// The dependencies of `Accounts`, named so the wiring reads.
pub struct AccountsDeps {
    pub users: Arc<dyn UserStore>,
    pub roles: Arc<dyn RoleStore>,
    pub audit: Arc<Audit>,
    pub hasher: Arc<dyn PasswordHashing>,
    pub letters: Arc<dyn Letters>,
    pub outbox: Arc<dyn Outbox>,
    pub throttle: Arc<Throttle>,
    pub sessions: Arc<Sessions>,
    pub factors: Arc<dyn MfaStore>,
    pub clock: SharedClock,
}

impl Accounts {
    pub fn new(deps: AccountsDeps, policy: AccountPolicy) -> Self {
        Self {
            users: deps.users,
            roles: deps.roles,
            audit: deps.audit,
            hasher: deps.hasher,
            letters: deps.letters,
            outbox: deps.outbox,
            throttle: deps.throttle,
            sessions: deps.sessions,
            factors: deps.factors,
            clock: deps.clock,
            policy,
        }
    }

    /// Registers a user with the `user` role. `EmailTaken` when the address
    /// (in any spelling it was stored under) is in use.
    #[instrument(skip_all, name = "accounts.register")]
    pub async fn register(
        &self,
        email: &str,
        password: &Password,
        display_name: Option<&str>,
        client: &ClientInfo,
    ) -> Result<Account> {
        let typed = email;
        let email_result = validate::email("email", email);
        let name_result =
            display_name.map_or(Ok(None), |n| validate::display_name("display_name", n));
        let length_result = validate::new_password_length("password", password.expose());
        let mut errors = Vec::new();
        errors.extend(email_result.as_ref().err().cloned());
        errors.extend(length_result.err());
        errors.extend(name_result.as_ref().err().cloned());
        let (Ok(email), Ok(display_name), true) = (email_result, name_result, errors.is_empty())
        else {
            return Err(Error::Validation(errors));
        };
        self.may_sign_up(email.as_str())?;
        // Only now the costly part: how guessable the password is.
        let context = [Some(email.as_str()), display_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::to_owned)
            .collect();
        self.hasher
            .check_new_password("password", password, context)
            .await?;
        // The mailbox may have an account under an older spelling.
        if self.find_by_typed_email(typed).await?.credentials.is_some() {
            return Err(Error::EmailTaken);
        }
        let password_hash = self.hasher.hash(password).await?;
        let now = self.clock.now();
        let verification = verification_token(
            self.letters.as_ref(),
            self.policy.verify_token_ttl,
            email.as_str(),
            client.language.as_deref(),
            now,
        )?;
        let id = Uuid::now_v7();
        let event = audit::event(audit::USER_REGISTERED, client)
            .actor(id)
            .target(id);
        let new = NewUser {
            id,
            email: email.into_string(),
            password_hash,
            display_name,
            email_verified: false,
            locale: client.language.clone().filter(|_| client.language_chosen),
        };
        let user = self
            .users
            .create_user(new, &[USER], Some(verification), Some(event), now)
            .await?;
        self.outbox.ring();
        tracing::info!(user_id = %user.id, "user registered");
        Ok(Account {
            user,
            roles: vec![USER.to_owned()],
        })
    }

    /// The account an address names. Accounts registered before addresses
    /// were normalized (NFC) and strictly parsed are found under their old
    /// spelling (as typed, trimmed and lower-cased) or their decomposed one,
    /// so nobody is locked out by the upgrade. An address that is not one,
    /// and no such account, is 422 as ever.
    pub async fn find_by_typed_email(&self, typed: &str) -> Result<Typed> {
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
            if let Some(credentials) = self.users.credentials_by_email(&spelling).await? {
                return Ok(Typed {
                    email: spelling,
                    credentials: Some(credentials),
                });
            }
        }
        match parsed {
            Ok(email) => Ok(Typed {
                email: email.into_string(),
                credentials: None,
            }),
            Err(err) => Err(Error::Validation(vec![err])),
        }
    }

    /// Records a refused login and says what to answer.
    async fn login_failed(
        &self,
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
        if let Err(err) = self.audit.record(event).await {
            return err;
        }
        // No reason label: an unknown address and a wrong password must look
        // alike to whoever can read the metrics (the audit log keeps it).
        metrics::counter!("palisade_logins_total", "result" => "failed").increment(1);
        tracing::info!(user_id = ?user, reason, "login failed");
        match reason {
            "disabled" => Error::AccountDisabled,
            "email_not_verified" => Error::EmailNotVerified,
            _ => Error::InvalidCredentials,
        }
    }

    /// Whether a user whose credential was right may sign in: the account
    /// rules every way of signing in shares, refusals audited alike.
    pub async fn may_sign_in(&self, user: &User, client: &ClientInfo) -> Result<()> {
        if user.disabled {
            return Err(self
                .login_failed(client, Some(user.id), &user.email, "disabled")
                .await);
        }
        if self.policy.require_verified_email && !user.email_verified {
            return Err(self
                .login_failed(client, Some(user.id), &user.email, "email_not_verified")
                .await);
        }
        Ok(())
    }

    /// Password login: checks the credentials, then opens a session, or
    /// for a user with a second factor, the second step. A user whose
    /// password matches may still be refused (disabled, unverified), but
    /// only then, so those answers reveal nothing to a guesser. An outdated
    /// hash is replaced in the login's transaction.
    pub async fn login(
        &self,
        email: &str,
        password: &Password,
        client: ClientInfo,
    ) -> Result<SignIn> {
        self.login_for_client(email, password, FIRST_PARTY_CLIENT, client)
            .await
    }

    /// The same, for the session of a first-party OAuth client (the
    /// `password` grant).
    #[instrument(skip_all, fields(client_id = %client_id), name = "accounts.login")]
    pub async fn login_for_client(
        &self,
        email: &str,
        password: &Password,
        client_id: &str,
        client: ClientInfo,
    ) -> Result<SignIn> {
        let typed = self.find_by_typed_email(email).await?;
        let email = typed.email.as_str();
        let attempt = Attempt::login(email, &client);
        self.throttle.begin(&attempt).await?;
        let Some(Credentials {
            user,
            password_hash,
        }) = typed.credentials
        else {
            self.hasher.verify_dummy(password).await?;
            return Err(self
                .login_failed(&client, None, email, "unknown_email")
                .await);
        };
        let Verification::Match { needs_rehash } =
            self.hasher.verify(password, &password_hash).await?
        else {
            return Err(self
                .login_failed(&client, Some(user.id), email, "wrong_password")
                .await);
        };
        self.throttle.succeeded(&attempt).await?;
        self.may_sign_in(&user, &client).await?;
        let factors = self.factors.factors(user.id).await?;
        if factors.any() {
            // The second factor decides; an outdated hash waits for a
            // sign-in that reaches this point without one.
            let now = self.clock.now();
            let step = step::open(
                self.factors.as_ref(),
                &factors,
                user.id,
                client_id,
                &password_hash,
                FirstStep::password(),
                now,
            )
            .await?;
            tracing::info!(user_id = %user.id, "password right: second factor next");
            return Ok(SignIn::SecondFactor(step));
        }
        let new_hash = match needs_rehash {
            true => Some(self.hasher.hash(password).await?),
            false => None,
        };
        let login = LoginWrite {
            user_id: user.id,
            checked_hash: password_hash,
            new_hash,
        };
        let issued = self
            .sessions
            .start(login, &[super::tokens::PASSWORD_AMR], client_id, client)
            .await?;
        metrics::counter!("palisade_logins_total", "result" => "succeeded").increment(1);
        tracing::info!(user_id = %user.id, "login succeeded");
        Ok(SignIn::Done(issued))
    }

    /// The caller confirms a sensitive change with their password: 403
    /// `reauth_failed` when it is wrong, 429 after repeated misses (per
    /// account and client, so a stolen access token buys no unlimited
    /// guesses and the thief's misses do not lock the owner out).
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "accounts.reauthenticate")]
    pub async fn reauthenticate(
        &self,
        who: &Principal,
        password: &Password,
        client: &ClientInfo,
    ) -> Result<User> {
        let credentials = self.credentials_of(who).await?;
        self.check_password(credentials, password, client).await
    }

    async fn credentials_of(&self, who: &Principal) -> Result<Credentials> {
        self.users
            .credentials(who.user_id)
            .await?
            .ok_or(Error::InvalidToken)
    }

    /// The password check of `reauthenticate`, throttled per account and
    /// client.
    async fn check_password(
        &self,
        credentials: Credentials,
        password: &Password,
        client: &ClientInfo,
    ) -> Result<User> {
        let attempt = Attempt::reauth(credentials.user.id, client);
        self.throttle.begin(&attempt).await?;
        if !matches!(
            self.hasher
                .verify(password, &credentials.password_hash)
                .await?,
            Verification::Match { .. }
        ) {
            return Err(Error::ReauthFailed);
        }
        self.throttle.succeeded(&attempt).await?;
        Ok(credentials.user)
    }

    /// The caller confirms a sensitive change that is not about the
    /// password (erasure, second factors): with the password, or for an
    /// account without one (a provider made it) by a sign-in within
    /// `FRESH_SIGN_IN`; whatever was typed is then no password. Setting a
    /// password stays with the emailed link, which proves the address.
    pub async fn confirm(
        &self,
        who: &Principal,
        password: &Password,
        client: &ClientInfo,
    ) -> Result<User> {
        let credentials = self.credentials_of(who).await?;
        if credentials.has_password() {
            return self.check_password(credentials, password, client).await;
        }
        match self.freshly_signed_in(who).await? {
            true => Ok(credentials.user),
            false => Err(Error::ReauthFailed),
        }
    }

    /// Whether the caller's session signed in within `FRESH_SIGN_IN`, as
    /// strongly as the account allows: a user with a second factor must
    /// have used one (or a passkey).
    pub async fn freshly_signed_in(&self, who: &Principal) -> Result<bool> {
        let now = self.clock.now();
        let has_factor = self.factors.factors(who.user_id).await?.any();
        Ok(self.sessions.find(who.session_id).await?.is_some_and(|s| {
            let strong = s.amr.iter().any(|m| m == "mfa" || m == "hwk");
            now - s.auth_time <= delta(FRESH_SIGN_IN) && (strong || !has_factor)
        }))
    }

    pub async fn profile(&self, user_id: Uuid) -> Result<Account> {
        self.sessions
            .profiles()
            .account(user_id)
            .await?
            .ok_or(Error::InvalidToken)
    }

    /// Changes what the user may change of their own profile: their name
    /// and their language (one of `languages`). Each: absent leaves it,
    /// `Some(None)` clears it.
    #[instrument(skip_all, fields(user_id = %user_id), name = "accounts.update_profile")]
    pub async fn update_profile(
        &self,
        user_id: Uuid,
        display_name: Option<Option<&str>>,
        locale: Option<Option<&str>>,
        languages: &[String],
    ) -> Result<Account> {
        if display_name.is_none() && locale.is_none() {
            return self.profile(user_id).await;
        }
        let mut errors = Vec::new();
        let display_name = match display_name {
            Some(Some(name)) => match validate::display_name("display_name", name) {
                Ok(name) => Some(name),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            Some(None) => Some(None),
            None => None,
        };
        let locale = match locale {
            Some(Some(tag)) => match locale::validate("locale", tag, languages) {
                Ok(tag) => Some(Some(tag)),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            Some(None) => Some(None),
            None => None,
        };
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let change = ProfileChange {
            display_name,
            locale,
        };
        let user = self
            .users
            .update_profile(user_id, change, self.clock.now())
            .await?;
        self.sessions.profiles().changed(vec![user.id]).await;
        let roles = self.users.roles_of(user.id).await?;
        Ok(Account { user, roles })
    }

    /// Makes `email` an admin: promotes the user when one exists (password
    /// left alone, sessions ended, so whoever held the account before is
    /// signed out), else creates one with the password `password()` yields,
    /// which is only asked for in that case. An existing account whose email
    /// is not verified is refused (`UnverifiedAccount`) unless
    /// `promote_unverified`: otherwise whoever registered the address first
    /// would hold an admin's password.
    #[instrument(skip_all, name = "accounts.create_admin")]
    pub async fn create_admin(
        &self,
        admin: NewAdmin<'_>,
        password: impl FnOnce() -> Result<Password>,
    ) -> Result<AdminCreated> {
        let email = field(validate::email("email", admin.email))?.into_string();
        let now = self.clock.now();
        // No request: the operator at the console (or the bootstrap settings).
        let console = ClientInfo {
            ip: None,
            user_agent: Some("palisade admin create".into()),
            language: None,
            language_chosen: false,
        };
        if let Some(existing) = self.users.credentials_by_email(&email).await? {
            let user = existing.user;
            if !user.email_verified && !admin.promote_unverified {
                return Err(Error::UnverifiedAccount);
            }
            let event = audit::event(audit::ROLE_GRANTED, &console)
                .target(user.id)
                .details(json!({"role": ADMIN, "sessions_ended": true}));
            let ended = self.roles.promote_to_admin(user.id, event, now).await?;
            self.sessions.ended(ended).await;
            self.sessions.profiles().changed(vec![user.id]).await;
            return Ok(AdminCreated::Promoted(user.id));
        }
        let password = password()?;
        self.hasher
            .check_new_password("password", &password, vec![email.clone()])
            .await?;
        let id = Uuid::now_v7();
        let event = audit::event(audit::USER_REGISTERED, &console)
            .target(id)
            .details(json!({"roles": [USER, ADMIN]}));
        let new = NewUser {
            id,
            email,
            password_hash: self.hasher.hash(&password).await?,
            display_name: None,
            // The operator vouches for the address.
            email_verified: true,
            locale: None,
        };
        let user = self
            .users
            .create_user(new, &[USER, ADMIN], None, Some(event), now)
            .await?;
        Ok(AdminCreated::Created(user.id))
    }

    /// Whether `email` may make an account here: 403 `signup_disabled`
    /// when no one may, 422 on `email` when its domain is not one allowed.
    pub fn may_sign_up(&self, email: &str) -> Result<()> {
        if !self.policy.allow_signup {
            return Err(Error::SignupClosed);
        }
        if let Some(domains) = &self.policy.allowed_email_domains {
            let domain = email.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
            if !domain.is_some_and(|d| {
                domains
                    .iter()
                    .any(|allowed| allowed.eq_ignore_ascii_case(&d))
            }) {
                return Err(Error::Validation(vec![
                    FieldError::new(
                        "email",
                        "domain_not_allowed",
                        "Addresses of this domain cannot make an account here.",
                    )
                    .said(locale::Said::new("field-email-domain-not-allowed")),
                ]));
            }
        }
        Ok(())
    }

    /// A tenant's first admin, invited by the platform's admin: an account
    /// without a password that holds `admin`. The password is set through
    /// the emailed link (`Recovery::invite`); the inviter vouches for the
    /// address, as the operator does for `create_admin`.
    #[instrument(skip_all, name = "accounts.invite_admin")]
    pub async fn invite_admin(&self, email: &str) -> Result<String> {
        let email = field(validate::email("admin_email", email))?.into_string();
        let id = Uuid::now_v7();
        let inviter = ClientInfo {
            ip: None,
            user_agent: Some("palisade tenant invitation".into()),
            language: None,
            language_chosen: false,
        };
        let event = audit::event(audit::USER_REGISTERED, &inviter)
            .target(id)
            .details(json!({"roles": [USER, ADMIN], "invited": true}));
        let new = NewUser {
            id,
            email: email.clone(),
            password_hash: super::federation::NO_PASSWORD.to_owned(),
            display_name: None,
            email_verified: true,
            locale: None,
        };
        self.users
            .create_user(new, &[USER, ADMIN], None, Some(event), self.clock.now())
            .await?;
        Ok(email)
    }

    /// At start: when bootstrap credentials are configured and no admin
    /// exists, creates that admin. An unverified account with this address
    /// is refused: the start fails with a line saying so, rather than
    /// handing it an admin role.
    #[instrument(skip_all, name = "accounts.bootstrap_admin")]
    pub async fn bootstrap_admin(&self, email: &str, password: &Password) -> Result<()> {
        if self.users.role_has_members(ADMIN).await? {
            return Ok(());
        }
        let create = || {
            self.create_admin(
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
}
