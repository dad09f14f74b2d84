//! Persistence diagrams.
//!
//! A [`Diagram`] is the plain multiset of (birth, death) points that
//! distances, kernels and functionals work on. It is made from the
//! [`PersistencePair`]s the reduction produces (which also carry the edges
//! behind each value): [`Diagram::from_pairs`] and [`Persistence::diagram`]
//! keep the order of the pairs, so a gradient per diagram point (`[d/d
//! birth, d/d death]`, one entry per point, in order) is also a gradient per
//! pair, which [`crate::persistence`] pulls back to the points.

use alloc::vec::Vec;

use crate::coordinate::{parse_coordinate, Coord};
use crate::error::{Error, Result};
use crate::persistence::pairs::PersistencePair;
use crate::persistence::rips::Persistence;
use crate::scalar::Scalar;

impl<T: Scalar> Persistence<T> {
    /// The diagram of degree `dim`, its points in the order of
    /// [`Persistence::pairs`].
    pub fn diagram(&self, dim: usize) -> Diagram<T> {
        Diagram::from_pairs(self.pairs(dim))
    }
}

/// What kind of point a `[birth, death]` pair is.
///
/// Distances treat the kinds differently: [`PointKind::Finite`] points are
/// matched with each other or with the diagonal, [`PointKind::Diagonal`]
/// points cost nothing (they lie on the diagonal already), and the infinite
/// kinds are matched only among themselves, by their finite coordinate.
/// Functionals and kernels use the finite off-diagonal points only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum PointKind {
    /// Both coordinates finite and `birth < death`.
    Finite,
    /// `birth == death` (finite, or both `+inf`, or both `-inf`).
    Diagonal,
    /// Finite birth, `death = +inf`: an essential class.
    Essential,
    /// `birth = -inf`, finite death.
    NegInfBirth,
    /// `birth = -inf` and `death = +inf`.
    BothInfinite,
    /// Any other point with an infinite coordinate off the diagonal:
    /// `birth = +inf` or `death = -inf`. Only diagrams built with
    /// [`Diagram::new_any_order`] (Hera's format) hold them; they are matched
    /// among themselves like the other infinite kinds, by the sign of each
    /// infinite coordinate and by the finite one.
    OtherInfinite,
}

impl PointKind {
    /// Classifies a point (which must not hold NaN and must have
    /// `birth <= death`, as every point of a [`Diagram`] does).
    ///
    /// ```
    /// use toporeg::PointKind;
    /// assert_eq!(PointKind::of([0.0, 1.0]), PointKind::Finite);
    /// assert_eq!(PointKind::of([1.0, 1.0]), PointKind::Diagonal);
    /// assert_eq!(PointKind::of([0.0, f64::INFINITY]), PointKind::Essential);
    /// assert_eq!(PointKind::of([f64::NEG_INFINITY, 2.0]), PointKind::NegInfBirth);
    /// ```
    pub fn of<T: Scalar>(p: [T; 2]) -> Self {
        let [b, d] = p;
        let pos = T::infinity();
        let neg = T::neg_infinity();
        if b == d {
            PointKind::Diagonal
        } else if b.is_finite() && d.is_finite() {
            PointKind::Finite
        } else if b.is_finite() && d == pos {
            PointKind::Essential
        } else if b == neg && d.is_finite() {
            PointKind::NegInfBirth
        } else if b == neg && d == pos {
            PointKind::BothInfinite
        } else {
            PointKind::OtherInfinite
        }
    }

    /// Whether the point has an infinite coordinate and is not on the diagonal.
    pub fn is_infinite(self) -> bool {
        matches!(
            self,
            PointKind::Essential
                | PointKind::NegInfBirth
                | PointKind::BothInfinite
                | PointKind::OtherInfinite
        )
    }
}

/// A persistence diagram: a multiset of `[birth, death]` points.
///
/// Points keep the order in which they were given. Coordinates may be
/// infinite (essential classes: `death = +inf`, or `birth = -inf` in diagrams
/// read from other tools) but never NaN, and `birth <= death` — except in
/// diagrams built with [`Diagram::new_any_order`] or read from Hera's text
/// format, which may hold points below the diagonal (Hera's own test suite
/// has some). Distances treat such a point by its distance `|d - b|/2` to
/// the diagonal; functionals and kernels apply their formulas as written.
///
/// With the `serde` feature a diagram (de)serializes as a list of
/// `[birth, death]` pairs, infinite coordinates written as the strings
/// `"inf"` and `"-inf"` (JSON has no infinite numbers); deserializing
/// validates like [`Diagram::new_any_order`] (NaN is rejected).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram<T> {
    points: Vec<[T; 2]>,
}

impl<T: Scalar> Diagram<T> {
    /// An empty diagram.
    pub fn empty() -> Self {
        Self { points: Vec::new() }
    }

    /// Builds a diagram from `[birth, death]` points.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a NaN coordinate and
    /// [`Error::InvalidParameter`] for a point with `death < birth`.
    ///
    /// ```
    /// use toporeg::Diagram;
    /// let d = Diagram::new(vec![[0.0, 1.0], [0.5, f64::INFINITY]])?;
    /// assert_eq!(d.len(), 2);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn new(points: Vec<[T; 2]>) -> Result<Self> {
        let diagram = Self::new_any_order(points)?;
        for (i, p) in diagram.points.iter().enumerate() {
            if p[1] < p[0] {
                return Err(Error::InvalidParameter {
                    name: "diagram",
                    reason: alloc::format!(
                        "point {i} has death {} before birth {}",
                        p[1].as_f64(),
                        p[0].as_f64()
                    ),
                });
            }
        }
        Ok(diagram)
    }

    /// Builds a diagram that may hold points below the diagonal
    /// (`death < birth`), as Hera's format allows; only NaN is rejected.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a NaN coordinate.
    ///
    /// ```
    /// use toporeg::{Diagram, PointKind};
    /// let d = Diagram::new_any_order(vec![[2.0, 1.0], [f64::INFINITY, 3.0]])?;
    /// assert_eq!(d.kind(0), Some(PointKind::Finite));
    /// assert_eq!(d.kind(1), Some(PointKind::OtherInfinite));
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn new_any_order(points: Vec<[T; 2]>) -> Result<Self> {
        for (i, p) in points.iter().enumerate() {
            for (k, v) in p.iter().enumerate() {
                if v.is_nan() {
                    return Err(Error::NonFinite {
                        what: "diagram",
                        index: 2 * i + k,
                        value: v.as_f64(),
                    });
                }
            }
        }
        Ok(Self { points })
    }

    /// The diagram of a list of pairs, in the same order.
    pub fn from_pairs(pairs: &[PersistencePair<T>]) -> Self {
        Self {
            points: pairs.iter().map(|p| [p.birth, p.death]).collect(),
        }
    }

    /// The points, in order.
    pub fn points(&self) -> &[[T; 2]] {
        &self.points
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether the diagram has no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The points, given back.
    pub fn into_points(self) -> Vec<[T; 2]> {
        self.points
    }

    /// The kind of point `i` (`None` when out of range).
    pub fn kind(&self, i: usize) -> Option<PointKind> {
        self.points.get(i).map(|&p| PointKind::of(p))
    }

    /// Indices of the points of one kind, in order.
    ///
    /// ```
    /// use toporeg::{Diagram, PointKind};
    /// let d = Diagram::new(vec![[0.0, 1.0], [2.0, 2.0], [0.5, f64::INFINITY], [0.0, 3.0]])?;
    /// assert_eq!(d.indices_of(PointKind::Finite), vec![0, 3]);
    /// assert_eq!(d.indices_of(PointKind::Essential), vec![2]);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn indices_of(&self, kind: PointKind) -> Vec<usize> {
        (0..self.points.len())
            .filter(|&i| PointKind::of(self.points[i]) == kind)
            .collect()
    }

    /// Number of points of each kind, in the order
    /// `[Finite, Diagonal, Essential, NegInfBirth, BothInfinite, OtherInfinite]`.
    pub fn kind_counts(&self) -> [usize; 6] {
        let mut c = [0; 6];
        for &p in &self.points {
            c[match PointKind::of(p) {
                PointKind::Finite => 0,
                PointKind::Diagonal => 1,
                PointKind::Essential => 2,
                PointKind::NegInfBirth => 3,
                PointKind::BothInfinite => 4,
                PointKind::OtherInfinite => 5,
            }] += 1;
        }
        c
    }

    /// Parses Hera's text format: one point `birth death` per line,
    /// separated by whitespace (commas are accepted too); `inf`, `+inf`,
    /// `-inf` (any case, also `infinity`) for infinite coordinates. Blank
    /// lines and lines starting with `#` are skipped. Like Hera, points below
    /// the diagonal are accepted (see [`Diagram::new_any_order`]).
    ///
    /// # Errors
    /// [`Error::Parse`] naming the 1-based line for a field that is not a
    /// number, a line without exactly two fields, or a NaN.
    ///
    /// ```
    /// use toporeg::Diagram;
    /// let d: Diagram<f64> = Diagram::parse_hera("0 1\n# comment\n\n2.5 inf\n")?;
    /// assert_eq!(d.points(), &[[0.0, 1.0], [2.5, f64::INFINITY]]);
    /// assert!(Diagram::<f64>::parse_hera("0 1\n1 x\n").is_err());
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn parse_hera(text: &str) -> Result<Self> {
        let mut points = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let mut fields = content
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|f| !f.is_empty());
            let mut coords = [T::zero(); 2];
            for c in coords.iter_mut() {
                let field = fields.next().ok_or_else(|| Error::Parse {
                    line,
                    reason: alloc::string::String::from("expected two values `birth death`"),
                })?;
                *c = parse_coordinate(field).ok_or_else(|| Error::Parse {
                    line,
                    reason: alloc::format!("`{field}` is not a number"),
                })?;
            }
            if let Some(extra) = fields.next() {
                return Err(Error::Parse {
                    line,
                    reason: alloc::format!("unexpected third value `{extra}`"),
                });
            }
            if coords[0].is_nan() || coords[1].is_nan() {
                return Err(Error::Parse {
                    line,
                    reason: alloc::string::String::from("NaN coordinate"),
                });
            }
            points.push(coords);
        }
        Ok(Self { points })
    }

    /// Writes Hera's text format: `birth death` per line, shortest
    /// round-trip decimal form, `inf` and `-inf` for infinite coordinates.
    ///
    /// ```
    /// use toporeg::Diagram;
    /// let d = Diagram::new(vec![[0.5, 1.0], [2.0, f64::INFINITY]])?;
    /// assert_eq!(d.to_hera(), "0.5 1\n2 inf\n");
    /// assert_eq!(Diagram::parse_hera(&d.to_hera())?, d);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn to_hera(&self) -> alloc::string::String {
        use core::fmt::Write;
        let mut s = alloc::string::String::new();
        for p in &self.points {
            // Writing to a String cannot fail.
            let _ = writeln!(s, "{} {}", Coord(p[0]), Coord(p[1]));
        }
        s
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::Diagram;
    use crate::coordinate::serde_impl::Coordinate;
    use crate::scalar::Scalar;
    use alloc::vec::Vec;
    use core::fmt;
    use core::marker::PhantomData;
    use serde::de::{self, SeqAccess, Visitor};
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl<T: Scalar> Serialize for Diagram<T> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.points.len()))?;
            for p in &self.points {
                seq.serialize_element(&[Coordinate(p[0]), Coordinate(p[1])])?;
            }
            seq.end()
        }
    }

    impl<'de, T: Scalar> Deserialize<'de> for Diagram<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(PhantomData<T>);
            impl<'de, T: Scalar> Visitor<'de> for V<T> {
                type Value = Diagram<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a list of [birth, death] pairs")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                    let mut points = Vec::new();
                    while let Some([b, d]) = seq.next_element::<[Coordinate<T>; 2]>()? {
                        points.push([b.0, d.0]);
                    }
                    Diagram::new_any_order(points).map_err(de::Error::custom)
                }
            }
            d.deserialize_seq(V(PhantomData))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn rejects_nan_and_reversed_points() {
        assert!(matches!(
            Diagram::new(vec![[0.0, f64::NAN]]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(Diagram::new(vec![[1.0_f32, 0.0]]).is_err());
    }

    #[test]
    fn classifies_points() {
        let inf = f64::INFINITY;
        let d = Diagram::new(vec![
            [0.0, 1.0],
            [1.0, 1.0],
            [0.0, inf],
            [-inf, 1.0],
            [-inf, inf],
            [inf, inf],
        ])
        .unwrap();
        assert_eq!(d.kind_counts(), [1, 2, 1, 1, 1, 0]);
        let odd = Diagram::new_any_order(vec![[inf, 1.0], [0.0, -inf], [2.0, 1.0]]).unwrap();
        assert_eq!(odd.kind_counts(), [1, 0, 0, 0, 0, 2]);
        assert!(Diagram::new_any_order(vec![[f64::NAN, 0.0]]).is_err());
        assert_eq!(d.kind(4), Some(PointKind::BothInfinite));
        assert_eq!(d.kind(6), None);
        assert!(PointKind::Essential.is_infinite());
        assert!(!PointKind::Diagonal.is_infinite());
    }

    #[test]
    fn hera_format_round_trips_and_names_lines() {
        let text = "1 2\n-inf 3\n0.1 +Infinity\n";
        let d: Diagram<f64> = Diagram::parse_hera(text).unwrap();
        assert_eq!(
            d.points(),
            &[[1.0, 2.0], [f64::NEG_INFINITY, 3.0], [0.1, f64::INFINITY]]
        );
        assert_eq!(Diagram::parse_hera(&d.to_hera()).unwrap(), d);
        for (bad, line) in [
            ("1 2\n3\n", 2),
            ("1 2\n\n3 4 5\n", 3),
            ("nan 1\n", 1),
            ("a b\n", 1),
        ] {
            match Diagram::<f64>::parse_hera(bad) {
                Err(Error::Parse { line: l, .. }) => assert_eq!(l, line, "{bad:?}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        assert!(Diagram::<f32>::parse_hera("").unwrap().is_empty());
    }

    #[test]
    fn from_pairs_keeps_order() {
        let pairs = [
            PersistencePair {
                dim: 1,
                birth: 1.0,
                death: 2.0,
                birth_edge: Some([0, 1]),
                death_edge: Some([1, 2]),
            },
            PersistencePair {
                dim: 1,
                birth: 0.5,
                death: f64::INFINITY,
                birth_edge: Some([2, 3]),
                death_edge: None,
            },
        ];
        let d = Diagram::from_pairs(&pairs);
        assert_eq!(d.points(), &[[1.0, 2.0], [0.5, f64::INFINITY]]);
        assert!(pairs[1].is_essential());
        assert_eq!(pairs[0].persistence(), 1.0);
    }
}
