//! `whosaid serve`: the dashboard and JSON API (crate whosaid-serve), with this
//! binary's extraction models and stance model plugged in.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use whosaid_core::schema::ArticleOut;
use whosaid_core::Article;
use whosaid_extract::Extractor;
use whosaid_resolve::Resolver;

use crate::cli::{ResolveArgs, ServeArgs};
use crate::extract::{analyze_one, load_extractor, load_resolver};
use crate::ledger::db_path;

struct Models {
    ex: Extractor,
    resolver: Option<Resolver>,
}

impl whosaid_serve::Analyzer for Models {
    fn analyze(&self, article: &Article) -> Option<ArticleOut> {
        let (attrs, res) = analyze_one(&self.ex, self.resolver.as_ref(), article, false);
        ArticleOut::from_resolved(article, &attrs, res.as_ref(), false, true).ok()
    }
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let db = db_path(&args.db);
    let models = Models {
        ex: load_extractor(&args.model)?,
        resolver: load_resolver(&ResolveArgs {
            no_resolve: false,
            gazetteer: args.gazetteer.clone(),
        })?,
    };
    let stance: Option<whosaid_serve::StanceFn> = crate::stance::builtin().ok().map(|m| {
        let f: whosaid_serve::StanceFn = Arc::new(move |a: &str, b: &str| m.predict(a, b).as_str());
        f
    });
    let mut config = whosaid_serve::Config::new(db.clone());
    config.write_token = args.write_token.filter(|t| !t.is_empty());
    config.max_body = args.max_body;
    let state = whosaid_serve::AppState::new(config.clone(), Some(Arc::new(models)), stance)
        .with_context(|| format!("opening the store {}", db.display()))?;
    if !args.bind.is_loopback() {
        eprintln!(
            "whosaid: warning: listening on {}, reachable from other machines{}",
            args.bind,
            if config.write_token.is_some() {
                "; writes need the token, sent in clear over plain HTTP"
            } else {
                ""
            }
        );
    }
    let addr = std::net::SocketAddr::new(args.bind, args.port);
    whosaid_serve::serve_blocking(state, addr, |bound| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "whosaid: serving http://{bound}/");
        let _ = out.flush();
        eprintln!(
            "whosaid: store {} ({}); Ctrl-C stops",
            db.display(),
            if config.write_token.is_some() {
                "writable with the token"
            } else {
                "read-only"
            }
        );
    })
    .with_context(|| format!("serving {}", db.display()))?;
    Ok(ExitCode::SUCCESS)
}
