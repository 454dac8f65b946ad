//! The `palisade` binary: parse the command line, set up logging, dispatch.

use clap::Parser as _;

/// mimalloc rather than glibc's allocator: Argon2id takes 19 MiB per hash,
/// and glibc keeps such freed blocks in per-thread arenas (its mmap threshold
/// rises after the first one), which tripled the peak RSS under a login flood.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use palisade::{
    cli::Cli,
    commands,
    config::{Config, LogFormat},
    telemetry,
};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // One TLS crypto provider for the whole process (rustls with ring).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    let config = match Config::from_settings(&cli.settings) {
        Ok(config) => config,
        Err(err) => {
            // The format the operator asked for, even when another setting is bad.
            let format = if cli.settings.log_format.trim().eq_ignore_ascii_case("json") {
                LogFormat::Json
            } else {
                LogFormat::Pretty
            };
            telemetry::init(&format);
            telemetry::fatal(&format, &err.to_string());
            return std::process::ExitCode::from(2);
        }
    };
    let format = config.log_format.clone();
    telemetry::init(&format);
    match commands::run(cli.command, config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // One line: the context, then its causes.
            telemetry::fatal(&format, &format!("{err:#}"));
            std::process::ExitCode::FAILURE
        }
    }
}
