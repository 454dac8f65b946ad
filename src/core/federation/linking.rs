//! Whose account an identity at a provider signs in to, as the contract's
//! linking rules say: the user it is linked to; else the user with its
//! address, only when the provider asserts the address verified and is
//! allowed to link by it (otherwise: sign in with the password and connect
//! from /account); else a new user without a password, created with the
//! link in one transaction, when the provider may sign people up and
//! vouches for the address. And connecting one from /account.

use serde_json::json;
use uuid::Uuid;

use super::{Federation, NO_PASSWORD};
use crate::core::audit::{self, USER_REGISTERED};
use crate::core::error::{Error, FederationRefusal, Result};
use crate::core::model::ClientInfo;
use crate::core::model::User;
use crate::core::ports::{
    FactorChange, LinkedIdentity, Linking, NewUser, Provider, UpstreamIdentity,
};
use crate::core::validate;

pub const IDENTITY_LINKED: &str = "identity.linked";

fn refused(why: FederationRefusal) -> Error {
    Error::Federation(why)
}

impl Federation {
    fn new_link(
        &self,
        provider: &Provider,
        user_id: Uuid,
        identity: &UpstreamIdentity,
    ) -> LinkedIdentity {
        let now = self.clock.now();
        LinkedIdentity {
            provider: provider.slug.clone(),
            subject: identity.subject.clone(),
            user_id,
            email: identity.email.clone(),
            linked_at: now,
            last_used_at: Some(now),
        }
    }

    /// The user the identity signs in as, linked or created as the rules
    /// allow.
    pub(super) async fn user_for(
        &self,
        provider: &Provider,
        identity: &UpstreamIdentity,
        client: &ClientInfo,
    ) -> Result<Uuid> {
        if let Some(linked) = self
            .identities
            .identity(&provider.slug, &identity.subject)
            .await?
        {
            return Ok(linked.user_id);
        }
        let email = match identity
            .email
            .as_deref()
            .map(|e| validate::email("email", e))
        {
            Some(Ok(email)) if identity.email_verified => email,
            // An address the provider does not vouch for names nobody here:
            // linking by it would hand over its owner's account, creating
            // an account with it would take the address from its owner.
            Some(Ok(email)) => {
                let typed = self.accounts.find_by_typed_email(email.as_str()).await?;
                return Err(match typed.credentials {
                    Some(_) => refused(FederationRefusal::LinkWithPassword),
                    None if provider.allow_signup => refused(FederationRefusal::NoEmail),
                    None => refused(FederationRefusal::SignupClosed),
                });
            }
            _ if provider.allow_signup => return Err(refused(FederationRefusal::NoEmail)),
            _ => return Err(refused(FederationRefusal::SignupClosed)),
        };
        let typed = self.accounts.find_by_typed_email(email.as_str()).await?;
        if let Some(existing) = typed.credentials {
            // Both sides must vouch for the address: an account registered
            // here under someone else's address and never confirmed is
            // the attacker's, and linking it would hand it the owner's
            // sign-ins (account pre-hijacking).
            if !provider.link_by_verified_email || !existing.user.email_verified {
                return Err(refused(FederationRefusal::LinkWithPassword));
            }
            let user_id = existing.user.id;
            let event = audit::event(IDENTITY_LINKED, client)
                .target(user_id)
                .details(json!({"provider": provider.slug, "by": "verified_email"}));
            let notice = self.letters.factor_changed(
                &existing.user.email,
                FactorChange::SignInConnected,
                existing.user.locale.as_deref(),
            )?;
            let link = self.new_link(provider, user_id, identity);
            let linking = self
                .identities
                .link_identity(link, event, notice, self.clock.now())
                .await?;
            self.outbox.ring();
            return self.linked(provider, identity, linking).await;
        }
        if !provider.allow_signup || self.accounts.may_sign_up(email.as_str()).is_err() {
            return Err(refused(FederationRefusal::SignupClosed));
        }
        let user_id = Uuid::now_v7();
        // A name the rules refuse is left out rather than refusing the user.
        let display_name = identity
            .name
            .as_deref()
            .and_then(|n| validate::display_name("display_name", n).ok().flatten());
        let new = NewUser {
            id: user_id,
            email: email.into_string(),
            password_hash: NO_PASSWORD.to_owned(),
            display_name,
            email_verified: true,
            locale: client.language.clone().filter(|_| client.language_chosen),
        };
        let events = vec![
            audit::event(USER_REGISTERED, client)
                .actor(user_id)
                .target(user_id)
                .details(json!({"provider": provider.slug})),
            audit::event(IDENTITY_LINKED, client)
                .actor(user_id)
                .target(user_id)
                .details(json!({"provider": provider.slug, "by": "sign_up"})),
        ];
        let link = self.new_link(provider, user_id, identity);
        let created = self
            .identities
            .create_user_with_identity(new, link, events, self.clock.now())
            .await;
        match created {
            Ok(linking) => self.linked(provider, identity, linking).await,
            // Registered meanwhile, by a password or another sign-in.
            Err(Error::EmailTaken) => Err(refused(FederationRefusal::LinkWithPassword)),
            Err(err) => Err(err),
        }
    }

    /// The user a link attempt leaves the identity with.
    async fn linked(
        &self,
        provider: &Provider,
        identity: &UpstreamIdentity,
        linking: Linking,
    ) -> Result<Uuid> {
        match linking {
            Linking::Linked | Linking::IdentityTaken => self
                .identities
                .identity(&provider.slug, &identity.subject)
                .await?
                .map(|l| l.user_id)
                .ok_or_else(|| Error::bug("a linked identity is gone")),
            Linking::AlreadyLinked => Err(refused(FederationRefusal::AlreadyLinked)),
        }
    }

    /// Whether the user may connect a provider: only with an address
    /// confirmed here. An unconfirmed one may be someone else's, and
    /// whoever registered it must not leave themselves a way in that
    /// survives its owner resetting the password (pre-hijacking).
    pub(super) async fn may_connect(&self, user_id: Uuid) -> Result<User> {
        let user = self
            .users
            .find_user(user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        match user.email_verified {
            true => Ok(user),
            false => Err(Error::EmailNotVerified),
        }
    }

    /// Connects the identity to the signed-in user (from /account).
    pub(super) async fn connect(
        &self,
        provider: &Provider,
        user_id: Uuid,
        identity: &UpstreamIdentity,
        client: &ClientInfo,
    ) -> Result<()> {
        let user = self.may_connect(user_id).await?;
        let event = audit::event(IDENTITY_LINKED, client)
            .actor(user_id)
            .target(user_id)
            .details(json!({"provider": provider.slug, "by": "account"}));
        let notice = self.letters.factor_changed(
            &user.email,
            FactorChange::SignInConnected,
            user.locale.as_deref(),
        )?;
        let link = self.new_link(provider, user_id, identity);
        match self
            .identities
            .link_identity(link, event, notice, self.clock.now())
            .await?
        {
            Linking::Linked => {
                self.outbox.ring();
                Ok(())
            }
            Linking::AlreadyLinked => Err(refused(FederationRefusal::AlreadyLinked)),
            Linking::IdentityTaken => {
                let owner = self
                    .identities
                    .identity(&provider.slug, &identity.subject)
                    .await?;
                match owner {
                    // Connected already: nothing to do.
                    Some(linked) if linked.user_id == user_id => Ok(()),
                    _ => Err(refused(FederationRefusal::IdentityTaken)),
                }
            }
        }
    }
}
