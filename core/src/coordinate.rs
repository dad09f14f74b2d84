//! Coordinates of diagrams and filtration values as text: infinities are
//! spelt `inf` and `-inf`, in Hera's text format and, with the `serde`
//! feature, in JSON (which has no infinite numbers) for every public type
//! that holds a value which may be infinite (diagrams, persistence pairs,
//! distances between diagrams).

use crate::scalar::Scalar;

/// Parses one coordinate: a decimal number or an infinity spelling.
pub(crate) fn parse_coordinate<T: Scalar>(field: &str) -> Option<T> {
    let lower = field.trim_start_matches('+');
    if lower.eq_ignore_ascii_case("inf") || lower.eq_ignore_ascii_case("infinity") {
        return Some(T::infinity());
    }
    if let Some(rest) = field.strip_prefix('-') {
        if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
            return Some(T::neg_infinity());
        }
    }
    field.parse::<f64>().ok().map(T::of)
}

/// Displays a coordinate as Hera writes it (`inf`, `-inf`, or the shortest
/// decimal that reads back to the same value).
pub(crate) struct Coord<T>(pub(crate) T);

impl<T: Scalar> core::fmt::Display for Coord<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let v = self.0;
        if v == T::infinity() {
            f.write_str("inf")
        } else if v == T::neg_infinity() {
            f.write_str("-inf")
        } else {
            // `Display` of f32/f64 is the shortest round-trip form.
            core::fmt::Display::fmt(&v, f)
        }
    }
}

#[cfg(feature = "serde")]
pub(crate) mod serde_impl {
    use crate::scalar::Scalar;
    use core::fmt;
    use core::marker::PhantomData;
    use serde::de::{self, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::parse_coordinate;

    /// A coordinate that (de)serializes its infinities as `"inf"` / `"-inf"`.
    pub(crate) struct Coordinate<T>(pub(crate) T);

    impl<T: Scalar> Serialize for Coordinate<T> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let v = self.0;
            if v == T::infinity() {
                s.serialize_str("inf")
            } else if v == T::neg_infinity() {
                s.serialize_str("-inf")
            } else {
                s.serialize_f64(v.as_f64())
            }
        }
    }

    impl<'de, T: Scalar> Deserialize<'de> for Coordinate<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(PhantomData<T>);
            impl<T: Scalar> Visitor<'_> for V<T> {
                type Value = Coordinate<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a number or \"inf\" / \"-inf\"")
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                    Ok(Coordinate(T::of(v)))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                    Ok(Coordinate(T::of(v as f64)))
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                    Ok(Coordinate(T::of(v as f64)))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    parse_coordinate(v)
                        .map(Coordinate)
                        .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
            d.deserialize_any(V(PhantomData))
        }
    }

    /// `#[serde(with = ...)]` form of [`Coordinate`], for single values such
    /// as the birth and death of a persistence pair or a distance.
    pub(crate) mod coordinate {
        use super::{Coordinate, Deserialize, Deserializer, Scalar, Serialize, Serializer};

        pub(crate) fn serialize<T: Scalar, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
            Coordinate(*v).serialize(s)
        }

        pub(crate) fn deserialize<'de, T: Scalar, D: Deserializer<'de>>(
            d: D,
        ) -> Result<T, D::Error> {
            Coordinate::deserialize(d).map(|c| c.0)
        }
    }

    /// `#[serde(with = ...)]` form of an optional `[low, high]` pair of
    /// values (`null` when absent).
    pub(crate) mod option_pair {
        use super::{Coordinate, Deserialize, Deserializer, Scalar, Serialize, Serializer};

        pub(crate) fn serialize<T: Scalar, S: Serializer>(
            v: &Option<[T; 2]>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            v.map(|[a, b]| [Coordinate(a), Coordinate(b)]).serialize(s)
        }

        pub(crate) fn deserialize<'de, T: Scalar, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<[T; 2]>, D::Error> {
            let v: Option<[Coordinate<T>; 2]> = Deserialize::deserialize(d)?;
            Ok(v.map(|[a, b]| [a.0, b.0]))
        }
    }

    /// `#[serde(with = ...)]` form of a list of values.
    pub(crate) mod list {
        use super::{Coordinate, Deserialize, Deserializer, Scalar, Serializer};
        use alloc::vec::Vec;

        pub(crate) fn serialize<T: Scalar, S: Serializer>(
            v: &[T],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.iter().map(|&x| Coordinate(x)))
        }

        pub(crate) fn deserialize<'de, T: Scalar, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<T>, D::Error> {
            let v: Vec<Coordinate<T>> = Deserialize::deserialize(d)?;
            Ok(v.into_iter().map(|c| c.0).collect())
        }
    }
}
