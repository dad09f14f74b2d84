//! Degenerate inputs of moderate size for the bottleneck distance: many
//! duplicates, heavy ties, huge and tiny coordinates together. They must
//! finish quickly and return consistent matchings.

use toporeg::edge_cost;
use toporeg::{bottleneck, bottleneck_approx, Diagram, Ground};

fn consistent(a: &Diagram<f64>, b: &Diagram<f64>) -> f64 {
    let r = bottleneck(a, b);
    assert!(r.matching.is_complete(a.len(), b.len()));
    let achieved = r
        .matching
        .edges()
        .map(|e| edge_cost(a, b, e, Ground::LInf))
        .fold(0.0, f64::max);
    assert_eq!(achieved, r.distance);
    assert_eq!(bottleneck(b, a).distance, r.distance);
    let approx = bottleneck_approx(a, b, 0.05).unwrap();
    assert!(approx.distance >= r.distance && approx.distance <= r.distance * 1.05);
    r.distance
}

#[test]
fn many_duplicates() {
    let a = Diagram::new(vec![[0.0, 1.0]; 2000]).unwrap();
    let b = Diagram::new(vec![[0.0, 1.0]; 1999]).unwrap();
    assert_eq!(consistent(&a, &b), 0.5);
    assert_eq!(consistent(&a, &a), 0.0);
}

#[test]
fn integer_grid_with_ties() {
    let grid = |shift: f64| {
        let mut v = Vec::new();
        for i in 0..30 {
            for j in 1..12 {
                v.push([f64::from(i) + shift, f64::from(i + j)]);
            }
        }
        Diagram::new(v).unwrap()
    };
    let d = consistent(&grid(0.0), &grid(1.0));
    assert!(d > 0.0 && d <= 6.0, "{d}");
}

#[test]
fn huge_and_tiny_coordinates_together() {
    let a = Diagram::new(vec![[0.0, 1e-300], [1e300, 2e300], [-1e308, 1e308]]).unwrap();
    let b = Diagram::new(vec![[1e300, 2e300 + 1e285], [-1e308, 1e308]]).unwrap();
    assert_eq!(consistent(&a, &b), 2e300 + 1e285 - 2e300);
    let c = Diagram::new(vec![[1e308, 1.7e308]]).unwrap();
    assert_eq!(consistent(&a, &c), 1e308);
}

#[test]
fn only_diagonal_and_infinite_points() {
    let inf = f64::INFINITY;
    let a = Diagram::new(vec![[1.0, 1.0], [0.0, inf], [-inf, 2.0], [-inf, inf]]).unwrap();
    let b = Diagram::new(vec![[0.5, inf], [-inf, 4.0], [-inf, inf], [3.0, 3.0]]).unwrap();
    assert_eq!(consistent(&a, &b), 2.0);
    let c = Diagram::new(vec![[0.5, inf], [-inf, 4.0]]).unwrap();
    assert_eq!(bottleneck(&a, &c).distance, inf);
    assert!(Diagram::new(vec![[f64::NAN, 1.0]]).is_err());
}
