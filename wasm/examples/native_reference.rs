//! The native side of the end-to-end tests: answers, with the core compiled
//! for this machine, the same questions the demo pages answer in the
//! browser, so that the tests can compare the two.
//!
//! Reads one JSON request from stdin and prints one JSON answer:
//!
//! - `{"op": "persistence", "points": [..], "dim": 2, "maxDim": 1}`
//! - `{"op": "bottleneck", "a": [[b, d], ..], "b": [[b, d], ..]}`
//! - `{"op": "lossStep", "points": [..], "dim": 2, "loss": {..}, "learningRate": 0.1}`
//! - `{"op": "relative", "batch": [..], "anchors": [..], "dim": 2, "robust": false}`
//! - `{"op": "ripserFile", "path": "tests/data/….txt.gz", "maxDim": 1, "repeats": 5}`:
//!   a gzipped whitespace-separated point cloud; the diagrams and the time of
//!   each of `repeats` runs (seconds).
//!
//! Infinite values are written as `null` (JSON has no infinity).
//!
//! ```text
//! echo '{"op":"persistence","points":[0,0,1,0,1,1,0,1],"dim":2,"maxDim":1}' \
//!   | cargo run -q -p toporeg-wasm --example native_reference
//! ```

use std::io::Read;
use std::time::Instant;

use serde_json::{json, Value};
use toporeg::{
    bottleneck, persistence, Batch, Diagram, Metric, Persistence, PointCloud, RelativeParams,
    RipsParams,
};
use toporeg_wasm::LossSpec;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn floats(v: &Value, key: &str) -> Result<Vec<f64>> {
    v.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("`{key}` must be an array of numbers"))?
        .iter()
        .map(|x| {
            x.as_f64()
                .ok_or_else(|| format!("`{key}` holds a non-number").into())
        })
        .collect()
}

fn uint(v: &Value, key: &str) -> Result<usize> {
    Ok(v.get(key)
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("`{key}` must be a non-negative integer"))? as usize)
}

/// A JSON number, or `null` for an infinity.
fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

fn diagrams(p: &Persistence<f64>) -> Value {
    (0..=p.max_dim())
        .map(|k| {
            p.pairs(k)
                .iter()
                .map(|q| {
                    json!({
                        "birth": num(q.birth),
                        "death": num(q.death),
                        "birthEdge": q.birth_edge,
                        "deathEdge": q.death_edge,
                    })
                })
                .collect::<Value>()
        })
        .collect()
}

/// A diagram from `[[b, d], ..]` (`null` for an infinite death).
fn diagram(v: &Value, key: &str) -> Result<Diagram<f64>> {
    let pts = v
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("`{key}` must be an array of [birth, death] pairs"))?
        .iter()
        .map(|p| {
            let c = |i: usize| {
                p.get(i)
                    .map_or(f64::NAN, |x| x.as_f64().unwrap_or(f64::INFINITY))
            };
            [c(0), c(1)]
        })
        .collect();
    Ok(Diagram::new(pts)?)
}

fn answer(req: &Value) -> Result<Value> {
    let op = req.get("op").and_then(Value::as_str).unwrap_or("");
    match op {
        "persistence" => {
            let pts = floats(req, "points")?;
            let cloud = PointCloud::new(&pts, uint(req, "dim")?)?;
            let params = RipsParams::new().max_dim(uint(req, "maxDim")?);
            let p = persistence(&cloud, Metric::Euclidean, &params)?;
            Ok(json!({ "nPoints": p.n_points(), "diagrams": diagrams(&p) }))
        }
        "bottleneck" => {
            let (a, b) = (diagram(req, "a")?, diagram(req, "b")?);
            let r = bottleneck(&a, &b);
            Ok(json!({
                "distance": num(r.distance),
                "longestEdge": r.longest_edge.map(|e| format!("{e:?}")),
            }))
        }
        "lossStep" => {
            let pts = floats(req, "points")?;
            let cloud = PointCloud::new(&pts, uint(req, "dim")?)?;
            let spec: LossSpec =
                serde_json::from_value(req.get("loss").cloned().unwrap_or_default())?;
            let lr = req
                .get("learningRate")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            let (loss, labels) = spec.build::<f64>()?;
            let batch = match &labels {
                Some(l) => Batch::labelled(cloud, l)?,
                None => Batch::new(cloud),
            };
            let (value, grad) = loss.value_and_grad(batch)?;
            let moved: Vec<f64> = pts.iter().zip(&grad).map(|(x, g)| x - lr * g).collect();
            Ok(json!({ "loss": num(value), "gradient": grad, "points": moved }))
        }
        "relative" => {
            let (z, a) = (floats(req, "batch")?, floats(req, "anchors")?);
            let dim = uint(req, "dim")?;
            let robust = req.get("robust").and_then(Value::as_bool).unwrap_or(false);
            let t = RelativeParams::new()
                .robust(robust)
                .check()?
                .forward(&PointCloud::new(&z, dim)?, &PointCloud::new(&a, dim)?)?;
            Ok(json!({ "values": t.values() }))
        }
        "ripserFile" => {
            let path = req
                .get("path")
                .and_then(Value::as_str)
                .ok_or("`path` must be a string")?;
            let mut text = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path)?).read_to_string(&mut text)?;
            let rows: Vec<Vec<f64>> = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.split_whitespace().map(str::parse).collect())
                .collect::<std::result::Result<_, _>>()?;
            let dim = rows.first().map_or(0, Vec::len);
            let pts: Vec<f64> = rows.concat();
            let cloud = PointCloud::new(&pts, dim)?;
            let params = RipsParams::new().max_dim(uint(req, "maxDim")?);
            let mut seconds = Vec::new();
            let mut last = None;
            for _ in 0..uint(req, "repeats")?.max(1) {
                let started = Instant::now();
                last = Some(persistence(&cloud, Metric::Euclidean, &params)?);
                seconds.push(started.elapsed().as_secs_f64());
            }
            let p = last.ok_or("no run")?;
            Ok(
                json!({ "nPoints": p.n_points(), "dim": dim, "diagrams": diagrams(&p), "seconds": seconds }),
            )
        }
        other => Err(format!("unknown op `{other}`").into()),
    }
}

fn main() -> Result<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let req: Value = serde_json::from_str(&input)?;
    println!("{}", serde_json::to_string(&answer(&req)?)?);
    Ok(())
}
