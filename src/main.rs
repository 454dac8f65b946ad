//! The `palisade` binary: parse the command line, set up logging, dispatch.

use clap::Parser as _;
use palisade::{cli::Cli, commands, config::Config, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // One TLS crypto provider for the whole process (rustls with ring).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    let config = match Config::from_settings(&cli.settings) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("palisade: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    telemetry::init(&config.log_format);
    match commands::run(cli.command, config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // One line: the context, then its causes.
            eprintln!("palisade: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
