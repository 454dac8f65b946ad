//! The frame around every page: the product, the title, who is signed in,
//! the form token, and the page's language (`Frame` derefs to `Words`, so
//! templates write `frame.t("id")`), with the language menu's links.

use super::ASSET_VERSION;
use crate::infra::i18n::Words;
use crate::web::state::AppState;

/// What the frame around every page shows: the product, the title, who is
/// signed in and the form token.
pub struct Frame {
    pub product: String,
    pub title: String,
    /// The page's language: `frame.t("id")` in templates (see `Words`).
    pub words: Words,
    /// This page's path and query, for the language menu's links.
    pub here: String,
    /// The OIDC `ui_locales` this page was asked in, kept on its forms'
    /// actions so the page drawn after a POST speaks it too.
    pub ui_locales: Option<String>,
    pub csrf: String,
    /// The signed-in user's email, if any.
    pub email: Option<String>,
    /// Whether to show the link to /admin.
    pub admin: bool,
    pub asset_version: &'static str,
    /// Whether the page loads `/assets/passkeys.js` (see `with_script`).
    pub script: bool,
    /// What the tenant's paths start with on this route (`/t/{slug}`, or
    /// empty): every link and form of a page goes through it.
    pub base: String,
}

impl std::ops::Deref for Frame {
    type Target = Words;
    fn deref(&self) -> &Words {
        &self.words
    }
}

/// One entry of the language menu.
pub struct LangLink {
    pub href: String,
    pub tag: String,
    pub name: String,
    pub current: bool,
}

impl Frame {
    /// `?ui_locales=…` when the page was asked in them, else empty: the
    /// end of the sign-in forms' actions.
    pub fn lang_query(&self) -> String {
        self.ui_locales
            .as_ref()
            .map(|u| {
                format!(
                    "?{}",
                    serde_urlencoded::to_string([("ui_locales", u)]).unwrap_or_default()
                )
            })
            .unwrap_or_default()
    }

    /// `path` under this tenant's base (for links built in templates).
    pub fn path(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The language menu: a link per language that sets the cookie and
    /// comes back here. None on a page drawn after a form (no address to
    /// come back to, and it may show a secret only once: recovery codes).
    pub fn menu(&self) -> Vec<LangLink> {
        if self.here.is_empty() {
            return Vec::new();
        }
        self.words
            .languages()
            .into_iter()
            .map(|(tag, name)| {
                // Tenant-relative, like every redirect of a tenant's pages
                // (the tenant router puts its base in front).
                let query = [("lang", tag.as_str()), ("return_to", self.here.as_str())];
                LangLink {
                    href: format!(
                        "{}/language?{}",
                        self.base,
                        serde_urlencoded::to_string(query).unwrap_or_default()
                    ),
                    current: tag == self.words.lang,
                    tag,
                    name,
                }
            })
            .collect()
    }

    /// The frame for a visitor not known to be signed in, titled `title`
    /// (already in `words`' language).
    pub fn anonymous(state: &AppState, words: Words, title: String) -> Self {
        Self {
            product: state.config.product_name.clone(),
            title,
            words,
            here: String::new(),
            ui_locales: None,
            csrf: String::new(),
            email: None,
            admin: false,
            asset_version: ASSET_VERSION,
            script: false,
            base: state.site.base_path.clone(),
        }
    }
}
