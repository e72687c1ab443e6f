//! Server-rendered pages. Everything reads without JavaScript; `app.js` only opens
//! the attribution a reader clicked, loads "same claim elsewhere" lists, and
//! animates ingest progress. All text from articles goes through maud's escaping.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use whosaid_claims::view::{ConflictView, OutletRow, Side};
use whosaid_core::schema::{AttributionOut, LinkOut};
use whosaid_store::Store;

use crate::api::{self, IngestBody, Page};
use crate::cache::{self, Entry};
use crate::{jobs, ApiError, Shared};

/// Claim groups and conflicts per page.
const PER_PAGE: usize = 50;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(home))
        .route("/stories/{name}", get(story))
        .route("/stories/{name}/sources", get(sources))
        .route("/stories/{name}/timeline", get(timeline))
        .route("/articles", get(articles))
        .route("/articles/{id}", get(article))
        .route("/articles/{id}/attributions/{n}/elsewhere", get(elsewhere))
        .route("/search", get(search))
        .route("/ingest", get(ingest_form).post(ingest_post))
        .route("/jobs/{id}", get(job))
}

/// An error as a page.
pub struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = self.0.status.canonical_reason().unwrap_or("Error");
        let body = layout(
            title,
            html! {
                h1 { (title) }
                p.error role="alert" { (self.0.message) }
                p { a href="/" { "Back to the stories" } }
            },
            None,
        );
        (self.0.status, body).into_response()
    }
}

type PageResult = Result<Markup, PageError>;

fn layout(title: &str, body: Markup, head_extra: Option<Markup>) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — whosaid" }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
                @if let Some(extra) = head_extra { (extra) }
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header {
                    nav aria-label="Main" {
                        a.brand href="/" { "whosaid" }
                        a href="/" { "Stories" }
                        a href="/articles" { "Articles" }
                        a href="/search" { "Search" }
                        a href="/ingest" { "Ingest" }
                    }
                }
                main id="main" tabindex="-1" { (body) }
                footer {
                    p { "whosaid — who said what, through whom, how sure. "
                        a href="/api/openapi.json" { "JSON API (OpenAPI)" } }
                }
            }
        }
    }
}

fn pct(x: usize, of: usize) -> String {
    format!("{:.0}%", 100.0 * x as f64 / of.max(1) as f64)
}

fn label<T: serde::Serialize>(t: &T) -> String {
    match serde_json::to_value(t) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        Ok(v) => v.to_string(),
        Err(_) => String::new(),
    }
}

/// Only http(s) addresses become links; anything else (javascript:, data:) is text.
fn safe_url(u: &str) -> Option<&str> {
    let l = u.trim_start().to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://")).then_some(u.trim())
}

fn shares(s: &OutletRow) -> Markup {
    html! {
        p.shares {
            "Claims resting on: "
            strong { "named" } " sources " (pct(s.named, s.claims)) " (" (s.named) "), "
            strong { "anonymous" } " individuals " (pct(s.anonymous, s.claims)) " (" (s.anonymous) "), "
            strong { "unnamed" } " groups or reports " (pct(s.unnamed, s.claims)) " (" (s.unnamed) "), "
            "no resolved source " (pct(s.unknown, s.claims)) " (" (s.unknown) ")."
        }
    }
}

fn story_nav(name: &str, here: &str) -> Markup {
    let enc = urlencode(name);
    let items = [
        ("Overview", format!("/stories/{enc}")),
        ("Sources", format!("/stories/{enc}/sources")),
        ("Timeline", format!("/stories/{enc}/timeline")),
        ("Articles", format!("/articles?story={enc}")),
    ];
    html! {
        nav.tabs aria-label="Story" {
            @for (t, href) in items {
                @if t == here { a href=(href) aria-current="page" { (t) } }
                @else { a href=(href) { (t) } }
            }
        }
    }
}

/// Percent-encodes a path or query component.
fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn chain_list(chain: &[String]) -> Markup {
    html! {
        ol.chain aria-label="Provenance chain, from the original speaker to this article" {
            @for link in chain { li { (link) } }
        }
    }
}

fn side_box(s: &Side, which: &str, heading: &str) -> Markup {
    html! {
        div class=(format!("side {which}")) {
            h4 { (heading) }
            blockquote.content { "“" (s.content) "”" }
            p.meta {
                "Certainty: " strong.certainty { (s.certainty.as_deref().unwrap_or("unknown")) }
                " · independent origins: " strong { (s.independent_origins) }
            }
            @if !s.speakers.is_empty() { p { "Speakers: " (s.speakers.join(", ")) } }
            @if !s.outlets.is_empty() { p { "Outlets: " (s.outlets.join(", ")) } }
            h5 { "Chain" }
            (chain_list(&s.chain))
            p { a.attr-link href=(format!("/articles/{}#attr-{}", s.article, s.index)) { "Read in context" } }
        }
    }
}

fn conflict_box(c: &ConflictView) -> Markup {
    html! {
        article.conflict {
            h3.reason {
                (c.reason)
                @if let Some(st) = c.stance { " — stance of the counter-claim: " (st) }
            }
            div.sides {
                (side_box(&c.claim, "claim", "Claim"))
                (side_box(&c.counter_claim, "counter", "Counter-claim"))
            }
        }
    }
}

async fn home(State(st): State<Shared>) -> PageResult {
    let stories = api::story_rows(&st).await?;
    let counts = st.with_store(|s| Ok(s.counts()?)).await?;
    Ok(layout(
        "Stories",
        html! {
            h1 { "Stories" }
            p { "The store holds " (counts.articles) " article(s) (" (counts.duplicates) " duplicate(s)) with "
                (counts.attributions) " attribution(s)." }
            @if stories.is_empty() {
                p { "No story yet. Create one with "
                    code { "whosaid story create NAME --query \"ceasefire OR Doha\"" }
                    " or " code { "POST /api/stories" } "." }
            } @else {
                table {
                    caption { "Saved stories" }
                    thead { tr { th scope="col" { "Story" } th scope="col" { "Query" } th scope="col" { "Articles" } } }
                    tbody {
                        @for s in &stories {
                            tr {
                                td { a href=(format!("/stories/{}", urlencode(&s.name))) { (s.name) } }
                                td { code { (s.query) } }
                                td.num { (s.articles) }
                            }
                        }
                    }
                }
            }
            (search_form(""))
        },
        None,
    ))
}

fn search_form(q: &str) -> Markup {
    html! {
        form.search action="/search" method="get" role="search" {
            label for="q" { "Search articles and claims" }
            input id="q" name="q" type="search" value=(q);
            button type="submit" { "Search" }
        }
    }
}

#[derive(Debug, Deserialize)]
struct StoryPage {
    page: Option<usize>,
}

async fn story(
    State(st): State<Shared>,
    Path(name): Path<String>,
    Query(p): Query<StoryPage>,
) -> Result<Response, PageError> {
    let e = cache::get(&st, Some(&name)).await?;
    let page = p.page.unwrap_or(0);
    let html = if page == 0 {
        // the first page is what nearly every visitor asks for: rendered once per view
        e.first_page
            .get_or_init(|| story_page(&name, &e, 0).into_string().into())
            .clone()
    } else {
        story_page(&name, &e, page).into_string().into()
    };
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response())
}

fn story_page(name: &str, e: &Entry, page: usize) -> Markup {
    let v = &e.view;
    let first = page * PER_PAGE;
    let groups: Vec<_> = (first..v.groups.len().min(first + PER_PAGE))
        .filter_map(|g| e.group_summary(g))
        .collect();
    let enc = urlencode(name);
    layout(
        &format!("Story {name}"),
        html! {
            h1 { "Story: " (name) }
            (story_nav(name, "Overview"))
            @if let Some(q) = &e.query { p { "Articles matching " code { (q) } "." } }
            dl.summary {
                dt { "Articles" } dd { (e.articles) }
                dt { "Claims" } dd { (v.claims.len()) }
                dt { "Claim groups" } dd { (v.groups.len()) }
                dt { "Conflicts" } dd { (v.conflicts.len()) }
            }
            (shares(&v.source_shares()))
            section id="conflicts" aria-labelledby="conflicts-h" {
                h2 id="conflicts-h" { "Conflicts (" (v.conflicts.len()) ")" }
                @if v.conflicts.is_empty() { p { "No contradicting claims found." } }
                @for c in v.conflicts.iter().skip(first).take(PER_PAGE) { (conflict_box(c)) }
            }
            section id="claims" aria-labelledby="claims-h" {
                h2 id="claims-h" { "Claims, most corroborated first" }
                ol.groups start=(first + 1) {
                    @for g in &groups {
                        li.group id=(format!("group-{}", g.id)) {
                            blockquote.content { "“" (g.content) "”" }
                            p.meta {
                                strong { (g.independent_origins) } " independent origin(s) · "
                                (g.claims) " claim(s) · first seen " (g.first_seen.unwrap_or("undated"))
                                " · certainty " (g.certainty.unwrap_or("unknown"))
                            }
                            @if !g.speakers.is_empty() { p { "Speakers: " (g.speakers.join(", ")) } }
                            @if !g.outlets.is_empty() { p { "Outlets: " (g.outlets.join(", ")) } }
                            p { a.attr-link href=(format!("/articles/{}#attr-{}", g.article, g.index)) { "Read in context" } }
                        }
                    }
                }
                nav.pages aria-label="Pages" {
                    @if page > 0 { a rel="prev" href=(format!("/stories/{enc}?page={}", page - 1)) { "← Previous" } }
                    @if first + PER_PAGE < v.groups.len().max(v.conflicts.len()) {
                        a rel="next" href=(format!("/stories/{enc}?page={}", page + 1)) { "Next →" }
                    }
                }
            }
        },
        None,
    )
}

fn bar(parts: &[(usize, &str)], total: usize) -> Markup {
    let mut x = 0.0;
    let rects: Vec<(f64, f64, &str)> = parts
        .iter()
        .map(|(n, class)| {
            let w = 120.0 * *n as f64 / total.max(1) as f64;
            let at = x;
            x += w;
            (at, w, *class)
        })
        .collect();
    html! {
        svg.bar width="120" height="12" viewBox="0 0 120 12" aria-hidden="true" {
            @for (at, w, class) in rects {
                rect class=(class) x=(format!("{at:.1}")) y="0" width=(format!("{w:.1}")) height="12" {}
            }
        }
    }
}

async fn sources(State(st): State<Shared>, Path(name): Path<String>) -> PageResult {
    let e = cache::get(&st, Some(&name)).await?;
    let v = &e.view;
    Ok(layout(
        &format!("Sources — {name}"),
        html! {
            h1 { "Sources: " (name) }
            (story_nav(&name, "Sources"))
            (shares(&v.source_shares()))
            h2 { "Per outlet" }
            table {
                caption { "Claims per outlet by kind of source" }
                thead { tr {
                    th scope="col" { "Outlet" } th scope="col" { "Claims" } th scope="col" { "Named" }
                    th scope="col" { "Anonymous" } th scope="col" { "Unnamed" } th scope="col" { "Unresolved" }
                    th scope="col" { "Share" }
                } }
                tbody {
                    @for o in &v.outlets {
                        tr {
                            th scope="row" { (o.outlet) }
                            td.num { (o.claims) }
                            td.num { (pct(o.named, o.claims)) }
                            td.num { (pct(o.anonymous, o.claims)) }
                            td.num { (pct(o.unnamed, o.claims)) }
                            td.num { (pct(o.unknown, o.claims)) }
                            td { (bar(&[(o.named, "named"), (o.anonymous, "anonymous"), (o.unnamed, "unnamed"), (o.unknown, "unknown")], o.claims)) }
                        }
                    }
                }
            }
            h2 { "Who is quoted" }
            table {
                caption { "Speakers by number of claims" }
                thead { tr {
                    th scope="col" { "Speaker" } th scope="col" { "Type" } th scope="col" { "Claims" }
                    th scope="col" { "Articles" } th scope="col" { "Claim groups" } th scope="col" { "Outlets" }
                } }
                tbody {
                    @for s in v.sources.iter().take(500) {
                        tr {
                            th scope="row" { (s.speaker) }
                            td { (s.kind.replace('_', " ")) }
                            td.num { (s.claims) }
                            td.num { (s.articles) }
                            td {
                                (s.groups.len()) ": "
                                @for (k, g) in s.groups.iter().take(5).enumerate() {
                                    @if k > 0 { ", " }
                                    a href=(format!("/stories/{}?page={}#group-{g}", urlencode(&name), g / PER_PAGE))
                                        title=(e.representative_text(*g)) { "#" (g) }
                                }
                                @if s.groups.len() > 5 { " …" }
                            }
                            td { (s.outlets.join(", ")) }
                        }
                    }
                }
            }
            @if v.sources.len() > 500 { p { "The first 500 of " (v.sources.len()) " speakers; all are in "
                a href=(format!("/api/stories/{}/sources", urlencode(&name))) { "the API" } "." } }
        },
        None,
    ))
}

fn chart(e: &Entry) -> Markup {
    let days = &e.view.days;
    let (w, h, pad) = (760.0f64, 220.0f64, 30.0f64);
    let most = days.iter().map(|d| d.claims).max().unwrap_or(1).max(1) as f64;
    let n = days.len().max(1) as f64;
    let step = (w - 2.0 * pad) / n;
    let bw = (step * 0.7).max(1.0);
    let first = days.first().map(|d| d.date.as_str()).unwrap_or("");
    let last = days.last().map(|d| d.date.as_str()).unwrap_or("");
    let every = (days.len() / 8).max(1);
    let desc = format!(
        "Claims per day from {first} to {last}: {} day(s), at most {most} claims a day; red marks days with new conflicts",
        days.len()
    );
    html! {
        svg.chart viewBox=(format!("0 0 {w} {}", h + 40.0)) role="img" aria-label=(desc) {
            title { (desc) }
            line.axis x1=(pad) y1=(h) x2=(w - pad) y2=(h) {}
            @for (i, d) in days.iter().enumerate() {
                @let x = pad + i as f64 * step;
                @let bh = (h - 20.0) * d.claims as f64 / most;
                g {
                    title { (d.date) ": " (d.claims) " claims, " (d.new_groups) " new claim groups, " (d.conflicts) " conflicts" }
                    rect.claims x=(format!("{x:.1}")) y=(format!("{:.1}", h - bh)) width=(format!("{bw:.1}")) height=(format!("{bh:.1}")) {}
                    @if d.conflicts > 0 {
                        circle.conflict cx=(format!("{:.1}", x + bw / 2.0)) cy=(format!("{:.1}", h - bh - 8.0)) r="5" {}
                    }
                }
                @if i % every == 0 {
                    text x=(format!("{x:.1}")) y=(format!("{:.1}", h + 16.0)) { (d.date) }
                }
            }
        }
    }
}

async fn timeline(State(st): State<Shared>, Path(name): Path<String>) -> PageResult {
    let e = cache::get(&st, Some(&name)).await?;
    Ok(layout(
        &format!("Timeline — {name}"),
        html! {
            h1 { "Timeline: " (name) }
            (story_nav(&name, "Timeline"))
            (chart(&e))
            table {
                caption { "Claims, new claim groups and conflicts per day" }
                thead { tr { th scope="col" { "Day" } th scope="col" { "Claims" } th scope="col" { "New claim groups" } th scope="col" { "Conflicts" } } }
                tbody {
                    @for d in &e.view.days {
                        tr { th scope="row" { (d.date) } td.num { (d.claims) } td.num { (d.new_groups) } td.num { (d.conflicts) } }
                    }
                }
            }
        },
        None,
    ))
}

async fn articles(State(st): State<Shared>, Query(p): Query<Page>) -> PageResult {
    let (off, lim) = (p.offset(), p.limit(100));
    let story = p.story.clone();
    let (total, rows) = api::article_page(&st, story.clone(), off, lim).await?;
    let q = |o: usize| match &story {
        Some(s) => format!("/articles?story={}&offset={o}&limit={lim}", urlencode(s)),
        None => format!("/articles?offset={o}&limit={lim}"),
    };
    Ok(layout(
        "Articles",
        html! {
            @if let Some(s) = &story { h1 { "Articles: " (s) } (story_nav(s, "Articles")) }
            @else { h1 { "Articles" } }
            p { (total) " article(s)." }
            table {
                caption { "Articles " (off + 1) "–" (off + rows.len()) }
                thead { tr { th scope="col" { "Title" } th scope="col" { "Outlet" } th scope="col" { "Published" } th scope="col" { "Attributions" } } }
                tbody {
                    @for (r, n) in &rows {
                        tr {
                            td { a href=(format!("/articles/{}", r.id)) { (r.title.as_deref().unwrap_or(&r.key)) } }
                            td { (r.outlet.as_deref().unwrap_or("")) }
                            td { (r.published.as_deref().unwrap_or("")) }
                            td.num { (n) }
                        }
                    }
                }
            }
            nav.pages aria-label="Pages" {
                @if off > 0 { a rel="prev" href=(q(off.saturating_sub(lim))) { "← Previous" } }
                @if off + lim < total { a rel="next" href=(q(off + lim)) { "Next →" } }
            }
        },
        None,
    ))
}

/// The article text with each attribution's source, cue and content marked; where
/// spans nest, the innermost (shortest) one marks the text.
fn marked_text(text: &str, attrs: &[AttributionOut]) -> Markup {
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let n = bytes.len() - 1;
    // (start, end, attribution, role)
    let mut marks: Vec<(usize, usize, usize, &str)> = Vec::new();
    for a in attrs {
        for (role, spans) in [
            ("source", &a.source),
            ("cue", &a.cue),
            ("content", &a.content),
        ] {
            for s in spans {
                let (b, e) = (s[0].min(n), s[1].min(n));
                if b < e {
                    marks.push((b, e, a.id, role));
                }
            }
        }
    }
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.0, m.1]).collect();
    cuts.push(0);
    cuts.push(n);
    cuts.sort_unstable();
    cuts.dedup();
    html! {
        @for w in cuts.windows(2) {
            @let (b, e) = (w[0], w[1]);
            @let piece = &text[bytes[b]..bytes[e]];
            @let inner = marks.iter().filter(|m| m.0 <= b && e <= m.1).min_by_key(|m| (m.1 - m.0, std::cmp::Reverse(m.2)));
            @match inner {
                Some(&(_, _, id, role)) => {
                    a class=(format!("seg role-{role}")) href=(format!("#attr-{id}")) data-attr=(id)
                        title=(format!("{role} of attribution {id}")) { (piece) }
                }
                None => { (piece) }
            }
        }
    }
}

fn link_item(l: &LinkOut) -> Markup {
    html! { li { span.role { (label(&l.role)) ": " } (l.name) } }
}

fn attribution_box(article: i64, a: &AttributionOut) -> Markup {
    let t = a.text.as_ref();
    let who = a
        .speaker
        .as_ref()
        .map(|s| s.name.clone())
        .or_else(|| t.map(|t| t.source.clone()).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "(no source)".into());
    let content = t.map(|t| t.content.as_str()).unwrap_or("");
    let short: String = if content.chars().count() > 140 {
        content.chars().take(139).chain(['…']).collect()
    } else {
        content.to_string()
    };
    html! {
        details.attr id=(format!("attr-{}", a.id)) data-article=(article) data-attr=(a.id) {
            summary {
                span.tag { "#" (a.id) " " (label(&a.kind)) } " "
                strong { (who) } " — " em { (t.map(|t| t.cue.as_str()).unwrap_or("")) } ": " (short)
                @if let Some(c) = &a.certainty { " " span.tag.certainty { (label(&c.label)) } }
            }
            dl {
                dt { "Source" } dd.role-source-text { (t.map(|t| t.source.as_str()).unwrap_or("—")) }
                dt { "Cue" } dd.role-cue-text { (t.map(|t| t.cue.as_str()).unwrap_or("—")) }
                dt { "Content" } dd.role-content-text { (content) }
                @if let Some(s) = &a.speaker {
                    dt { "Speaker" }
                    dd {
                        (s.name) " (" (label(&s.kind)) ", " (label(&s.form))
                        @if let Some(ti) = &s.title { "; " (ti) }
                        @if let Some(af) = &s.affiliation { "; " (af) }
                        ")"
                    }
                }
                @if let Some(r) = &a.recipient { dt { "Told to" } dd { (r.name) } }
                @if let Some(m) = &a.medium { dt { "Medium" } dd { (m.name) } }
                @if let Some(c) = &a.certainty {
                    dt { "Certainty" }
                    dd {
                        strong { (label(&c.label)) } " (cue: " (label(&c.cue_stance))
                        @if c.negated { "; negated" }
                        "; modality: " (label(&c.modality))
                        @if let Some(pv) = &c.parent_view { "; the reporting speaker " (label(pv)) " it" }
                        ")"
                    }
                }
                @if let Some(p) = a.parent { dt { "Inside" } dd { a href=(format!("#attr-{p}")) { "attribution #" (p) } } }
                dt { "Confidence" } dd { (format!("{:.2}", a.confidence)) }
            }
            h4 { "Chain" }
            @match &a.chain {
                Some(chain) if !chain.is_empty() => {
                    ol.chain aria-label="Provenance chain, from the original speaker to this article" {
                        @for l in chain { (link_item(l)) }
                    }
                }
                _ => { ol.chain { li { (who) } li { "this article" } } }
            }
            h4 { "Same claim elsewhere" }
            div.elsewhere data-src=(format!("/api/articles/{article}/attributions/{}/elsewhere", a.id)) {
                a href=(format!("/articles/{article}/attributions/{}/elsewhere", a.id)) { "Find other articles carrying this claim" }
            }
        }
    }
}

async fn article(State(st): State<Shared>, Path(id): Path<i64>) -> PageResult {
    let a = api::load_article(&st, id).await?;
    let title = a.row.title.clone().unwrap_or_else(|| a.row.key.clone());
    Ok(layout(
        &title,
        html! {
            h1 { (title) }
            dl.summary {
                @if let Some(o) = &a.row.outlet { dt { "Outlet" } dd { (o) } }
                @if let Some(p) = &a.row.published { dt { "Published" } dd { (p) } }
                @if let Some(au) = &a.row.author { dt { "Author" } dd { (au) } }
                @if let Some(u) = &a.row.url {
                    dt { "Address" }
                    dd { @match safe_url(u) {
                        Some(u) => { a href=(u) rel="noopener noreferrer nofollow" { (u) } }
                        None => { (u) }
                    } }
                }
                @if let Some(d) = a.row.duplicate_of { dt { "Copy of" } dd { a href=(format!("/articles/{d}")) { "article " (d) } } }
                dt { "Attributions" } dd { (a.attributions.len()) }
            }
            p.legend {
                "Marked in the text: "
                span.seg.role-source { "source" } " (bold), "
                span.seg.role-cue { "cue" } " (underlined), "
                span.seg.role-content { "content" } " (italic). "
                "Select a marked passage to see its attribution."
            }
            section aria-labelledby="text-h" {
                h2 id="text-h" { "Text" }
                div id="article-text" { (marked_text(&a.text, &a.attributions)) }
            }
            section aria-labelledby="attrs-h" {
                h2 id="attrs-h" { "Attributions" }
                @for at in &a.attributions { (attribution_box(id, at)) }
            }
            @if !a.entities.is_empty() {
                section aria-labelledby="ents-h" {
                    h2 id="ents-h" { "Entities" }
                    table {
                        caption { "People, organisations, outlets and places named in the article" }
                        thead { tr { th scope="col" { "Name" } th scope="col" { "Kind" } th scope="col" { "Titles" } th scope="col" { "Affiliations" } th scope="col" { "Mentions" } } }
                        tbody {
                            @for e in &a.entities {
                                tr { th scope="row" { (e.name) } td { (label(&e.kind)) } td { (e.titles.join("; ")) } td { (e.affiliations.join("; ")) } td.num { (e.mentions.len()) } }
                            }
                        }
                    }
                }
            }
        },
        None,
    ))
}

async fn elsewhere(State(st): State<Shared>, Path((id, n)): Path<(i64, usize)>) -> PageResult {
    let (a, claims) = st
        .with_store(move |s| {
            let a = s
                .article(id)?
                .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
            let content = a
                .attributions
                .iter()
                .find(|x| x.id == n)
                .and_then(|x| x.text.as_ref())
                .map(|t| t.content.clone())
                .ok_or_else(|| {
                    ApiError::not_found(format!("article {id} has no attribution {n}"))
                })?;
            let claims = api::same_claim_elsewhere(s, &content, id)?;
            Ok((content, claims))
        })
        .await?;
    Ok(layout(
        "Same claim elsewhere",
        html! {
            h1 { "Same claim elsewhere" }
            blockquote.content { "“" (a) "”" }
            p { a href=(format!("/articles/{id}#attr-{n}")) { "Back to the article" } }
            @if claims.is_empty() { p { "No other article carries this claim." } }
            ul {
                @for c in &claims {
                    li {
                        a href=(format!("/articles/{}#attr-{}", c.article, c.index)) { (c.outlet.as_deref().unwrap_or(&c.article_key)) }
                        ": " (c.speaker.as_deref().unwrap_or(&c.source)) " — “" (c.content) "”"
                    }
                }
            }
        },
        None,
    ))
}

#[derive(Debug, Deserialize)]
struct SearchParams {
    q: Option<String>,
}

async fn search(State(st): State<Shared>, Query(p): Query<SearchParams>) -> PageResult {
    let q = p.q.unwrap_or_default();
    let hits = if q.trim().is_empty() {
        Vec::new()
    } else {
        let qq = q.clone();
        match st.with_store(move |s| Ok(s.search(&qq, 50)?)).await {
            Ok(h) => h,
            Err(e) if e.status == StatusCode::BAD_REQUEST => {
                return Ok(layout(
                    "Search",
                    html! { h1 { "Search" } (search_form(&q)) p.error role="alert" { (e.message) } },
                    None,
                ))
            }
            Err(e) => return Err(e.into()),
        }
    };
    Ok(layout(
        "Search",
        html! {
            h1 { "Search" }
            (search_form(&q))
            @if !q.trim().is_empty() {
                p { (hits.len()) " hit(s) for " code { (q) } "." }
                ol.hits {
                    @for h in &hits {
                        li {
                            span.tag { (h.what) } " "
                            @let href = match h.attribution { Some(_) => format!("/articles/{}", h.article), None => format!("/articles/{}", h.article) };
                            a href=(href) { (h.title.as_deref().unwrap_or(&h.article_key)) }
                            " — " (h.snippet)
                        }
                    }
                }
            }
        },
        None,
    ))
}

fn ingest_page(st: &Shared, error: Option<&str>) -> Markup {
    layout(
        "Ingest",
        html! {
            h1 { "Ingest" }
            @if st.config.write_token.is_none() {
                p { "This server is read-only. Start it with " code { "whosaid serve --write-token TOKEN" }
                    " (or " code { "WHOSAID_WRITE_TOKEN" } ") to ingest from here; or use " code { "whosaid ingest" } "." }
            } @else {
                @if let Some(e) = error { p.error role="alert" { (e) } }
                form.ingest action="/ingest" method="post" enctype="multipart/form-data" {
                    p { label for="token" { "Write token" } input id="token" name="token" type="password" required autocomplete="current-password"; }
                    fieldset {
                        legend { "Paste an article" }
                        p { label for="title" { "Title" } input id="title" name="title" type="text"; }
                        p { label for="outlet" { "Outlet" } input id="outlet" name="outlet" type="text"; }
                        p { label for="published" { "Published (YYYY-MM-DD)" } input id="published" name="published" type="text"; }
                        p { label for="text" { "Text" } textarea id="text" name="text" rows="10" {} }
                    }
                    fieldset {
                        legend { "Or upload files" }
                        p { label for="files" { "Text, HTML, RSS/Atom or JSON Lines files" } input id="files" name="files" type="file" multiple; }
                    }
                    fieldset {
                        legend { "Or give an address" }
                        p { label for="url" { "Page or feed URL" } input id="url" name="url" type="url" placeholder="https://"; }
                    }
                    button type="submit" { "Ingest" }
                }
            }
        },
        None,
    )
}

async fn ingest_form(State(st): State<Shared>) -> Markup {
    ingest_page(&st, None)
}

async fn ingest_post(State(st): State<Shared>, headers: HeaderMap, body: IngestBody) -> Response {
    let started = async {
        if st.config.write_token.is_none() {
            st.may_write(None)?;
        }
        let (inputs, token) = api::ingest_inputs(&headers, body).await?;
        st.may_write(token.as_deref())?;
        jobs::start(&st, inputs)
    }
    .await;
    match started {
        Ok(id) => Redirect::to(&format!("/jobs/{id}")).into_response(),
        Err(e) => (e.status, ingest_page(&st, Some(&e.message))).into_response(),
    }
}

async fn job(State(st): State<Shared>, Path(id): Path<u64>) -> PageResult {
    let j = st
        .jobs
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("no job {id}")))?;
    let running = j.state == "running";
    let head = running.then(|| html! { noscript { meta http-equiv="refresh" content="2"; } });
    Ok(layout(
        &format!("Ingest job {id}"),
        html! {
            h1 { "Ingest job " (id) }
            div id="job" data-job=(id) data-state=(j.state) {
                p { label for="job-progress" { "Progress" } " "
                    progress id="job-progress" max=(j.items.max(1)) value=(j.processed) { (j.processed) " of " (j.items) }
                    " " span id="job-state" { (j.state) } }
                dl.summary {
                    dt { "Items" } dd id="job-items" { (j.items) }
                    dt { "Processed" } dd id="job-processed" { (j.processed) }
                    dt { "Stored" } dd id="job-stored" { (j.stored) }
                    dt { "Unchanged" } dd id="job-unchanged" { (j.unchanged) }
                    dt { "Duplicates" } dd id="job-duplicates" { (j.duplicates) }
                    dt { "Failed" } dd id="job-failed" { (j.failed) }
                }
                @if !j.messages.is_empty() { h2 { "Messages" } ul { @for m in &j.messages { li { (m) } } } }
                @if !j.articles.is_empty() {
                    h2 { "Stored articles" }
                    ul id="job-articles" { @for a in &j.articles { li { a href=(format!("/articles/{a}")) { "article " (a) } } } }
                }
            }
        },
        head,
    ))
}
