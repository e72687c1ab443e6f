//! `whosaid stance predict` reads the FNC-1 CSV shape, ignores a Stance column, and
//! writes Headline, Body ID, Stance in input order.

use crate::bin;

#[test]
fn predicts_in_input_order_and_ignores_gold_stances() {
    let Some(shared) = crate::shared() else {
        eprintln!("no ../shared: skipped");
        return;
    };
    let fnc = shared.join("data/fnc1");
    let dir = tempfile::tempdir().expect("tempdir");
    // the first 60 pairs, with and without their Stance column
    let mut rdr = csv::Reader::from_path(fnc.join("train_stances.csv")).expect("stances");
    let rows: Vec<csv::StringRecord> = rdr
        .records()
        .take(60)
        .collect::<Result<_, _>>()
        .expect("rows");
    let with = dir.path().join("with.csv");
    let without = dir.path().join("without.csv");
    let mut w1 = csv::Writer::from_path(&with).expect("w");
    let mut w2 = csv::Writer::from_path(&without).expect("w");
    w1.write_record(["Headline", "Body ID", "Stance"])
        .expect("h");
    w2.write_record(["Headline", "Body ID"]).expect("h");
    for r in &rows {
        // a wrong gold label must change nothing
        w1.write_record([&r[0], &r[1], "disagree"]).expect("row");
        w2.write_record([&r[0], &r[1]]).expect("row");
    }
    drop((w1, w2));
    let run = |stances: &std::path::Path| {
        let out = bin()
            .args(["stance", "predict", "--stances"])
            .arg(stances)
            .arg("--bodies")
            .arg(fnc.join("train_bodies.csv"))
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let a = run(&with);
    let b = run(&without);
    assert_eq!(a, b, "the Stance column must be ignored");
    let mut r = csv::Reader::from_reader(&a[..]);
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        ["Headline", "Body ID", "Stance"]
    );
    let got: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(got.len(), rows.len());
    for (g, r) in got.iter().zip(&rows) {
        assert_eq!((&g[0], &g[1]), (&r[0], &r[1]));
        assert!(["agree", "disagree", "discuss", "unrelated"].contains(&&g[2]));
    }
    // on pairs it was trained on, the model is right almost always
    let right = got.iter().zip(&rows).filter(|(g, r)| g[2] == r[2]).count();
    assert!(right * 10 >= rows.len() * 9, "{right}/{}", rows.len());
}
