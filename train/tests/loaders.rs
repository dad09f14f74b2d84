//! The data loaders read the files the tests write, and reject truncated
//! or mislabelled files with an error naming the file.

use std::io::Write;
use std::path::Path;

use toporeg_train::data::{load_csv, load_idx_dir, load_npy, read_npy, DataSource};

fn idx(magic_rank: u8, dims: &[u32], payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0, 0, 0x08, magic_rank];
    for d in dims {
        out.extend_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(payload);
    out
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// An MNIST-style directory with 3 training and 2 test images of 2×2
/// pixels; the training part gzipped.
fn write_idx_dir(dir: &Path) {
    let train_px: Vec<u8> = (0..12).map(|i| (i * 20) as u8).collect();
    std::fs::write(
        dir.join("train-images-idx3-ubyte.gz"),
        gz(&idx(3, &[3, 2, 2], &train_px)),
    )
    .unwrap();
    std::fs::write(
        dir.join("train-labels-idx1-ubyte.gz"),
        gz(&idx(1, &[3], &[7, 0, 9])),
    )
    .unwrap();
    std::fs::write(
        dir.join("t10k-images-idx3-ubyte"),
        idx(3, &[2, 2, 2], &[255; 8]),
    )
    .unwrap();
    std::fs::write(dir.join("t10k-labels-idx1-ubyte"), idx(1, &[2], &[1, 2])).unwrap();
}

fn error_names(err: impl std::fmt::Display, file: &str, what: &str) {
    let msg = err.to_string();
    assert!(msg.contains(file), "error does not name {file}: {msg}");
    assert!(msg.contains(what), "error does not say `{what}`: {msg}");
}

#[test]
fn idx_reads_raw_and_gzipped_files() {
    let dir = tempfile::tempdir().unwrap();
    write_idx_dir(dir.path());
    let d = load_idx_dir(dir.path()).unwrap();
    assert_eq!((d.train.len(), d.train.dim, d.test.len()), (3, 4, 2));
    assert_eq!(d.train.labels, vec![7, 0, 9]);
    assert_eq!(
        d.train.sample(1),
        &[80.0 / 255.0, 100.0 / 255.0, 120.0 / 255.0, 140.0 / 255.0]
    );
    assert!(d.test.features.iter().all(|&v| v == 1.0));
    let via_cli: DataSource = format!("idx:{}", dir.path().display()).parse().unwrap();
    assert_eq!(via_cli.load(0).unwrap(), d);
}

#[test]
fn idx_rejects_bad_files_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    write_idx_dir(dir.path());
    let images = dir.path().join("t10k-images-idx3-ubyte");
    let labels = dir.path().join("t10k-labels-idx1-ubyte");
    // truncated payload
    std::fs::write(&images, idx(3, &[2, 2, 2], &[255; 7])).unwrap();
    error_names(
        load_idx_dir(dir.path()).unwrap_err(),
        "t10k-images-idx3-ubyte",
        "truncated",
    );
    // a label file where images belong
    std::fs::write(&images, idx(1, &[2], &[1, 2])).unwrap();
    error_names(
        load_idx_dir(dir.path()).unwrap_err(),
        "t10k-images-idx3-ubyte",
        "rank",
    );
    // one label too few
    std::fs::write(&images, idx(3, &[2, 2, 2], &[255; 8])).unwrap();
    std::fs::write(&labels, idx(1, &[1], &[1])).unwrap();
    error_names(
        load_idx_dir(dir.path()).unwrap_err(),
        "t10k-labels-idx1-ubyte",
        "1 labels for the 2 images",
    );
    // not IDX at all
    std::fs::write(&labels, b"hello").unwrap();
    error_names(
        load_idx_dir(dir.path()).unwrap_err(),
        "t10k-labels-idx1-ubyte",
        "magic",
    );
    // a missing file
    std::fs::remove_file(&labels).unwrap();
    error_names(
        load_idx_dir(dir.path()).unwrap_err(),
        "t10k-labels-idx1-ubyte",
        "no ",
    );
}

#[test]
fn csv_reads_and_rejects_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "0.1,0.2,1\n0.3,0.4,0\n").unwrap();
    let d = load_csv(&good).unwrap();
    assert_eq!((d.len(), d.dim, d.labels.clone()), (2, 2, vec![1, 0]));
    let zipped = dir.path().join("good.csv.gz");
    std::fs::write(&zipped, gz(b"0.1,0.2,1\n0.3,0.4,0\n")).unwrap();
    assert_eq!(load_csv(&zipped).unwrap(), d);
    let truncated = dir.path().join("truncated.csv");
    std::fs::write(&truncated, "0.1,0.2,1\n0.3,").unwrap();
    error_names(load_csv(&truncated).unwrap_err(), "truncated.csv", "line 2");
    let mislabelled = dir.path().join("mislabelled.csv");
    std::fs::write(&mislabelled, "0.1,0.2,1\n0.3,0.4,cat\n").unwrap();
    error_names(
        load_csv(&mislabelled).unwrap_err(),
        "mislabelled.csv",
        "label `cat`",
    );
    error_names(
        load_csv(&dir.path().join("absent.csv")).unwrap_err(),
        "absent.csv",
        "",
    );
}

fn npy(descr: &str, shape: &str, payload: &[u8]) -> Vec<u8> {
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(payload);
    out
}

#[test]
fn npy_reads_and_rejects_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x.npy");
    let y = dir.path().join("y.npy");
    let values = [0.5f32, 0.25, 1.0, 0.0, 0.75, 0.125];
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(&x, npy("<f4", "(3, 2)", &bytes)).unwrap();
    let labels: Vec<u8> = [2i64, 0, 1].iter().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(&y, npy("<i8", "(3,)", &labels)).unwrap();
    let d = load_npy(&x, Some(&y)).unwrap();
    assert_eq!((d.len(), d.dim), (3, 2));
    assert_eq!(
        d.features,
        values.iter().map(|&v| f64::from(v)).collect::<Vec<_>>()
    );
    assert_eq!(d.labels, vec![2, 0, 1]);
    assert_eq!(load_npy(&x, None).unwrap().labels, vec![0, 0, 0]);
    let f8: Vec<u8> = [1.5f64, -2.0]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    let z = dir.path().join("z.npy");
    std::fs::write(&z, npy("<f8", "(2,)", &f8)).unwrap();
    assert_eq!(read_npy(&z).unwrap().data, vec![1.5, -2.0]);

    let truncated = dir.path().join("truncated.npy");
    std::fs::write(&truncated, npy("<f4", "(3, 2)", &bytes[..20])).unwrap();
    error_names(
        load_npy(&truncated, None).unwrap_err(),
        "truncated.npy",
        "truncated",
    );
    let short = dir.path().join("short_labels.npy");
    std::fs::write(&short, npy("<i8", "(2,)", &labels[..16])).unwrap();
    error_names(
        load_npy(&x, Some(&short)).unwrap_err(),
        "short_labels.npy",
        "expected 3 labels",
    );
    let frac = dir.path().join("fractional_labels.npy");
    let fl: Vec<u8> = [0.0f32, 1.5, 2.0]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    std::fs::write(&frac, npy("<f4", "(3,)", &fl)).unwrap();
    error_names(
        load_npy(&x, Some(&frac)).unwrap_err(),
        "fractional_labels.npy",
        "not a class number",
    );
    let notnpy = dir.path().join("plain.npy");
    std::fs::write(&notnpy, b"0.1,0.2\n").unwrap();
    error_names(read_npy(&notnpy).unwrap_err(), "plain.npy", "magic");
    let fortran = dir.path().join("fortran.npy");
    let mut f = npy("<f4", "(3, 2)", &bytes);
    let at = f.windows(5).position(|w| w == b"False").unwrap();
    f[at..at + 5].copy_from_slice(b"True ");
    std::fs::write(&fortran, f).unwrap();
    error_names(read_npy(&fortran).unwrap_err(), "fortran.npy", "Fortran");
}

#[test]
fn data_sources_parse() {
    assert_eq!("digits".parse::<DataSource>().unwrap(), DataSource::Digits);
    assert_eq!(
        "mnist1d".parse::<DataSource>().unwrap(),
        DataSource::Mnist1d
    );
    assert_eq!(
        "npy:a.npy,b.npy".parse::<DataSource>().unwrap(),
        DataSource::Npy("a.npy".into(), Some("b.npy".into()))
    );
    assert!("mnist".parse::<DataSource>().is_err());
    assert!("csv:".parse::<DataSource>().is_err());
}
