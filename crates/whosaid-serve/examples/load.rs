//! A bounded HTTP load test: C concurrent clients GET one URL in a loop for S seconds.
//!
//! ```text
//! cargo run --release -p whosaid-serve --example load -- URL \
//!     [--clients 200] [--seconds 30] [--warmup 2] [--max-p99-ms 100] [--timeout 10] [--threads N]
//! ```
//!
//! One shared `reqwest::Client` (keep-alive, an idle pool as big as the client count, so
//! every client keeps its own connection) runs C tasks; each sends a request, reads the
//! whole body, and sends the next (a closed loop: a slow server gets fewer requests, the
//! latencies are not corrected for that). Requests started during the warm-up are not
//! counted. Prints requests, requests/s, p50/p90/p99/max latency in milliseconds and the
//! errors (non-2xx answers, transport errors and timeouts), then `load: ok`, or
//! `load: FAILED …` with exit status 1 when there were errors or p99 reached
//! `--max-p99-ms`. A first single GET must answer 2xx, else nothing is measured.
//!
//! The client shares the machine with the server when both run on loopback: its own
//! work counts in the figures. `--threads` sets its runtime's worker threads (default:
//! one per core).

use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: load URL [--clients 200] [--seconds 30] [--warmup 2] \
[--max-p99-ms 100] [--timeout 10] [--threads N]";

#[derive(Debug, Clone)]
struct Args {
    url: String,
    clients: usize,
    seconds: f64,
    warmup: f64,
    max_p99_ms: f64,
    timeout: f64,
    threads: Option<usize>,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut url = None;
    let mut a = Args {
        url: String::new(),
        clients: 200,
        seconds: 30.0,
        warmup: 2.0,
        max_p99_ms: 100.0,
        timeout: 10.0,
        threads: None,
    };
    fn value<T: std::str::FromStr>(flag: &str, v: Option<String>) -> Result<T, String> {
        let v = v.ok_or_else(|| format!("{flag} needs a value"))?;
        v.parse()
            .map_err(|_| format!("{flag}: cannot read {v:?} as a number"))
    }
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut next = || inline.clone().or_else(|| it.next());
        match flag.as_str() {
            "--clients" => a.clients = value(&flag, next())?,
            "--seconds" => a.seconds = value(&flag, next())?,
            "--warmup" => a.warmup = value(&flag, next())?,
            "--max-p99-ms" => a.max_p99_ms = value(&flag, next())?,
            "--timeout" => a.timeout = value(&flag, next())?,
            "--threads" => a.threads = Some(value(&flag, next())?),
            "-h" | "--help" => return Err(USAGE.to_string()),
            f if f.starts_with('-') => return Err(format!("unknown option {f}\n{USAGE}")),
            _ if url.is_none() => url = Some(arg),
            _ => return Err(format!("unexpected argument {arg:?}\n{USAGE}")),
        }
    }
    a.url = url.ok_or_else(|| format!("no URL given\n{USAGE}"))?;
    if a.clients == 0 {
        return Err("--clients must be at least 1".into());
    }
    let positive = |x: f64| x.is_finite() && x > 0.0;
    let non_negative = |x: f64| x.is_finite() && x >= 0.0;
    if !(positive(a.seconds) && positive(a.timeout)) {
        return Err("--seconds and --timeout must be positive numbers".into());
    }
    if !(non_negative(a.warmup) && non_negative(a.max_p99_ms)) {
        return Err("--warmup and --max-p99-ms must be non-negative numbers".into());
    }
    if a.threads == Some(0) {
        return Err("--threads must be at least 1".into());
    }
    Ok(a)
}

/// What one client saw during the measured window.
#[derive(Debug, Default)]
struct Tally {
    /// Latencies of the measured requests, in microseconds (errors included).
    micros: Vec<u64>,
    non_2xx: u64,
    transport: u64,
    bytes: u64,
    /// The first few distinct error descriptions.
    samples: Vec<String>,
}

impl Tally {
    fn note(&mut self, what: String) {
        if self.samples.len() < 5 && !self.samples.contains(&what) {
            self.samples.push(what);
        }
    }

    fn merge(&mut self, other: Tally) {
        self.micros.extend(other.micros);
        self.non_2xx += other.non_2xx;
        self.transport += other.transport;
        self.bytes += other.bytes;
        for s in other.samples {
            self.note(s);
        }
    }
}

async fn client(http: reqwest::Client, url: String, measure_from: Instant, end: Instant) -> Tally {
    let mut t = Tally::default();
    loop {
        let start = Instant::now();
        if start >= end {
            break;
        }
        let outcome = match http.get(&url).send().await {
            Ok(resp) => {
                let status = resp.status();
                match resp.bytes().await {
                    Ok(body) => Ok((status, body.len())),
                    Err(e) => Err(format!("reading the body: {e}")),
                }
            }
            Err(e) => Err(if e.is_timeout() {
                format!("timed out: {e}")
            } else {
                format!("{e}")
            }),
        };
        let took = start.elapsed();
        if start < measure_from {
            continue;
        }
        t.micros
            .push(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
        match outcome {
            Ok((status, n)) => {
                t.bytes += n as u64;
                if !status.is_success() {
                    t.non_2xx += 1;
                    t.note(format!("HTTP {status}"));
                }
            }
            Err(e) => {
                t.transport += 1;
                t.note(e);
            }
        }
    }
    t
}

/// The nearest-rank percentile `p` (0–100) of sorted values.
fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

async fn run(a: Args) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(a.clients)
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_nodelay(true)
        .timeout(Duration::from_secs_f64(a.timeout))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;

    // one request first: the URL must answer before anything is measured
    let t0 = Instant::now();
    let resp = http
        .get(&a.url)
        .send()
        .await
        .map_err(|e| format!("GET {} failed: {e}", a.url))?;
    let status = resp.status();
    let kind = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no content type")
        .to_string();
    let body = resp
        .bytes()
        .await
        .map_err(|e| format!("GET {}: reading the body failed: {e}", a.url))?;
    if !status.is_success() {
        let text = String::from_utf8_lossy(&body);
        let text: String = text.chars().take(300).collect();
        return Err(format!("GET {} answered {status}: {text}", a.url));
    }
    println!(
        "load: GET {} -> {status}, {} bytes ({kind}) in {:.1} ms",
        a.url,
        body.len(),
        t0.elapsed().as_secs_f64() * 1000.0
    );
    println!(
        "load: {} clients for {} s after a {} s warm-up",
        a.clients, a.seconds, a.warmup
    );

    let begin = Instant::now();
    let measure_from = begin + Duration::from_secs_f64(a.warmup);
    let end = measure_from + Duration::from_secs_f64(a.seconds);
    let tasks: Vec<_> = (0..a.clients)
        .map(|_| tokio::spawn(client(http.clone(), a.url.clone(), measure_from, end)))
        .collect();
    let mut all = Tally::default();
    for task in tasks {
        let t = task
            .await
            .map_err(|e| format!("a client task failed: {e}"))?;
        all.merge(t);
    }
    let window = Instant::now().saturating_duration_since(measure_from);
    let window = window.as_secs_f64().max(f64::EPSILON);

    all.micros.sort_unstable();
    let n = all.micros.len();
    let errors = all.non_2xx + all.transport;
    let p50 = percentile(&all.micros, 50.0);
    let p90 = percentile(&all.micros, 90.0);
    let p99 = percentile(&all.micros, 99.0);
    let max = all.micros.last().copied().unwrap_or(0);
    let mean = if n == 0 {
        0.0
    } else {
        all.micros.iter().map(|&x| x as f64).sum::<f64>() / n as f64 / 1000.0
    };
    println!(
        "load: requests {n} in {window:.1} s = {:.1} req/s, {:.1} MB/s received",
        n as f64 / window,
        all.bytes as f64 / window / 1e6
    );
    println!(
        "load: latency ms: p50 {:.1}, p90 {:.1}, p99 {:.1}, max {:.1}, mean {mean:.1}",
        ms(p50),
        ms(p90),
        ms(p99),
        ms(max)
    );
    println!(
        "load: errors {errors} ({} non-2xx, {} transport/timeout)",
        all.non_2xx, all.transport
    );
    for s in &all.samples {
        println!("load:   e.g. {s}");
    }

    let mut failed = Vec::new();
    if n == 0 {
        failed.push("no request completed".to_string());
    }
    if errors > 0 {
        failed.push(format!("{errors} error(s)"));
    }
    if ms(p99) >= a.max_p99_ms {
        failed.push(format!(
            "p99 {:.1} ms is not below {} ms",
            ms(p99),
            a.max_p99_ms
        ));
    }
    if failed.is_empty() {
        println!("load: ok");
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("load: {e}");
            return ExitCode::from(2);
        }
    };
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.enable_all();
    if let Some(n) = args.threads {
        rt.worker_threads(n);
    }
    let rt = match rt.build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("load: FAILED: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            println!("load: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Result<Args, String> {
        parse_args(s.split_whitespace().map(str::to_string))
    }

    #[test]
    fn parses_flags_and_defaults() {
        let a = args("http://x/ --clients 5 --seconds=1.5").expect("valid arguments");
        assert_eq!(a.url, "http://x/");
        assert_eq!(a.clients, 5);
        assert_eq!(a.seconds, 1.5);
        assert_eq!(a.warmup, 2.0);
        assert_eq!(a.max_p99_ms, 100.0);
        assert!(args("--clients 5").is_err());
        assert!(args("http://x/ --clients 0").is_err());
        assert!(args("http://x/ --bogus 1").is_err());
        assert!(args("http://x/ --seconds nope").is_err());
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 99.0), 0);
    }
}
