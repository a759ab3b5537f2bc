//! The files Haven serves itself: htmx (from the npm registry, see `assets/package.json`) and
//! the style sheet. Embedded in the binary, so a deployment is one file.

use axum::http::header;
use axum::response::IntoResponse;

pub(crate) const HTMX: &[u8] = include_bytes!("../assets/vendor/htmx.min.js");
const STYLE: &str = include_str!("../assets/haven.css");

pub(crate) async fn htmx() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        HTMX,
    )
}

pub(crate) async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLE,
    )
}

pub(crate) async fn healthz() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "ok")
}

#[cfg(test)]
mod tests {
    /// The embedded htmx is byte for byte the file the lock file installs: `scripts/test`
    /// runs `npm ci` in `assets/` first.
    #[test]
    fn embedded_htmx_is_the_npm_package() {
        let installed = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/node_modules/htmx.org/dist/htmx.min.js"
        );
        let from_npm = std::fs::read(installed).unwrap_or_else(|e| {
            panic!("{installed}: {e}; run `npm ci --prefix crates/web/assets` (scripts/test does)")
        });
        assert!(
            from_npm == super::HTMX,
            "assets/vendor/htmx.min.js differs from the npm package"
        );
    }
}
