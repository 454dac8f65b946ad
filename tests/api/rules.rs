//! Fast tests of the rules: the services as the wiring builds them, over an
//! in-memory SQLite database and a manual clock; no server, no socket. What
//! needs HTTP or a second database is tested on the real server elsewhere.

use std::sync::Arc;
use std::time::Duration;

use palisade::Config;
use palisade::core::Error;
use palisade::core::accounts::NewAdmin;
use palisade::core::clock::{ManualClock, SharedClock};
use palisade::core::model::{ClientInfo, Password, Principal};
use palisade::core::ports::UserPatch;
use palisade::core::rbac::{RolesWrite, UsersRead, UsersWrite};
use palisade::infra::store::entities::outbox;
use palisade::wiring::{self, Infra, Services};
use sea_orm::EntityTrait as _;

use crate::helpers::PASSWORD;

/// The services on a database of their own, and the clock they read.
pub struct Rules {
    pub config: Arc<Config>,
    pub services: Arc<Services>,
    pub infra: Infra,
    pub clock: Arc<ManualClock>,
}

impl Rules {
    pub async fn new() -> Self {
        Self::with(|_| {}).await
    }

    pub async fn with(tweak: impl FnOnce(&mut Config)) -> Self {
        // Each `sqlite::memory:` URL opens a new database, shared by the pool.
        let mut config = Config::for_database("sqlite::memory:").unwrap();
        config.hash_concurrency = 2;
        tweak(&mut config);
        let clock = ManualClock::starting_now();
        let shared: SharedClock = clock.clone();
        let db = wiring::open_database(&config).await.unwrap();
        let keys = wiring::open_keys(&config, &db, &shared).await.unwrap();
        let (services, infra) = wiring::build(&config, db, keys, shared).unwrap();
        Self {
            config: Arc::new(config),
            services,
            infra,
            clock,
        }
    }

    pub async fn register(&self, email: &str) {
        self.services
            .accounts
            .register(email, &Password::new(PASSWORD), None, &client())
            .await
            .unwrap();
    }

    pub async fn login(
        &self,
        email: &str,
        password: &str,
    ) -> Result<palisade::core::sessions::Issued, Error> {
        match self
            .services
            .accounts
            .login(email, &Password::new(password), client())
            .await?
        {
            palisade::core::mfa::step::SignIn::Done(issued) => Ok(issued),
            palisade::core::mfa::step::SignIn::SecondFactor(_) => panic!("no second factor here"),
        }
    }

    /// Signs `email` in and returns who the access token says they are.
    pub async fn principal(&self, email: &str) -> Principal {
        let issued = self.login(email, PASSWORD).await.unwrap();
        self.services
            .sessions
            .authenticate(&issued.access_token)
            .await
            .unwrap()
    }

    pub async fn admin(&self, email: &str) -> Principal {
        let admin = NewAdmin {
            email,
            promote_unverified: false,
        };
        self.services
            .accounts
            .create_admin(admin, || Ok(Password::new(PASSWORD)))
            .await
            .unwrap();
        self.principal(email).await
    }
}

fn client() -> ClientInfo {
    ClientInfo {
        ip: Some("192.0.2.1".into()),
        user_agent: Some("rules test".into()),
        language: None,
        language_chosen: false,
    }
}

#[tokio::test]
async fn an_access_token_expires_by_the_clock_and_its_refresh_token_renews_it() {
    let rules = Rules::new().await;
    rules.register("ada@example.com").await;
    let issued = rules.login("ada@example.com", PASSWORD).await.unwrap();
    let sessions = &rules.services.sessions;
    assert!(sessions.authenticate(&issued.access_token).await.is_ok());
    rules.clock.advance(Duration::from_secs(15 * 60 + 1));
    assert!(matches!(
        sessions.authenticate(&issued.access_token).await,
        Err(Error::TokenExpired)
    ));
    let renewed = sessions
        .refresh(
            issued.refresh_token.as_deref().unwrap(),
            "palisade",
            &client(),
        )
        .await
        .unwrap();
    assert!(sessions.authenticate(&renewed.access_token).await.is_ok());
}

#[tokio::test]
async fn a_refresh_token_used_again_after_the_grace_ends_the_whole_session() {
    let rules = Rules::new().await;
    rules.register("ada@example.com").await;
    let issued = rules.login("ada@example.com", PASSWORD).await.unwrap();
    let sessions = &rules.services.sessions;
    let renewed = sessions
        .refresh(
            issued.refresh_token.as_deref().unwrap(),
            "palisade",
            &client(),
        )
        .await
        .unwrap();
    rules.clock.advance(Duration::from_secs(11));
    assert!(matches!(
        sessions
            .refresh(
                issued.refresh_token.as_deref().unwrap(),
                "palisade",
                &client()
            )
            .await,
        Err(Error::InvalidToken)
    ));
    // The thief and the owner both lose the session.
    assert!(matches!(
        sessions
            .refresh(
                renewed.refresh_token.as_deref().unwrap(),
                "palisade",
                &client()
            )
            .await,
        Err(Error::InvalidToken)
    ));
    assert!(sessions.authenticate(&renewed.access_token).await.is_err());
}

#[tokio::test]
async fn wrong_passwords_hold_the_account_back_until_the_clock_moves_on() {
    let rules = Rules::new().await;
    rules.register("ada@example.com").await;
    let mut held_back = None;
    for attempt in 1..=8 {
        match rules
            .login("ada@example.com", "not the password at all")
            .await
        {
            Err(Error::InvalidCredentials) => {}
            Err(Error::RateLimited { retry_after_secs }) => {
                held_back = Some((attempt, retry_after_secs));
                break;
            }
            other => panic!("attempt {attempt}: {:?}", other.map(|_| "signed in")),
        }
    }
    let (attempt, wait) = held_back.expect("held back within eight guesses");
    assert!(
        attempt > 5,
        "the first five attempts are free: held back at {attempt}"
    );
    // While held back, even the right password is not checked.
    assert!(matches!(
        rules.login("ada@example.com", PASSWORD).await,
        Err(Error::RateLimited { .. })
    ));
    rules.clock.advance(Duration::from_secs(wait + 1));
    assert!(rules.login("ada@example.com", PASSWORD).await.is_ok());
}

/// The token of the last queued email's link to `page`.
async fn emailed_token(rules: &Rules, page: &str) -> String {
    let letters = outbox::Entity::find().all(&rules.infra.db).await.unwrap();
    let text = &letters.last().expect("an email was queued").text_body;
    let marker = format!("/{page}?token=");
    let at = text.find(&marker).expect("a link in the email") + marker.len();
    text[at..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn a_verification_link_works_once_and_not_after_it_expires() {
    let rules = Rules::new().await;
    let recovery = &rules.services.recovery;
    rules.register("ada@example.com").await;
    let expired = emailed_token(&rules, "verify-email").await;
    rules.clock.advance(Duration::from_secs(24 * 3600 + 1));
    assert!(matches!(
        recovery.verify(&expired, &client()).await,
        Err(Error::InvalidOneTimeToken)
    ));
    let ada = rules.principal("ada@example.com").await;
    recovery.resend_verification(&ada).await.unwrap();
    let fresh = emailed_token(&rules, "verify-email").await;
    recovery.verify(&fresh, &client()).await.unwrap();
    assert!(matches!(
        recovery.verify(&fresh, &client()).await,
        Err(Error::InvalidOneTimeToken)
    ));
    let account = rules.services.accounts.profile(ada.user_id).await.unwrap();
    assert!(account.user.email_verified);
}

#[tokio::test]
async fn an_admin_action_needs_its_permission_and_a_user_who_holds_no_more() {
    let rules = Rules::new().await;
    let root = rules.admin("root@example.com").await;
    rules.register("ada@example.com").await;
    let ada = rules.principal("ada@example.com").await;
    let (permissions, admin) = (&rules.services.permissions, &rules.services.admin);
    assert!(matches!(
        permissions.require::<UsersRead>(&ada).await,
        Err(Error::Forbidden)
    ));

    // A support role that may change users, given to ada: it applies at once.
    let roles = permissions.require::<RolesWrite>(&root).await.unwrap();
    let support = vec!["users:read".to_owned(), "users:write".to_owned()];
    admin
        .create_role(&roles, &client(), "support", None, support)
        .await
        .unwrap();
    admin
        .grant_role(&roles, &client(), ada.user_id, "support")
        .await
        .unwrap();
    let ada_writes = permissions.require::<UsersWrite>(&ada).await.unwrap();

    // But not to an admin, who holds more than she does.
    let disable = UserPatch {
        disabled: Some(true),
        ..Default::default()
    };
    assert!(matches!(
        admin
            .update_user(&ada_writes, &client(), root.user_id, disable.clone())
            .await,
        Err(Error::Forbidden)
    ));
    // And the last admin cannot be disabled, not even by himself.
    let root_writes = permissions.require::<UsersWrite>(&root).await.unwrap();
    assert!(matches!(
        admin
            .update_user(&root_writes, &client(), root.user_id, disable)
            .await,
        Err(Error::LastAdmin)
    ));
}

#[tokio::test]
async fn an_address_is_one_account_however_it_is_typed() {
    let rules = Rules::new().await;
    rules.register("Ada@Example.com").await;
    let again = rules
        .services
        .accounts
        .register(
            " ada@example.COM ",
            &Password::new(PASSWORD),
            None,
            &client(),
        )
        .await;
    assert!(matches!(again, Err(Error::EmailTaken)), "{again:?}");
    assert!(rules.login("ADA@example.com", PASSWORD).await.is_ok());
}

#[tokio::test]
async fn a_user_code_held_by_a_live_device_grant_is_not_given_twice() {
    use palisade::core::clock::Clock as _;
    use palisade::core::ports::{DeviceStore, NewDeviceGrant};
    use palisade::infra::store::SqlStore;
    let rules = Rules::new().await;
    let store = SqlStore::new(rules.infra.db.clone());
    let now = rules.clock.now();
    let grant = |hash: &str, expires_in: i64| NewDeviceGrant {
        device_code_hash: hash.to_owned(),
        user_code: "BCDFGHJK".to_owned(),
        client_id: "palisade".to_owned(),
        scope: "openid".to_owned(),
        expires_at: now + chrono::Duration::seconds(expires_in),
        interval_secs: 5,
    };
    assert!(
        store
            .create_device_grant(grant("a", 600), now)
            .await
            .unwrap()
    );
    assert!(
        !store
            .create_device_grant(grant("b", 600), now)
            .await
            .unwrap(),
        "a live grant's user code was given again"
    );
    let later = now + chrono::Duration::seconds(601);
    assert!(
        store
            .create_device_grant(grant("c", 1200), later)
            .await
            .unwrap(),
        "an expired grant's user code stays blocked"
    );
}
