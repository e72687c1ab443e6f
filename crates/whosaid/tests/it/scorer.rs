//! `whosaid eval` agrees with the reference scorer on the same predictions.

use crate::{bin, shared};

#[test]
fn eval_agrees_with_reference_scorer_on_dev() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared not found");
        return;
    };
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no python3");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let pred = dir.path().join("pred.jsonl");
    let gold = shared.join("data/polnear/dev.jsonl");
    let out = bin()
        .arg("eval")
        .arg(&gold)
        .arg("--json")
        .arg("--predictions")
        .arg(&pred)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    let reference = std::process::Command::new("python3")
        .arg(shared.join("tools/score-attributions"))
        .arg(&gold)
        .arg(&pred)
        .arg("--json")
        .output()
        .expect("reference scorer runs");
    assert!(
        reference.status.success(),
        "{}",
        String::from_utf8_lossy(&reference.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&reference.stdout).expect("JSON scores");
    let mut compared = 0;
    compare(&ours, &theirs, "", &mut compared);
    assert!(compared >= 30, "compared only {compared} numbers");
}

fn compare(a: &serde_json::Value, b: &serde_json::Value, path: &str, n: &mut usize) {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            for (k, vb) in y {
                if let Some(va) = x.get(k) {
                    compare(va, vb, &format!("{path}.{k}"), n);
                }
            }
        }
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            assert!((x - y).abs() < 1e-3, "{path}: whosaid {x} vs reference {y}");
            *n += 1;
        }
        _ => {}
    }
}
