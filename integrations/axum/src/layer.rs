//! The tower layer that refuses requests without the token a route needs,
//! and the extractor that hands the handler the token's claims.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Request, header};
use axum::response::{IntoResponse, Response};
use tower_layer::Layer;
use tower_service::Service;

use crate::{Claims, Palisade, Refusal, Requirement};

/// Claims as one verifier checked them. Private, so nothing but a layer
/// of this crate can put claims where the extractor reads them, and a
/// route's layer reuses only what its own verifier checked (another
/// `Palisade`'s layer may trust another audience or skip revocation).
#[derive(Clone)]
struct Verified {
    claims: Claims,
    by: usize,
}

/// Built by [`Palisade::layer`] and [`Palisade::require`].
#[derive(Clone)]
pub struct RequireLayer {
    palisade: Palisade,
    requirement: Arc<Requirement>,
}

impl RequireLayer {
    pub(crate) fn new(palisade: Palisade, requirement: Requirement) -> Self {
        Self {
            palisade,
            requirement: Arc::new(requirement),
        }
    }
}

impl<S> Layer<S> for RequireLayer {
    type Service = RequireService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequireService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service a [`RequireLayer`] wraps around a route.
#[derive(Clone)]
pub struct RequireService<S> {
    inner: S,
    layer: RequireLayer,
}

impl<S> Service<Request<Body>> for RequireService<S>
where
    S: Service<Request<Body>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<Body>) -> Self::Future {
        // The clone that was polled ready serves this request.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let layer = self.layer.clone();
        Box::pin(async move {
            // An outer layer of the same verifier checked the token already:
            // check only what this route needs.
            let by = layer.palisade.verifier().id();
            let earlier = request
                .extensions()
                .get::<Verified>()
                .filter(|v| v.by == by);
            let verified = match earlier {
                Some(earlier) => layer
                    .palisade
                    .meets(&earlier.claims, &layer.requirement)
                    .map(|()| earlier.claims.clone()),
                None => {
                    let authorization = request.headers().get(header::AUTHORIZATION);
                    layer
                        .palisade
                        .authorize(authorization, &layer.requirement)
                        .await
                }
            };
            match verified {
                Ok(claims) => {
                    request.extensions_mut().insert(Verified { claims, by });
                    inner.call(request).await
                }
                Err(refusal) => Ok(refusal.into_response()),
            }
        })
    }
}

/// The verified claims, put there by a [`RequireLayer`] in front of the
/// route (without one: 401, the route is not protected).
impl<S: Send + Sync> FromRequestParts<S> for Claims {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        parts
            .extensions
            .get::<Verified>()
            .map(|v| v.claims.clone())
            .ok_or(Refusal::Missing)
    }
}
