//! Prometheus metrics: the recorder, and the middleware that counts and times
//! every request by route (the route template, never the raw path, so ids and
//! tokens stay out of label values).

use std::sync::OnceLock;
use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request},
    middleware::Next,
    response::Response,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

static RECORDER: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Latency buckets (seconds): from cached token checks to slow hashes.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// Installs the process-wide recorder (once, however many applications a
/// test process builds).
pub fn install() {
    RECORDER.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
            .ok()?
            .install_recorder()
            .ok()
            .inspect(|handle| {
                // Histograms are summarized as samples arrive only when
                // upkeep runs; without it an unscraped instance keeps them all.
                let handle = handle.clone();
                std::thread::spawn(move || {
                    loop {
                        std::thread::sleep(std::time::Duration::from_secs(5));
                        handle.run_upkeep();
                    }
                });
            })
    });
}

/// Counts and times each request.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    // Clients may send any method name: only the standard ones become labels.
    let method = match request.method().as_str() {
        m @ ("GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS") => m.to_owned(),
        _ => "OTHER".to_owned(),
    };
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("palisade_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("palisade_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// The exposition of every metric recorded so far.
pub fn render() -> String {
    RECORDER
        .get()
        .and_then(Option::as_ref)
        .map(|h| h.render())
        .unwrap_or_default()
}
