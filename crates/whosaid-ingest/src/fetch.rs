//! Fetching articles and feeds over HTTP(S), politely and within bounds: a user agent
//! naming whosaid, timeouts, at most [`MAX_REDIRECTS`] redirects, bodies cut off at
//! [`Fetcher::max_bytes`]. Only what the user asks for is fetched (a URL given as an
//! input, and the pages of a fetched feed's items that carry only a summary).

use std::io::Read;
use std::time::Duration;

use crate::{read_bytes, Item};

/// Most redirects followed.
pub const MAX_REDIRECTS: usize = 5;
/// A feed item whose text is shorter than this is a summary: its page is fetched.
pub const SUMMARY_CHARS: usize = 600;

/// An HTTP client with whosaid's limits.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::blocking::Client,
    pub max_bytes: u64,
}

impl Fetcher {
    /// `timeout` bounds each request (connect and read); bodies over `max_bytes` are
    /// refused.
    pub fn new(timeout: Duration, max_bytes: u64) -> Result<Fetcher, String> {
        let client = reqwest::blocking::Client::builder()
            .user_agent(concat!(
                "whosaid/",
                env!("CARGO_PKG_VERSION"),
                " (news attribution analysis; fetches only what its user asks for)"
            ))
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {e}"))?;
        Ok(Fetcher { client, max_bytes })
    }

    /// The body of `url` (with the final address after redirects).
    pub fn get(&self, url: &str) -> Result<(String, Vec<u8>), String> {
        let resp = self.client.get(url).send().map_err(|e| {
            if e.is_timeout() {
                "timed out".to_string()
            } else if e.is_redirect() {
                format!("more than {MAX_REDIRECTS} redirects")
            } else if e.is_connect() {
                "cannot connect".to_string()
            } else {
                e.to_string()
            }
        })?;
        let status = resp.status();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        if resp.content_length().is_some_and(|n| n > self.max_bytes) {
            return Err(format!("larger than the {} byte limit", self.max_bytes));
        }
        let final_url = resp.url().to_string();
        let mut body = Vec::new();
        resp.take(self.max_bytes + 1)
            .read_to_end(&mut body)
            .map_err(|e| format!("reading the body: {e}"))?;
        if body.len() as u64 > self.max_bytes {
            return Err(format!("larger than the {} byte limit", self.max_bytes));
        }
        Ok((final_url, body))
    }

    /// The items at `url`: a page becomes one article (its id the final address); a
    /// feed one article per item, fetching an item's page when the feed holds only a
    /// summary (the summary is kept, with a note, if the page cannot be had).
    pub fn items(&self, url: &str) -> Vec<Item> {
        let (final_url, body) = match self.get(url) {
            Ok(x) => x,
            Err(message) => {
                return vec![Item::Error {
                    origin: url.to_string(),
                    message,
                }]
            }
        };
        let mut items = read_bytes(&final_url, &body);
        let is_feed = items.len() > 1
            || items.first().is_some_and(
                |i| matches!(i, Item::Article { article, .. } if article.id != final_url),
            );
        for item in &mut items {
            let Item::Article { article, note, .. } = item else {
                continue;
            };
            if article.id == final_url && article.url.is_none() {
                article.url = Some(final_url.clone());
            }
            let link = article.url.clone();
            if !is_feed || article.text.chars().count() >= SUMMARY_CHARS {
                continue;
            }
            let Some(link) = link else { continue };
            match self.get(&link) {
                Ok((page_url, page)) => {
                    if let Some(Item::Article { article: full, .. }) =
                        read_bytes(&page_url, &page).into_iter().next()
                    {
                        if full.text.chars().count() > article.text.chars().count() {
                            article.text = full.text;
                        }
                    }
                }
                Err(e) => *note = Some(format!("kept the feed's summary: {link}: {e}")),
            }
        }
        items
    }
}

/// Is this input a web address?
pub fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}
