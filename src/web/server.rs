//! The listener: HTTP or HTTPS (with the certificate reloaded when renewed),
//! slow clients cut off, and a graceful drain on shutdown.

use std::{future::Future, net::SocketAddr, time::Duration};

use axum_server::{Handle, tls_rustls::RustlsConfig};

use super::state::AppState;

/// A client must send its request headers within this time (slowloris).
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// After shutdown starts, requests in flight get this long to finish.
const DRAIN: Duration = Duration::from_secs(20);

/// Accepts connections until `shutdown`, then drains them.
pub async fn serve(
    state: AppState,
    listener: std::net::TcpListener,
    tls: Option<RustlsConfig>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = super::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let handle = Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(DRAIN));
    });
    match tls {
        Some(tls) => {
            if let Some((cert, key)) = state.config.tls.clone() {
                spawn_certificate_reload(tls.clone(), cert, key);
            }
            let mut server = axum_server::from_tcp_rustls(listener, tls)?;
            guard_slow_clients(server.http_builder());
            server
                .handle(handle)
                .first_request_timeout(HEADER_READ_TIMEOUT)
                .serve(app)
                .await
        }
        None => {
            let mut server = axum_server::from_tcp(listener)?;
            guard_slow_clients(server.http_builder());
            server
                .handle(handle)
                .first_request_timeout(HEADER_READ_TIMEOUT)
                .serve(app)
                .await
        }
    }
}

/// Closes connections whose request headers do not arrive in time (HTTP/1;
/// for HTTP/2, the first-request timeout set on the server bounds a slow
/// start).
fn guard_slow_clients(
    builder: &mut hyper_util::server::conn::auto::Builder<hyper_util::rt::TokioExecutor>,
) {
    builder
        .http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
}

/// Reloads the certificate on SIGHUP, and when its files change (checked
/// every 30 s), so a renewed certificate needs no restart.
fn spawn_certificate_reload(tls: RustlsConfig, cert: std::path::PathBuf, key: std::path::PathBuf) {
    tokio::spawn(async move {
        let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let mut seen = (modified(&cert), modified(&key));
        #[cfg(unix)]
        let mut hangup =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            #[cfg(unix)]
            let signalled = async {
                match hangup.as_mut() {
                    Some(h) => {
                        h.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            #[cfg(not(unix))]
            let signalled = std::future::pending::<()>();
            tokio::select! {
                _ = signalled => {}
                _ = tick.tick() => {
                    let now = (modified(&cert), modified(&key));
                    if now == seen {
                        continue;
                    }
                    seen = now;
                }
            }
            match tls.reload_from_pem_file(&cert, &key).await {
                Ok(()) => tracing::info!("TLS certificate reloaded"),
                Err(err) => {
                    tracing::warn!(error = %err, "could not reload the TLS certificate; keeping the old one")
                }
            }
        }
    });
}
