//! The `palisade` binary: parse the command line, set up logging, dispatch.

use palisade::{cli, commands, config::Config, config::LogFormat, telemetry};

/// mimalloc rather than glibc's allocator: Argon2id takes 19 MiB per hash,
/// and glibc keeps such freed blocks in per-thread arenas (its mmap threshold
/// rises after the first one), which tripled the peak RSS under a login flood.
/// Built without transparent huge pages, which made the idle server's
/// memory a third larger.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // One TLS crypto provider for the whole process (rustls with ring).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let parsed = cli::parse();
    let format = parsed
        .as_ref()
        .map_or_else(|_| cli::requested_log_format(), |c| c.settings.log_format);
    telemetry::init(&format);
    let config = match parsed.map(|cli| (Config::from_settings(&cli.settings), cli.command)) {
        Ok((Ok(config), command)) => (config, command),
        Ok((Err(err), _)) => return fail(&format, &err.to_string(), 2),
        Err(cli::Exit::Usage(message)) => return fail(&format, &message, 2),
        Err(cli::Exit::Done(code)) => return std::process::ExitCode::from(code),
    };
    let (config, command) = config;
    tokio::spawn(give_back_freed_memory());
    match commands::run(command, config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // One line: the context, then its causes.
        Err(err) => fail(&format, &format!("{err:#}"), 1),
    }
}

/// mimalloc returns memory freed more than a second ago to the system only
/// when a page of its own is freed: on an idle server nothing is, so what
/// start-up or the last requests freed stayed resident (4 to 5 MB measured).
/// Freeing one large block every two seconds makes it look; the block is
/// never touched, so it costs no memory. Without this, the setting
/// `MIMALLOC_PURGE_DELAY=0` would do the same, but it must be in the
/// environment before the process starts and purges at every free under load.
async fn give_back_freed_memory() {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        drop(std::hint::black_box(Vec::<u8>::with_capacity(4 << 20)));
    }
}

fn fail(format: &LogFormat, message: &str, code: u8) -> std::process::ExitCode {
    telemetry::fatal(format, message);
    std::process::ExitCode::from(code)
}
