//! Tenant resolution: which tenant a request is for, decided once per
//! request before anything else runs (rate limits, authentication): the
//! path `/t/{slug}/…` first, then the `Host` a tenant lists; anything else
//! is `default` at the root paths. The directory of tenants and hosts is
//! held in memory (no database round trip per request) and reloaded when a
//! tenant changes. Each tenant's application (its services on a store
//! fixed to it, its keys, its issuer) is built on first use and kept until
//! the tenant changes or the application goes unused for a while.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use tower::ServiceExt as _;

use super::shared::error::WebError;
use super::state::{AppState, Site};
use crate::core::Error;
use crate::core::ports::Tenant;
use crate::core::tenants::DEFAULT_TENANT;

/// Builds a tenant's application state; the wiring knows how.
#[async_trait]
pub trait BuildTenant: Send + Sync {
    /// `tenant` served at `site`, with `public_url` its issuer and the base
    /// of its links.
    async fn build(
        &self,
        tenant: &Tenant,
        public_url: String,
        site: Site,
    ) -> crate::core::Result<AppState>;
}

/// A route to a tenant: under the shared host's `/t/{slug}`, or on a host
/// of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Route {
    Path(String),
    Host(String),
}

#[derive(Default)]
struct Directory {
    by_slug: HashMap<String, Tenant>,
    by_host: HashMap<String, String>,
}

struct App {
    router: Router,
    state: AppState,
    /// When it last served a request, in milliseconds since the tenancy opened:
    /// an application idle long enough is dropped (`drop_idle`).
    last_used: std::sync::atomic::AtomicU64,
}

impl App {
    fn touch(&self, tenancy: &Tenancy) {
        let now = u64::try_from(tenancy.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_used
            .store(now, std::sync::atomic::Ordering::Relaxed);
    }
}

pub struct Tenancy {
    /// `default` at the root paths, without the resolver.
    root: AppState,
    builder: Box<dyn BuildTenant>,
    directory: RwLock<Directory>,
    /// When the directory was last read after a miss: an unknown slug
    /// rereads it at most this often, and misses wait for a reread under
    /// way rather than answer 404 beside it.
    last_miss_reload: tokio::sync::Mutex<Option<Instant>>,
    apps: RwLock<HashMap<Route, Arc<App>>>,
    building: tokio::sync::Mutex<()>,
    /// Moves on every change of a tenant: an application built from an
    /// older directory serves the request it was built for, and is not kept.
    generation: std::sync::atomic::AtomicU64,
    opened: Instant,
}

/// An unknown slug rereads the directory at most this often (a tenant made
/// on another instance is found before that instance's notice arrives).
const MISS_RELOAD_EVERY: Duration = Duration::from_secs(1);

impl Tenancy {
    pub async fn open(
        root: AppState,
        builder: Box<dyn BuildTenant>,
    ) -> crate::core::Result<Arc<Self>> {
        let tenancy = Arc::new(Self {
            root,
            builder,
            directory: RwLock::default(),
            last_miss_reload: tokio::sync::Mutex::new(None),
            apps: RwLock::default(),
            building: tokio::sync::Mutex::new(()),
            generation: std::sync::atomic::AtomicU64::new(0),
            opened: Instant::now(),
        });
        tenancy.reload().await?;
        Ok(tenancy)
    }

    /// Rereads the tenants and their hosts.
    pub async fn reload(&self) -> crate::core::Result<()> {
        let tenants = self.root.services.tenants.directory().await?;
        let mut directory = Directory::default();
        for tenant in tenants {
            for host in &tenant.hosts {
                directory.by_host.insert(host.clone(), tenant.slug.clone());
            }
            directory.by_slug.insert(tenant.slug.clone(), tenant);
        }
        if let Ok(mut held) = self.directory.write() {
            *held = directory;
        }
        Ok(())
    }

    /// A tenant changed (settings, hosts) or went: its applications are
    /// rebuilt on their next request, from a fresh directory.
    pub async fn forget(&self, slug: &str) {
        use std::sync::atomic::Ordering;
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Err(err) = self.reload().await {
            tracing::warn!(error = %err, "could not reread the tenants");
        }
        // After the reload: an application built meanwhile from the old
        // directory goes too (and was not kept: the generation moved).
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut apps) = self.apps.write() {
            apps.retain(|_, app| app.state.site.slug != slug);
        }
    }

    /// The states of every tenant application built on this instance
    /// (`default`'s first): for notices that concern them all.
    pub fn live(&self) -> Vec<AppState> {
        let mut states = vec![self.root.clone()];
        if let Ok(apps) = self.apps.read() {
            states.extend(apps.values().map(|app| app.state.clone()));
        }
        states
    }

    /// Drops the applications that served nothing for `idle`: memory
    /// follows the tenants in use, not every tenant ever seen.
    pub fn drop_idle(&self, idle: Duration) {
        let Some(cutoff) = self.opened.elapsed().checked_sub(idle) else {
            return;
        };
        let cutoff = u64::try_from(cutoff.as_millis()).unwrap_or(u64::MAX);
        if let Ok(mut apps) = self.apps.write() {
            apps.retain(|_, app| {
                app.last_used.load(std::sync::atomic::Ordering::Relaxed) >= cutoff
            });
        }
    }

    fn tenant(&self, slug: &str) -> Option<Tenant> {
        self.directory.read().ok()?.by_slug.get(slug).cloned()
    }

    fn host_tenant(&self, host: &str) -> Option<String> {
        self.directory.read().ok()?.by_host.get(host).cloned()
    }

    fn cached(&self, route: &Route) -> Option<Arc<App>> {
        let app = self.apps.read().ok()?.get(route).cloned()?;
        app.touch(self);
        Some(app)
    }

    /// The application for `route`, built on first use; `None` for a slug
    /// that is no tenant.
    async fn app(&self, route: Route) -> crate::core::Result<Option<Arc<App>>> {
        if let Some(app) = self.cached(&route) {
            return Ok(Some(app));
        }
        let generation = self.generation.load(std::sync::atomic::Ordering::SeqCst);
        let slug = match &route {
            Route::Path(slug) => slug.clone(),
            Route::Host(host) => match self.host_tenant(host) {
                Some(slug) => slug,
                None => return Ok(None),
            },
        };
        let tenant = match self.tenant(&slug) {
            Some(tenant) => tenant,
            None => match self.after_miss(&slug).await? {
                Some(tenant) => tenant,
                None => return Ok(None),
            },
        };
        let _one_at_a_time = self.building.lock().await;
        if let Some(app) = self.cached(&route) {
            return Ok(Some(app));
        }
        let public_url = self.root.config.public_url.trim_end_matches('/');
        let state = match &route {
            // `default` keeps its issuer and cookies under /t/default.
            Route::Path(slug) if slug == DEFAULT_TENANT => self.root.clone().at(Site {
                base_path: format!("/t/{slug}"),
                ..Site::root()
            }),
            Route::Path(slug) => {
                let site = Site {
                    slug: slug.clone(),
                    base_path: format!("/t/{slug}"),
                    cookie_suffix: format!("_{slug}"),
                };
                self.builder
                    .build(&tenant, format!("{public_url}/t/{slug}"), site)
                    .await?
            }
            Route::Host(host) => {
                let site = Site {
                    slug: slug.clone(),
                    base_path: String::new(),
                    cookie_suffix: String::new(),
                };
                self.builder
                    .build(&tenant, format!("https://{host}"), site)
                    .await?
            }
        };
        let app = Arc::new(App {
            router: super::router(state.clone()),
            state,
            last_used: std::sync::atomic::AtomicU64::new(0),
        });
        app.touch(self);
        let current = self.generation.load(std::sync::atomic::Ordering::SeqCst) == generation;
        if current && let Ok(mut apps) = self.apps.write() {
            apps.insert(route, app.clone());
        }
        Ok(Some(app))
    }

    /// A slug the directory does not know: made on another instance whose
    /// notice has not arrived, or no tenant. The directory is reread at most
    /// once a second (a flood of made-up slugs costs one query a second);
    /// a miss that waited for a reread under way looks again without one.
    async fn after_miss(&self, slug: &str) -> crate::core::Result<Option<Tenant>> {
        let asked = Instant::now();
        let mut last = self.last_miss_reload.lock().await;
        let fresh = last.is_some_and(|at| at >= asked);
        if !fresh && last.is_none_or(|at| at.elapsed() >= MISS_RELOAD_EVERY) {
            self.reload().await?;
            *last = Some(Instant::now());
        }
        Ok(self.tenant(slug))
    }
}

/// The host a request names, lower case, without its port.
fn host_of(request: &Request) -> Option<String> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().host())?;
    // `[v6]:port`, `name:port` or `name`.
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(rest),
        None => host.split(':').next().unwrap_or(host),
    };
    Some(name.to_ascii_lowercase())
}

/// The outermost layer of the root application: hands a tenant's request to
/// the tenant's application (under `/t/{slug}` with the prefix taken off),
/// and everything else on to `default`.
pub async fn resolve(
    State(tenancy): State<Arc<Tenancy>>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    // A tenant's own host serves that tenant alone: its domain (whose DNS
    // and certificates the tenant holds) never carries another tenant's
    // pages or cookies under /t/.
    let own_host = host_of(&request).filter(|host| tenancy.host_tenant(host).is_some());
    let route = if let Some(host) = own_host {
        Route::Host(host)
    } else if let Some(rest) = path.strip_prefix("/t/") {
        let (slug, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let tail = if tail.is_empty() { "/" } else { tail };
        let rewritten = match request.uri().query() {
            Some(query) => format!("{tail}?{query}"),
            None => tail.to_owned(),
        };
        let Ok(uri) = rewritten.parse::<Uri>() else {
            return WebError::from(Error::NotFound).into_response();
        };
        let route = Route::Path(slug.to_owned());
        *request.uri_mut() = uri;
        route
    } else {
        return next.run(request).await;
    };
    let app = match tenancy.app(route).await {
        Ok(Some(app)) => app,
        Ok(None) => return WebError::from(Error::NotFound).into_response(),
        Err(err) => return WebError::from(err).into_response(),
    };
    let base = app.state.site.base_path.clone();
    let mut response = match app.router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if !base.is_empty() {
        under_base(&mut response, &base);
    }
    response
}

/// A redirect to one of the tenant's own paths stays under its prefix.
fn under_base(response: &mut Response, base: &str) {
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return;
    };
    // Handlers answer with the tenant's own paths ("/login"); an absolute
    // URL or another host's ("//…") is left as it is.
    if location.starts_with('/')
        && !location.starts_with("//")
        && let Ok(value) = HeaderValue::from_str(&format!("{base}{location}"))
    {
        response.headers_mut().insert(header::LOCATION, value);
    }
}
