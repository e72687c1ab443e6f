//! FNC-1 data: stances, (headline, body) pairs, the bodies file, and prediction CSVs.
//!
//! Both FNC-1 files are RFC 4180 CSV with a header row; bodies span several lines inside
//! quotes. A stances file has the columns `Headline`, `Body ID` and, optionally, `Stance`
//! (test files have none); other columns are ignored.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};

/// The four FNC-1 stances of an article body towards a headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stance {
    Agree,
    Disagree,
    Discuss,
    Unrelated,
}

impl Stance {
    /// All stances, in index order.
    pub const ALL: [Stance; 4] = [
        Stance::Agree,
        Stance::Disagree,
        Stance::Discuss,
        Stance::Unrelated,
    ];
    /// The three related stances, in the index order of the stage-2 classifier.
    pub const RELATED: [Stance; 3] = [Stance::Agree, Stance::Disagree, Stance::Discuss];

    /// The label as written in FNC-1 files.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Agree => "agree",
            Stance::Disagree => "disagree",
            Stance::Discuss => "discuss",
            Stance::Unrelated => "unrelated",
        }
    }

    /// Index in [`Stance::ALL`].
    pub fn index(self) -> usize {
        match self {
            Stance::Agree => 0,
            Stance::Disagree => 1,
            Stance::Discuss => 2,
            Stance::Unrelated => 3,
        }
    }

    /// Whether this is one of agree / disagree / discuss.
    pub fn is_related(self) -> bool {
        self != Stance::Unrelated
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A label that is not one of the four stances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStance(pub String);

impl FromStr for Stance {
    type Err = UnknownStance;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agree" => Ok(Stance::Agree),
            "disagree" => Ok(Stance::Disagree),
            "discuss" => Ok(Stance::Discuss),
            "unrelated" => Ok(Stance::Unrelated),
            _ => Err(UnknownStance(s.to_string())),
        }
    }
}

/// One row of a stances file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub headline: String,
    /// The `Body ID` as written (trimmed).
    pub body_id: String,
    /// The gold label, when the file has one and it was read.
    pub stance: Option<Stance>,
}

/// Article bodies by `Body ID` (sorted, so iteration is deterministic).
pub type Bodies = BTreeMap<String, String>;

/// What to do with a stances file's `Stance` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labels {
    /// Every row must carry a known label (training, cross-validation).
    Require,
    /// Read labels where the column exists; a missing column or empty cell gives `None`.
    Optional,
    /// Never look at the column (prediction).
    Ignore,
}

fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|source| Error::Open {
        path: path.to_path_buf(),
        source,
    })
}

fn csv_reader<R: Read>(r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(r)
}

fn header_index(headers: &csv::StringRecord, column: &'static str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}').trim() == column)
}

fn require_column(what: &str, headers: &csv::StringRecord, column: &'static str) -> Result<usize> {
    header_index(headers, column).ok_or_else(|| Error::MissingColumn {
        what: what.to_string(),
        column,
        found: headers
            .iter()
            .map(|h| format!("{h:?}"))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn csv_err(what: &str) -> impl Fn(csv::Error) -> Error + '_ {
    move |source| Error::Csv {
        what: what.to_string(),
        source,
    }
}

fn field<'r>(
    what: &str,
    rec: &'r csv::StringRecord,
    idx: usize,
    expected: usize,
) -> Result<&'r str> {
    rec.get(idx).ok_or_else(|| Error::ShortRow {
        what: what.to_string(),
        line: rec.position().map_or(0, |p| p.line()),
        expected,
        got: rec.len(),
    })
}

fn is_blank(rec: &csv::StringRecord) -> bool {
    rec.iter().all(|f| f.trim().is_empty())
}

/// Reads a bodies file (`Body ID`, `articleBody`) from a reader; `what` names it in errors.
pub fn read_bodies_from<R: Read>(r: R, what: &str) -> Result<Bodies> {
    let mut rdr = csv_reader(r);
    let headers = rdr.headers().map_err(csv_err(what))?.clone();
    let id_col = require_column(what, &headers, "Body ID")?;
    let body_col = require_column(what, &headers, "articleBody")?;
    let need = id_col.max(body_col) + 1;
    let mut out = Bodies::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err(what))?;
        if is_blank(&rec) {
            continue;
        }
        let line = rec.position().map_or(0, |p| p.line());
        let id = field(what, &rec, id_col, need)?.trim();
        let body = field(what, &rec, body_col, need)?;
        if id.is_empty() {
            return Err(Error::EmptyBodyId {
                what: what.to_string(),
                line,
            });
        }
        if out.insert(id.to_string(), body.to_string()).is_some() {
            return Err(Error::DuplicateBody {
                what: what.to_string(),
                line,
                id: id.to_string(),
            });
        }
    }
    Ok(out)
}

/// Reads a bodies file (`Body ID`, `articleBody`).
pub fn read_bodies(path: impl AsRef<Path>) -> Result<Bodies> {
    let path = path.as_ref();
    read_bodies_from(open(path)?, &path.display().to_string())
}

/// Reads a stances file (`Headline`, `Body ID`, optional `Stance`) from a reader.
pub fn read_pairs_from<R: Read>(r: R, what: &str, labels: Labels) -> Result<Vec<Pair>> {
    let mut rdr = csv_reader(r);
    let headers = rdr.headers().map_err(csv_err(what))?.clone();
    let h_col = require_column(what, &headers, "Headline")?;
    let id_col = require_column(what, &headers, "Body ID")?;
    let s_col = match labels {
        Labels::Require => Some(require_column(what, &headers, "Stance")?),
        Labels::Optional => header_index(&headers, "Stance"),
        Labels::Ignore => None,
    };
    let need = h_col.max(id_col).max(s_col.unwrap_or(0)) + 1;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err(what))?;
        if is_blank(&rec) {
            continue;
        }
        let line = rec.position().map_or(0, |p| p.line());
        let headline = field(what, &rec, h_col, need)?.to_string();
        let body_id = field(what, &rec, id_col, need)?.trim().to_string();
        if body_id.is_empty() {
            return Err(Error::EmptyBodyId {
                what: what.to_string(),
                line,
            });
        }
        let stance = match s_col {
            None => None,
            Some(c) => {
                let raw = field(what, &rec, c, need)?;
                if raw.trim().is_empty() {
                    if labels == Labels::Require {
                        return Err(Error::MissingStance {
                            what: what.to_string(),
                            line,
                        });
                    }
                    None
                } else {
                    Some(raw.parse::<Stance>().map_err(|e| Error::UnknownStance {
                        what: what.to_string(),
                        line,
                        value: e.0,
                    })?)
                }
            }
        };
        out.push(Pair {
            headline,
            body_id,
            stance,
        });
    }
    Ok(out)
}

/// Reads a stances file (`Headline`, `Body ID`, optional `Stance`).
pub fn read_pairs(path: impl AsRef<Path>, labels: Labels) -> Result<Vec<Pair>> {
    let path = path.as_ref();
    read_pairs_from(open(path)?, &path.display().to_string(), labels)
}

/// Checks that every pair's body exists; returns the first pair that has none as an error.
pub fn check_bodies(pairs: &[Pair], bodies: &Bodies) -> Result<()> {
    for (index, p) in pairs.iter().enumerate() {
        if !bodies.contains_key(&p.body_id) {
            return Err(Error::UnknownBody {
                index,
                headline: p.headline.clone(),
                id: p.body_id.clone(),
            });
        }
    }
    Ok(())
}

/// Writes predictions as CSV with the columns `Headline`, `Body ID`, `Stance`, one row per
/// pair, in the order of `pairs`.
pub fn write_predictions<W: Write>(w: W, pairs: &[Pair], predictions: &[Stance]) -> Result<()> {
    if pairs.len() != predictions.len() {
        return Err(Error::LengthMismatch(pairs.len(), predictions.len()));
    }
    let what = "predictions";
    let mut wtr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    wtr.write_record(["Headline", "Body ID", "Stance"])
        .map_err(csv_err(what))?;
    for (p, s) in pairs.iter().zip(predictions) {
        wtr.write_record([p.headline.as_str(), p.body_id.as_str(), s.as_str()])
            .map_err(csv_err(what))?;
    }
    wtr.flush()?;
    Ok(())
}

/// [`write_predictions`] to a file.
pub fn write_predictions_file(
    path: impl AsRef<Path>,
    pairs: &[Pair],
    predictions: &[Stance],
) -> Result<()> {
    let path = path.as_ref();
    let f = std::fs::File::create(path).map_err(|source| Error::Open {
        path: path.to_path_buf(),
        source,
    })?;
    write_predictions(std::io::BufWriter::new(f), pairs, predictions)
}
