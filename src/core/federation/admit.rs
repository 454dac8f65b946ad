//! Letting in someone a provider vouched for: the account rules every
//! sign-in meets (disabled, unverified), then the session, or the second
//! step for a user with a second factor, unless the provider asserted one
//! and the admin trusts it to (`trust_mfa`).

use uuid::Uuid;

use super::Federation;
use crate::core::error::{Error, Result};
use crate::core::mfa::step::{self, SecondStep, SignIn};
use crate::core::model::ClientInfo;
use crate::core::ports::{FirstStep, LoginWrite, Provider, UpstreamIdentity};
use crate::core::tokens::{FEDERATED_AMR, FIRST_PARTY_CLIENT};

/// RFC 8176 values that are authentication factors: two of them, or `mfa`,
/// are a second factor at the provider.
const FACTORS: [&str; 13] = [
    "pwd", "pin", "otp", "hwk", "swk", "sms", "tel", "fpt", "face", "iris", "retina", "vbm", "sc",
];

/// Whether the provider's `amr` shows a second factor.
pub(super) fn asserts_second_factor(amr: &[String]) -> bool {
    let factors = FACTORS
        .iter()
        .filter(|f| amr.iter().any(|m| m == *f))
        .count();
    amr.iter().any(|m| m == "mfa") || factors >= 2
}

/// Who may come in, and how.
pub(super) enum Admitted {
    Step(SecondStep),
    Ready {
        amr: Vec<String>,
        checked_hash: String,
    },
}

impl Federation {
    pub(super) fn client_secret(
        &self,
        provider: &Provider,
    ) -> Result<Option<secrecy::SecretString>> {
        let Some(sealed) = &provider.client_secret_sealed else {
            return Ok(None);
        };
        let context = super::settings::secret_context(&provider.slug);
        let plain = self.secrets.open(sealed, &context).ok_or_else(|| {
            Error::bug("a provider's client secret does not open with any known key")
        })?;
        let text = String::from_utf8(plain)
            .map_err(|_| Error::bug("a provider's client secret is not text"))?;
        Ok(Some(secrecy::SecretString::from(text)))
    }

    /// The rules every federated sign-in meets before it is let in, and
    /// how it signed in: `["fed"]`, or `["fed", "mfa"]` when a trusted
    /// provider asserted a second factor. `None` for the `amr` when our
    /// second step is next.
    pub(super) async fn admit(
        &self,
        provider: &Provider,
        user_id: Uuid,
        identity: &UpstreamIdentity,
        client: &ClientInfo,
    ) -> Result<Admitted> {
        let credentials = self
            .users
            .credentials(user_id)
            .await?
            .ok_or(Error::InvalidCredentials)?;
        self.accounts.may_sign_in(&credentials.user, client).await?;
        let now = self.clock.now();
        self.identities
            .identity_used(&provider.slug, &identity.subject, now)
            .await?;
        let vouched = provider.trust_mfa && asserts_second_factor(&identity.amr);
        let factors = self.factors.factors(user_id).await?;
        if factors.any() && !vouched {
            let step = step::open(
                self.factors.as_ref(),
                &factors,
                user_id,
                FIRST_PARTY_CLIENT,
                &credentials.password_hash,
                FirstStep::federated(&provider.slug),
                now,
            )
            .await?;
            tracing::info!(%user_id, "federated sign-in: second factor next");
            return Ok(Admitted::Step(step));
        }
        let mut amr = vec![FEDERATED_AMR.to_owned()];
        if vouched {
            amr.push("mfa".to_owned());
        }
        Ok(Admitted::Ready {
            amr,
            checked_hash: credentials.password_hash,
        })
    }

    pub(super) async fn sign_in(
        &self,
        provider: &Provider,
        user_id: Uuid,
        identity: &UpstreamIdentity,
        client: ClientInfo,
    ) -> Result<SignIn> {
        match self.admit(provider, user_id, identity, &client).await? {
            Admitted::Step(step) => Ok(SignIn::SecondFactor(step)),
            Admitted::Ready { amr, checked_hash } => {
                let login = LoginWrite {
                    user_id,
                    checked_hash,
                    new_hash: None,
                };
                let amr: Vec<&str> = amr.iter().map(String::as_str).collect();
                let issued = self
                    .sessions
                    .start_via(
                        login,
                        &amr,
                        Some(&provider.slug),
                        FIRST_PARTY_CLIENT,
                        client,
                    )
                    .await?;
                metrics::counter!("palisade_logins_total", "result" => "succeeded").increment(1);
                tracing::info!(%user_id, provider = %provider.slug, "federated sign-in succeeded");
                Ok(SignIn::Done(issued))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::asserts_second_factor;

    fn amr(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn two_factors_or_mfa_are_a_second_factor_and_one_factor_or_none_is_not() {
        assert!(asserts_second_factor(&amr(&["pwd", "otp"])));
        assert!(asserts_second_factor(&amr(&["mfa"])));
        assert!(asserts_second_factor(&amr(&["hwk", "fpt"])));
        assert!(!asserts_second_factor(&amr(&["pwd"])));
        assert!(!asserts_second_factor(&amr(&["pwd", "pwd", "rba"])));
        assert!(!asserts_second_factor(&[]));
    }
}
