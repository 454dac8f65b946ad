//! Redirect URIs (OAuth 2.1 §2.3.1, RFC 8252): which ones a client may
//! register, and whether one presented at the authorization endpoint is a
//! registered one. Matching is exact, except that a loopback `http://` URI
//! matches on any port (native apps listen on whatever port they get).

use url::Url;

use super::error::FieldError;
use super::locale::Said;

/// The longest redirect URI we store.
const MAX_LEN: usize = 2000;

/// Whether `host` names the machine itself.
fn loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    }
}

/// A private-use scheme (RFC 8252 §7.1) is a reverse domain name such as
/// `com.example.app`: a dot rules out `javascript:`, `data:`, `file:` and
/// the other schemes a browser would act on itself.
fn private_use(scheme: &str) -> bool {
    scheme.contains('.') && !matches!(scheme, "http" | "https")
}

/// Checks a URI a client registers; `field` names it in the error.
/// `allow_http` is `PALISADE_ALLOW_HTTP_REDIRECTS`.
pub fn check(field: &str, uri: &str, allow_http: bool) -> Result<(), FieldError> {
    // `why` in English for the API, `page` the same for a page.
    let refuse =
        |why: &str, page: Said| Err(FieldError::new(field, "invalid_redirect_uri", why).said(page));
    if uri.len() > MAX_LEN {
        return refuse(
            "A redirect URI has at most 2000 characters.",
            Said::new("field-redirect-too-long"),
        );
    }
    if uri.contains('*') {
        return refuse(
            "Redirect URIs are matched exactly: no wildcards.",
            Said::new("field-redirect-wildcard"),
        );
    }
    let Ok(url) = Url::parse(uri) else {
        return refuse(
            "Not an absolute URI.",
            Said::new("field-redirect-not-absolute"),
        );
    };
    if url.fragment().is_some() {
        return refuse(
            "A redirect URI has no fragment (#…).",
            Said::new("field-redirect-fragment"),
        );
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse(
            "A redirect URI holds no user name or password.",
            Said::new("field-redirect-credentials"),
        );
    }
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "http" if url.host().is_some() && (allow_http || loopback(&url)) => Ok(()),
        "http" => refuse(
            "http:// is allowed only on loopback (127.0.0.1, [::1], localhost) unless PALISADE_ALLOW_HTTP_REDIRECTS is set.",
            Said::new("field-redirect-http"),
        ),
        scheme if private_use(scheme) => Ok(()),
        _ => refuse(
            "Use https://, http:// on loopback, or a private-use scheme such as com.example.app:/callback.",
            Said::new("field-redirect-scheme"),
        ),
    }
}

/// The redirect URI to use if `presented` is one of `registered`: the
/// same string, or for a registered loopback `http://` URI the same URI on
/// another port, then as we serialize it (never the raw string sent).
pub fn matching(presented: &str, registered: &[String]) -> Option<String> {
    if let Some(known) = registered.iter().find(|r| *r == presented) {
        return Some(known.clone());
    }
    let asked = Url::parse(presented).ok()?;
    if asked.scheme() != "http" || !loopback(&asked) || asked.fragment().is_some() {
        return None;
    }
    registered
        .iter()
        .any(|r| {
            Url::parse(r).is_ok_and(|mut known| {
                if known.scheme() != "http" || !loopback(&known) {
                    return false;
                }
                // Compare all but the port.
                let _ = known.set_port(asked.port());
                known.as_str() == asked.as_str()
            })
        })
        .then(|| asked.as_str().to_owned())
}

/// Whether `presented` is one of `registered` (see `matching`).
pub fn registered(presented: &str, registered: &[String]) -> bool {
    matching(presented, registered).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_loopback_http_and_private_schemes_are_accepted() {
        for uri in [
            "https://app.example.com/callback",
            "https://app.example.com/cb?tenant=1",
            "http://127.0.0.1/callback",
            "http://[::1]:8400/cb",
            "http://localhost:3000/cb",
            "com.example.app:/oauth2redirect",
        ] {
            assert!(check("redirect_uris", uri, false).is_ok(), "{uri}");
        }
        assert!(check("redirect_uris", "http://app.example.com/cb", true).is_ok());
    }

    #[test]
    fn wildcards_fragments_plain_http_and_dangerous_schemes_are_refused() {
        for uri in [
            "https://*.example.com/cb",
            "https://app.example.com/cb#frag",
            "http://app.example.com/cb",
            "javascript:alert(1)",
            "data:text/html,hi",
            "file:///etc/passwd",
            "/relative/path",
            "https://user:pw@app.example.com/cb",
        ] {
            let refused = check("redirect_uris", uri, false).unwrap_err();
            assert_eq!(refused.code, "invalid_redirect_uri", "{uri}");
        }
    }

    #[test]
    fn presented_uris_match_exactly_except_for_a_loopback_port() {
        let known = vec![
            "https://app.example.com/cb".to_owned(),
            "http://127.0.0.1/native".to_owned(),
        ];
        assert!(registered("https://app.example.com/cb", &known));
        assert!(!registered("https://app.example.com/cb/", &known));
        assert!(!registered("https://app.example.com/cb?x=1", &known));
        assert!(!registered("https://app.example.com/cbx", &known));
        assert!(!registered("https://APP.example.com/cb", &known));
        assert!(registered("http://127.0.0.1:53177/native", &known));
        assert!(!registered("http://127.0.0.1:53177/other", &known));
        assert!(!registered("http://localhost:53177/native", &known));
        assert!(!registered("https://127.0.0.1:53177/native", &known));
    }
}
