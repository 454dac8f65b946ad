//! Logging: `tracing` with the `RUST_LOG` filter (default `info`), pretty or
//! JSON. Secrets stay out by construction: `SecretString` redacts itself,
//! Authorization and Cookie headers are marked sensitive, SQL logging is off.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

use crate::config::LogFormat;

pub fn init(format: &LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    // `try_init`: a second call (tests) keeps the first subscriber.
    let _ = match format {
        LogFormat::Json => {
            // A panic's message becomes a JSON line too, not plain text
            // that a log shipper cannot parse.
            std::panic::set_hook(Box::new(|info| {
                tracing::error!(panic = %info, "panicked");
            }));
            registry
                .with(fmt::layer().json().with_current_span(true))
                .try_init()
        }
        LogFormat::Pretty => registry.with(fmt::layer().with_target(false)).try_init(),
    };
}

/// The one line a failed command ends with: plain for people, a JSON log
/// line when the logs are JSON (PALISADE_LOG_FORMAT=json).
pub fn fatal(format: &LogFormat, message: &str) {
    match format {
        LogFormat::Json => tracing::error!(error = %message, "palisade failed"),
        LogFormat::Pretty => eprintln!("palisade: {message}"),
    }
}
