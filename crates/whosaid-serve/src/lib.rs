//! `whosaid serve`: a JSON API and a web dashboard over a whosaid store.
//!
//! - [`router`] builds the axum application: server-rendered pages (they read
//!   without JavaScript; a little embedded script opens attributions and shows ingest
//!   progress), the JSON API under `/api` (documented by the OpenAPI document at
//!   `/api/openapi.json`), and embedded static assets. Nothing is read from the file
//!   system on a request: assets are compiled in, and articles come from the store.
//! - Article text is untrusted: every page escapes it (maud), and every response
//!   carries a Content-Security-Policy that forbids inline script, so markup in an
//!   article renders as text and cannot run.
//! - Reading is open; writing (ingest, story creation) needs the write token the
//!   server was started with, as `Authorization: Bearer TOKEN` (API) or a `token`
//!   form field (pages). Without a configured token the server is read-only.
//! - Derived story views (claim groups, conflicts, sources, timeline) are computed
//!   once per store state ([`whosaid_store::Store::marker`]) and shared by all
//!   requests, so reading a story costs a lookup, not a regrouping.
//!
//! Extraction is not this crate's business: the binary passes an [`Analyzer`] that
//! turns an article into its public record, and optionally a stance model.

mod api;
mod assets;
mod cache;
mod jobs;
mod openapi;
mod pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use whosaid_core::schema::ArticleOut;
use whosaid_core::Article;
use whosaid_store::SqliteStore;

pub use openapi::document as openapi_document;

/// Turns an article into its public record (extraction and resolution).
pub trait Analyzer: Send + Sync + 'static {
    fn analyze(&self, article: &Article) -> Option<ArticleOut>;
}

/// A stance model: the label of the second text towards the first.
pub type StanceFn = Arc<dyn Fn(&str, &str) -> &'static str + Send + Sync>;

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] whosaid_store::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
}

/// How the server runs.
#[derive(Clone)]
pub struct Config {
    /// The store file.
    pub db: PathBuf,
    /// Requests that write must carry this token; `None`: read-only.
    pub write_token: Option<String>,
    /// The largest request body accepted (ingest uploads), in bytes.
    pub max_body: usize,
    /// Timeout and size limit for fetching a URL or feed given to ingest.
    pub fetch_timeout: std::time::Duration,
    pub fetch_max_bytes: u64,
}

impl Config {
    pub fn new(db: PathBuf) -> Config {
        Config {
            db,
            write_token: None,
            max_body: 16 * 1024 * 1024,
            fetch_timeout: std::time::Duration::from_secs(20),
            fetch_max_bytes: 20 * 1024 * 1024,
        }
    }
}

/// What the handlers share.
pub struct AppState {
    config: Config,
    /// The reading connection (SQLite in WAL mode: writers do not block it for long).
    store: Mutex<SqliteStore>,
    cache: cache::Cache,
    jobs: jobs::Jobs,
    analyzer: Option<Arc<dyn Analyzer>>,
    stance: Option<StanceFn>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// Opens the store (creating it when missing).
    pub fn new(
        config: Config,
        analyzer: Option<Arc<dyn Analyzer>>,
        stance: Option<StanceFn>,
    ) -> Result<Shared, Error> {
        let store = SqliteStore::open(&config.db)?;
        Ok(Arc::new(AppState {
            config,
            store: Mutex::new(store),
            cache: cache::Cache::default(),
            jobs: jobs::Jobs::default(),
            analyzer,
            stance,
        }))
    }

    /// Runs `f` on the reading connection, off the async threads.
    async fn with_store<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let guard = me
                .store
                .lock()
                .map_err(|_| ApiError::internal("the store lock was poisoned"))?;
            f(&guard)
        })
        .await
        .map_err(|e| ApiError::internal(format!("a store task failed: {e}")))?
    }

    /// Whether `token` is the configured write token (constant time in its length).
    fn may_write(&self, token: Option<&str>) -> Result<(), ApiError> {
        let Some(expected) = &self.config.write_token else {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "this server is read-only: start it with --write-token to allow ingest",
            ));
        };
        let given = token.unwrap_or("").as_bytes();
        let want = expected.as_bytes();
        let same = given.len() == want.len()
            && given
                .iter()
                .zip(want)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "a valid write token is required (Authorization: Bearer TOKEN)",
            ))
        }
    }
}

/// An error answered to a client: a status and a message, as JSON for the API.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, what)
    }
    fn bad_request(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, what)
    }
    fn internal(what: impl Into<String>) -> ApiError {
        let message = what.into();
        tracing::error!("{message}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<whosaid_store::Error> for ApiError {
    fn from(e: whosaid_store::Error) -> ApiError {
        match e {
            whosaid_store::Error::NoStory(_) => ApiError::not_found(e.to_string()),
            whosaid_store::Error::Query { .. } => ApiError::bad_request(e.to_string()),
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message, "status": self.status.as_u16() });
        (self.status, axum::Json(body)).into_response()
    }
}

/// The security headers every response carries.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The whole application.
pub fn router(state: Shared) -> Router {
    let max_body = state.config.max_body;
    Router::new()
        .merge(pages::routes())
        .nest("/api", api::routes())
        .merge(assets::routes())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .with_state(state)
}

/// Binds `addr` and serves until `shutdown` resolves. `on_listen` gets the bound
/// address (a port of 0 picks a free one). Story views are computed in the
/// background right after binding, so the first visitor does not wait for them.
pub async fn serve(
    state: Shared,
    addr: SocketAddr,
    on_listen: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Bind { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| Error::Bind { addr, source })?;
    on_listen(bound);
    let warm = Arc::clone(&state);
    tokio::spawn(async move { cache::warm(&warm).await });
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(Error::Serve)
}

/// Serves on a runtime of its own until Ctrl-C or SIGTERM (for the binary, which
/// has no async code of its own).
pub fn serve_blocking(
    state: Shared,
    addr: SocketAddr,
    on_listen: impl FnOnce(SocketAddr),
) -> Result<(), Error> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Serve)?;
    rt.block_on(serve(state, addr, on_listen, shutdown_signal()))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
