//! Integration tests: CSV reading, deterministic training, the model file format.

use whosaid_stance::{
    read_bodies_from, read_pairs_from, write_predictions, Bodies, Error, GbdtParams, Labels,
    LrParams, Pair, Stage2Kind, Stance, StanceModel, TrainConfig, FORMAT_VERSION,
};

const BODIES: &str = "Body ID,articleBody\r\n\
0,\"First line, with a comma.\n\nSecond paragraph with \"\"quotes\"\".\"\r\n\
7,Plain body\r\n";

#[test]
fn reads_quoted_multiline_bodies() {
    let b = read_bodies_from(BODIES.as_bytes(), "bodies").expect("bodies parse");
    assert_eq!(b.len(), 2);
    assert_eq!(
        b.get("0").map(String::as_str),
        Some("First line, with a comma.\n\nSecond paragraph with \"quotes\".")
    );
    assert_eq!(b.get("7").map(String::as_str), Some("Plain body"));
}

#[test]
fn duplicate_body_id_is_an_error() {
    let csv = "Body ID,articleBody\n1,a\n1,b\n";
    let e = read_bodies_from(csv.as_bytes(), "dup.csv").expect_err("duplicate id");
    assert!(
        matches!(e, Error::DuplicateBody { ref id, .. } if id == "1"),
        "{e}"
    );
}

#[test]
fn stances_without_stance_column() {
    let csv = "Headline,Body ID\n\"Quoted, headline\",0\nAnother one,7\n";
    for labels in [Labels::Optional, Labels::Ignore] {
        let p = read_pairs_from(csv.as_bytes(), "test.csv", labels).expect("parse");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].headline, "Quoted, headline");
        assert_eq!(p[1].body_id, "7");
        assert!(p.iter().all(|x| x.stance.is_none()));
    }
    let e = read_pairs_from(csv.as_bytes(), "test.csv", Labels::Require).expect_err("needs Stance");
    assert!(
        matches!(
            e,
            Error::MissingColumn {
                column: "Stance",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("Stance"));
}

#[test]
fn stance_column_is_read_or_ignored() {
    let csv = "Headline,Body ID,Stance\nA,0,Agree\nB,7, unrelated \nC,7,bogus\n";
    // Prediction ignores the column entirely, even a bad label.
    let p = read_pairs_from(csv.as_bytes(), "s.csv", Labels::Ignore).expect("ignore labels");
    assert!(p.iter().all(|x| x.stance.is_none()));
    let e = read_pairs_from(csv.as_bytes(), "s.csv", Labels::Require).expect_err("bad label");
    assert!(
        matches!(e, Error::UnknownStance { ref value, line: 4, .. } if value == "bogus"),
        "{e}"
    );
    let ok = "Headline,Body ID,Stance\nA,0,Agree\nB,7, unrelated \n";
    let p = read_pairs_from(ok.as_bytes(), "s.csv", Labels::Require).expect("labels");
    assert_eq!(p[0].stance, Some(Stance::Agree));
    assert_eq!(p[1].stance, Some(Stance::Unrelated));
}

#[test]
fn missing_headline_column_is_an_error() {
    let e = read_pairs_from("Title,Body ID\nx,1\n".as_bytes(), "t.csv", Labels::Ignore)
        .expect_err("no Headline");
    assert!(
        matches!(
            e,
            Error::MissingColumn {
                column: "Headline",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn predictions_keep_input_order() {
    let pairs = vec![
        Pair {
            headline: "Zed, \"quoted\"".into(),
            body_id: "9".into(),
            stance: None,
        },
        Pair {
            headline: "Alpha".into(),
            body_id: "1".into(),
            stance: None,
        },
    ];
    let mut out = Vec::new();
    write_predictions(&mut out, &pairs, &[Stance::Discuss, Stance::Unrelated]).expect("write");
    let back = read_pairs_from(out.as_slice(), "out", Labels::Require).expect("read back");
    assert_eq!(back[0].headline, "Zed, \"quoted\"");
    assert_eq!(back[0].stance, Some(Stance::Discuss));
    assert_eq!(back[1].body_id, "1");
    assert_eq!(back[1].stance, Some(Stance::Unrelated));
    let e = write_predictions(Vec::new(), &pairs, &[Stance::Agree]).expect_err("length");
    assert!(matches!(e, Error::LengthMismatch(2, 1)));
}

/// A small synthetic corpus: 12 topics, 5 bodies each (agree / disagree / discuss cues),
/// every headline paired with its topic's bodies and with bodies of two other topics.
fn synthetic() -> (Vec<Pair>, Bodies) {
    let topics = [
        ("volcano", "lava", "iceland"),
        ("shark", "beach", "florida"),
        ("pope", "vatican", "rome"),
        ("apple", "iphone", "cupertino"),
        ("meteor", "crater", "nicaragua"),
        ("dog", "rescue", "texas"),
        ("singer", "concert", "london"),
        ("robot", "factory", "japan"),
        ("virus", "hospital", "liberia"),
        ("bank", "robbery", "paris"),
        ("whale", "ocean", "alaska"),
        ("actor", "movie", "hollywood"),
    ];
    let cues = [
        (
            Stance::Agree,
            "Officials confirmed the news and said it is true.",
        ),
        (
            Stance::Disagree,
            "This is a hoax; the story is fake and was denied.",
        ),
        (
            Stance::Discuss,
            "It is unclear; the report allegedly claims it might be so.",
        ),
        (
            Stance::Agree,
            "Police confirmed the account in an official statement.",
        ),
        (
            Stance::Discuss,
            "Sources reportedly said it could be true, according to rumors.",
        ),
    ];
    let mut bodies = Bodies::new();
    let mut pairs = Vec::new();
    for (t, (a, b, c)) in topics.iter().enumerate() {
        for (j, (_, cue)) in cues.iter().enumerate() {
            let id = format!("{}", t * 10 + j);
            bodies.insert(
                id,
                format!(
                    "The {a} near the {b} in {c} made news on day {j}. {cue}\n\
                     Witnesses described the {a} and the {b} at length. More about {c} follows."
                ),
            );
        }
    }
    for (t, (a, b, c)) in topics.iter().enumerate() {
        let headline = format!("{a} seen at {b} in {c}", a = a.to_uppercase());
        for (j, (stance, _)) in cues.iter().enumerate() {
            pairs.push(Pair {
                headline: headline.clone(),
                body_id: format!("{}", t * 10 + j),
                stance: Some(*stance),
            });
            for other in [(t + 3) % topics.len(), (t + 7) % topics.len()] {
                pairs.push(Pair {
                    headline: headline.clone(),
                    body_id: format!("{}", other * 10 + j),
                    stance: Some(Stance::Unrelated),
                });
            }
        }
    }
    (pairs, bodies)
}

fn small_config(threads: usize) -> TrainConfig {
    let g = GbdtParams {
        n_rounds: 20,
        max_depth: 3,
        learning_rate: 0.3,
        lambda: 1.0,
        min_child_weight: 0.5,
        subsample: 0.8,
        max_bins: 16,
    };
    TrainConfig {
        stage1: g,
        stage2: g,
        lr: LrParams {
            epochs: 5,
            learning_rate: 0.2,
            l2: 1e-6,
            min_count: 1,
        },
        stage2_kind: Stage2Kind::Stacked,
        inner_folds: 3,
        threads,
        ..TrainConfig::default()
    }
}

#[test]
fn training_is_deterministic() {
    let (pairs, bodies) = synthetic();
    let a = StanceModel::train(&pairs, &bodies, &small_config(1), 7).expect("train");
    let b = StanceModel::train(&pairs, &bodies, &small_config(3), 7).expect("train again");
    let (ba, bb) = (a.to_bytes(), b.to_bytes());
    assert_eq!(ba.len(), bb.len());
    assert!(
        ba == bb,
        "same data and seed must give byte-identical model files"
    );
    let c = StanceModel::train(&pairs, &bodies, &small_config(1), 8).expect("other seed");
    assert!(
        c.to_bytes() != ba,
        "the seed should matter (row subsampling)"
    );
    // The model learned the synthetic task's easy part.
    let pred = a.predict_batch(&pairs, &bodies, 1).expect("predict");
    let rel_ok = pairs
        .iter()
        .zip(&pred)
        .filter(|(p, s)| p.stance.map(Stance::is_related) == Some(s.is_related()))
        .count();
    assert!(rel_ok * 10 >= pairs.len() * 9, "{rel_ok}/{}", pairs.len());
    // Batch and single predictions agree.
    for (p, s) in pairs.iter().zip(&pred).take(20) {
        let body = bodies
            .get(&p.body_id)
            .map(String::as_str)
            .unwrap_or_default();
        assert_eq!(a.predict(&p.headline, body), *s);
    }
}

#[test]
fn training_needs_labels_and_bodies() {
    let (mut pairs, bodies) = synthetic();
    pairs[3].stance = None;
    let e = StanceModel::train(&pairs, &bodies, &small_config(1), 1).expect_err("no label");
    assert!(matches!(e, Error::Training(_)), "{e}");
    let (mut pairs, bodies) = synthetic();
    pairs[0].body_id = "nope".into();
    let e = StanceModel::train(&pairs, &bodies, &small_config(1), 1).expect_err("no body");
    assert!(
        matches!(e, Error::UnknownBody { ref id, .. } if id == "nope"),
        "{e}"
    );
}

#[test]
fn model_file_round_trip_and_refusals() {
    let (pairs, bodies) = synthetic();
    let m = StanceModel::train(&pairs, &bodies, &small_config(2), 1).expect("train");
    let bytes = m.to_bytes();
    let back = StanceModel::from_bytes(&bytes).expect("load");
    assert!(back == m);
    assert_eq!(back.to_bytes(), bytes);

    // Another format version is refused with a clear message.
    let mut v2 = bytes.clone();
    v2[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let e = StanceModel::from_bytes(&v2).expect_err("version");
    assert!(
        matches!(e, Error::Version { found, supported } if found == FORMAT_VERSION + 1 && supported == FORMAT_VERSION),
        "{e}"
    );
    let msg = e.to_string();
    assert!(
        msg.contains("version 2") && msg.contains("retrain"),
        "{msg}"
    );

    // Not a model file at all.
    let e = StanceModel::from_bytes(b"Headline,Body ID\n").expect_err("magic");
    assert!(matches!(e, Error::BadMagic { .. }), "{e}");
    assert!(e.to_string().contains("not a whosaid-stance model file"));

    // A flipped byte and a truncated file.
    let mut bad = bytes.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x40;
    assert!(matches!(
        StanceModel::from_bytes(&bad),
        Err(Error::Checksum { .. })
    ));
    assert!(matches!(
        StanceModel::from_bytes(&bytes[..bytes.len() - 9]),
        Err(Error::Truncated(_))
    ));

    // save / load through a file.
    let dir = std::env::temp_dir().join(format!("whosaid-stance-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join("m.model");
    m.save(&path).expect("save");
    assert!(StanceModel::load(&path).expect("load file") == m);
    let _ = std::fs::remove_dir_all(&dir);
}
