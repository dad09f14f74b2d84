//! The COREL connectivity loss (η = 1, L1 metric) on a Gaussian batch: the
//! H0 death times concentrate at η.
//!
//! `cargo run -p toporeg --example connectivity`

mod common;

use common::{blob, descend, h0_deaths, histogram, mean_abs_dev};
use toporeg::ConnectivityLossParams;
use toporeg::Metric;
use toporeg::SplitMix64;

fn main() -> Result<(), toporeg::Error> {
    let eta = 1.0;
    let mut pts = blob(&mut SplitMix64::new(3), 64, &[0.0; 4], 1.0);
    let loss = ConnectivityLossParams::new(eta).check()?;
    let before = h0_deaths(&pts, 4, Metric::Manhattan)?;
    let (first, last) = descend(&loss, &mut pts, 4, None, 0.005, 300)?;
    let after = h0_deaths(&pts, 4, Metric::Manhattan)?;
    println!(
        "H0 death times (L1) before (mean |t - η| = {:.3}):",
        mean_abs_dev(&before, eta)
    );
    print!("{}", histogram(&before, 0.0, 3.0, 15));
    println!(
        "after 300 steps (mean |t - η| = {:.3}):",
        mean_abs_dev(&after, eta)
    );
    print!("{}", histogram(&after, 0.0, 3.0, 15));
    println!("L_η {first:.3} -> {last:.3}");
    Ok(())
}
