//! Training the VAE and the TopoVAEs on tiny data: losses, determinism,
//! checkpoints and resumption.

use dfdx::prelude::Cpu;
use toporeg_train::data::{digits, TrainTest};
use toporeg_train::experiments::{compare, CompareConfig, Trainer, VaeConfig};
use toporeg_train::models::ModelKind;

/// 160 training and 40 held-out digits.
fn tiny() -> TrainTest {
    let d = digits().unwrap();
    let idx: Vec<usize> = (0..200).collect();
    d.select(&idx).split(0.2, 1)
}

fn config(model: ModelKind) -> VaeConfig {
    VaeConfig {
        batch: 32,
        lr: 3e-3,
        hidden: Some(32),
        ..VaeConfig::new(model)
    }
}

#[test]
fn every_model_learns_with_finite_losses() {
    let data = tiny();
    let dev = Cpu::default();
    for model in ModelKind::ALL {
        let mut t = Trainer::new(&dev, &data, config(model)).unwrap();
        let (before, _) = t.evaluate();
        let records: Vec<_> = (0..12).map(|_| t.step().unwrap()).collect();
        let (after, _) = t.evaluate();
        for r in &records {
            let p = r.train;
            assert!(
                p.bce.is_finite() && p.kld.is_finite() && p.topo.is_finite(),
                "{model}: {p:?}"
            );
            assert!(p.total >= p.bce + p.kld - 1e-3, "{model}: {p:?}");
            if model == ModelKind::Vae0 {
                assert_eq!(p.topo, 0.0);
            } else {
                assert!(p.topo > 0.0, "{model}: no regularizer value");
            }
        }
        let first: f64 = records[..3].iter().map(|r| r.train.total).sum();
        let last: f64 = records[9..].iter().map(|r| r.train.total).sum();
        assert!(last < first, "{model}: training loss {first} -> {last}");
        assert!(after < before, "{model}: held-out BCE {before} -> {after}");
    }
}

#[test]
fn the_same_seed_gives_the_same_metrics() {
    let data = tiny();
    let dev = Cpu::default();
    let run = |seed: u64| {
        let mut t = Trainer::new(
            &dev,
            &data,
            VaeConfig {
                seed,
                ..config(ModelKind::TopoVae1)
            },
        )
        .unwrap();
        let losses: Vec<_> = (0..6).map(|_| t.step().unwrap().train).collect();
        (losses, t.evaluate())
    };
    let a = run(4);
    assert_eq!(a, run(4));
    assert_ne!(a.0, run(5).0);
}

#[test]
fn checkpoints_round_trip_and_resume_the_same_run() {
    let data = tiny();
    let dev = Cpu::default();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.safetensors");
    let cfg = config(ModelKind::TopoVae3);

    let mut straight = Trainer::new(&dev, &data, cfg.clone()).unwrap();
    let all: Vec<_> = (0..8).map(|_| straight.step().unwrap().train).collect();

    let mut first = Trainer::new(&dev, &data, cfg.clone()).unwrap();
    let mut resumed_losses: Vec<_> = (0..5).map(|_| first.step().unwrap().train).collect();
    first.save(&path).unwrap();
    let saved = toporeg_train::checkpoint::load(&path).unwrap();
    assert_eq!(
        saved,
        first.to_checkpoint().unwrap(),
        "round trip is bit-exact"
    );

    let mut second = Trainer::new(&dev, &data, cfg.clone()).unwrap();
    second.restore(&saved, &path).unwrap();
    assert_eq!(second.steps_done(), 5);
    assert_eq!(second.to_checkpoint().unwrap(), saved);
    resumed_losses.extend((0..3).map(|_| second.step().unwrap().train));
    assert_eq!(resumed_losses, all, "resumed run differs");
    assert_eq!(
        second.to_checkpoint().unwrap(),
        straight.to_checkpoint().unwrap()
    );

    // another model's checkpoint is refused, naming the file
    let mut other = Trainer::new(&dev, &data, config(ModelKind::Vae0)).unwrap();
    let err = other.restore(&saved, &path).unwrap_err().to_string();
    assert!(err.contains("run.safetensors"), "{err}");
}

#[test]
fn compare_gives_a_row_and_a_curve_per_model() {
    let data = tiny();
    let cfg = CompareConfig {
        models: vec![ModelKind::TopoVae1, ModelKind::Z1],
        seeds: 2,
        steps: 8,
        base: config(ModelKind::Vae0),
    };
    let mut events = 0;
    let result = compare(&Cpu::default(), &data, &cfg, &mut |_| events += 1).unwrap();
    assert_eq!(result.rows.len(), 3);
    assert_eq!(result.rows[0].model, ModelKind::Vae0);
    assert_eq!(cfg.r_steps(), vec![2, 4, 6]);
    for row in &result.rows {
        assert!(row.time10.mean > 0.0);
        assert_eq!(row.r.len(), 3);
        assert!(row.r.iter().all(|(_, r)| r.mean.is_finite()));
    }
    assert!(result.rows[0].r.iter().all(|(_, r)| r.mean == 0.0));
    assert_eq!(result.curves[1].train_bce.len(), 8);
    // the first step starts from the same weights on the same batch
    assert_eq!(result.curves[0].train_bce[0], result.curves[1].train_bce[0]);
    assert!(events > 3 * 2 * 8);
}

fn toporeg(args: &[&str]) -> anyhow::Result<String> {
    toporeg_train::cli::run_to_string(args)
}

/// The metrics of a run directory without the wall times.
fn metrics_without_times(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("metrics.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            if let Some(o) = v.as_object_mut() {
                o.remove("seconds");
            }
            v.to_string()
        })
        .collect()
}

#[test]
fn the_vae_command_writes_its_outputs_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("tiny.csv");
    let d = digits().unwrap().select(&(0..120).collect::<Vec<_>>());
    let text: String = (0..d.len())
        .map(|i| {
            let px: Vec<String> = d.sample(i).iter().map(|v| format!("{v}")).collect();
            format!("{},{}\n", px.join(","), d.labels[i])
        })
        .collect();
    std::fs::write(&csv, text).unwrap();
    let data = format!("csv:{}", csv.display());
    let (straight, resumed) = (dir.path().join("straight"), dir.path().join("resumed"));
    let common = |out: &std::path::Path, epochs: &str| -> Vec<String> {
        [
            "vae",
            "--model",
            "z1",
            "--data",
            &data,
            "--batch",
            "32",
            "--hidden",
            "16",
            "--seed",
            "3",
            "--progress",
            "false",
            "--eval-every",
            "2",
            "--epochs",
            epochs,
            "--out",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([out.display().to_string()])
        .collect()
    };
    let call = |args: Vec<String>| toporeg(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let printed = call(common(&straight, "3")).unwrap();
    assert!(
        printed.contains("TopoVAE-Z1") && printed.contains("held-out BCE"),
        "{printed}"
    );
    for file in [
        "metrics.jsonl",
        "loss_curves.svg",
        "images.png",
        "latent.svg",
        "checkpoint.safetensors",
    ] {
        assert!(straight.join(file).is_file(), "{file} missing");
    }
    call(common(&resumed, "1")).unwrap();
    let mut again = common(&resumed, "3");
    again.push("--resume".into());
    let printed = call(again.clone()).unwrap();
    assert!(printed.contains("resumed at step 3"), "{printed}");
    assert_eq!(
        metrics_without_times(&resumed),
        metrics_without_times(&straight)
    );
    assert_eq!(
        toporeg_train::checkpoint::load(&resumed.join("checkpoint.safetensors")).unwrap(),
        toporeg_train::checkpoint::load(&straight.join("checkpoint.safetensors")).unwrap()
    );
    // nothing left to do, and another model's options are refused
    assert!(call(again)
        .unwrap_err()
        .to_string()
        .contains("already has 9 steps"));
    let mut other = common(&resumed, "4");
    other[2] = "vae0".into();
    other.push("--resume".into());
    let err = call(other).unwrap_err().to_string();
    assert!(
        err.contains("checkpoint.safetensors") && err.contains("other settings"),
        "{err}"
    );
}

#[test]
fn vae_compare_prints_and_saves_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let printed = toporeg(&[
        "vae-compare",
        "--seeds",
        "2",
        "--steps",
        "4",
        "--models",
        "topovae2",
        "--batch",
        "64",
        "--hidden",
        "16",
        "--progress",
        "false",
        "--out",
        out.to_str().unwrap(),
    ])
    .unwrap();
    assert!(
        printed.contains("TopoVAE2") && printed.contains("r(3) %"),
        "{printed}"
    );
    for file in ["table.txt", "compare.json", "bce_curves.svg"] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
}
