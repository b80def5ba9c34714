//! Probability distributions of non-negative durations and inter-arrival times.
//!
//! A [`Dist`] is validated once, when it is built, and every parameter that
//! sampling needs is precomputed then, so [`Dist::sample`] is cheap: it does
//! not allocate, and it uses inverse-transform sampling with a single uniform
//! draw wherever a closed form exists. Given the same random-number stream,
//! sampling is bit-for-bit reproducible (no thread-local or global state).
//!
//! Every sample is finite and `>= 0`. To guarantee that, and that
//! [`Dist::second_moment`] is finite, time-valued parameters may be at most
//! `1e100` (far beyond any real duration in any unit).
//!
//! # Examples
//!
//! ```
//! use expansim::dist::Dist;
//! use rand::SeedableRng;
//!
//! let service = Dist::triangular(0.2, 0.3, 0.6)?;
//! assert_eq!(service.name(), "triangular");
//! assert_eq!(service.to_string(), "triangular(min=0.2, mode=0.3, max=0.6)");
//! assert!((service.mean() - 1.1 / 3.0).abs() < 1e-12);
//!
//! // Minutes to hours: same shape, mean divided by 60.
//! let in_hours = Dist::exponential(15.0)?.scaled(1.0 / 60.0);
//! assert!((in_hours.mean() - 0.25).abs() < 1e-12);
//! assert_eq!(in_hours.params(), vec![("mean", 0.25)]);
//!
//! let mut rng = rand::rngs::StdRng::seed_from_u64(42);
//! let x = service.sample(&mut rng);
//! assert!((0.2..=0.6).contains(&x));
//!
//! // Invalid parameters are rejected with a message naming the parameter.
//! let err = Dist::uniform(5.0, 2.0).unwrap_err();
//! assert_eq!(err.to_string(), "`min` (5) must not exceed `max` (2)");
//! # Ok::<(), expansim::dist::DistError>(())
//! ```

use std::fmt;

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// Largest accepted value of a time-valued parameter (and of an empirical
/// value). It keeps every sample and `E[X^2]` finite, with room to spare for
/// unit conversions through [`Dist::scaled`].
const MAX_PARAM: f64 = 1e100;

/// An error building a [`Dist`] from invalid parameters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DistError {
    /// A parameter that must be positive and finite is not.
    #[error("`{param}` must be a positive finite number, got {value}", value = num(.value))]
    NotPositive {
        /// The parameter's name.
        param: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A parameter that must be non-negative and finite is not.
    #[error("`{param}` must be a non-negative finite number, got {value}", value = num(.value))]
    Negative {
        /// The parameter's name.
        param: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A parameter exceeds the largest accepted magnitude (`1e100`).
    #[error(
        "`{param}` must not exceed {max}, got {value}",
        max = num(&MAX_PARAM),
        value = num(.value)
    )]
    TooLarge {
        /// The parameter's name.
        param: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// Two parameters are in the wrong order (`lower > upper`).
    #[error(
        "`{lower}` ({lower_value}) must not exceed `{upper}` ({upper_value})",
        lower_value = num(.lower_value),
        upper_value = num(.upper_value)
    )]
    OutOfOrder {
        /// The name of the parameter that must be the smaller.
        lower: &'static str,
        /// Its value.
        lower_value: f64,
        /// The name of the parameter that must be the larger.
        upper: &'static str,
        /// Its value.
        upper_value: f64,
    },
    /// Two parameters that must be strictly ordered are equal.
    #[error(
        "`{lower}` ({lower_value}) must be less than `{upper}` ({upper_value})",
        lower_value = num(.lower_value),
        upper_value = num(.upper_value)
    )]
    NotLess {
        /// The name of the parameter that must be the smaller.
        lower: &'static str,
        /// Its value.
        lower_value: f64,
        /// The name of the parameter that must be the larger.
        upper: &'static str,
        /// Its value.
        upper_value: f64,
    },
    /// A parameter that must be a positive whole number is not.
    #[error(
        "`{param}` must be a positive whole number (1, 2, 3, ...), got {value}",
        value = num(.value)
    )]
    NotPositiveInteger {
        /// The parameter's name.
        param: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// An empirical distribution was given no values.
    #[error("`values` must contain at least one value, got an empty list")]
    EmptyValues,
    /// An empirical value is negative, NaN or infinite.
    #[error(
        "`values[{index}]` must be a non-negative finite number, got {value}",
        value = num(.value)
    )]
    InvalidValue {
        /// Zero-based position of the bad value.
        index: usize,
        /// The rejected value.
        value: f64,
    },
    /// An empirical value exceeds the largest accepted magnitude (`1e100`).
    #[error(
        "`values[{index}]` must not exceed {max}, got {value}",
        max = num(&MAX_PARAM),
        value = num(.value)
    )]
    ValueTooLarge {
        /// Zero-based position of the bad value.
        index: usize,
        /// The rejected value.
        value: f64,
    },
    /// The parameters are individually valid but the distribution they
    /// describe cannot be represented in floating point (for example a gamma
    /// shape that overflows, or a weibull shape so small its variance is
    /// infinite).
    #[error("{dist} parameters cannot be represented: {why}", why = .reason)]
    Unrepresentable {
        /// The distribution's name.
        dist: &'static str,
        /// What overflowed or underflowed, with the parameter values.
        reason: String,
    },
}

/// A validated probability distribution of a non-negative duration (or
/// inter-arrival time).
///
/// Build one with a constructor such as [`Dist::exponential`], draw values
/// with [`Dist::sample`], and query exact moments with [`Dist::mean`],
/// [`Dist::variance`] and [`Dist::second_moment`]. See the
/// [module documentation](self) for an example.
#[derive(Debug, Clone, PartialEq)]
pub struct Dist {
    kind: Kind,
    /// Exact mean, computed at construction.
    mean: f64,
    /// Exact variance, computed at construction.
    variance: f64,
}

/// The distribution family with its user parameters and precomputed
/// sampling constants.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Exponential {
        mean: f64,
    },
    Deterministic {
        value: f64,
    },
    Uniform {
        min: f64,
        max: f64,
        width: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
        /// CDF at the mode, `(mode - min) / (max - min)`.
        split: f64,
        /// `(max - min) * (mode - min)`.
        left: f64,
        /// `(max - min) * (max - mode)`.
        right: f64,
    },
    Normal {
        /// Mean of the underlying (untruncated) normal.
        mean: f64,
        /// Standard deviation of the underlying (untruncated) normal.
        sd: f64,
    },
    LogNormal {
        mean: f64,
        sd: f64,
        /// Mean of `ln X`.
        mu: f64,
        /// Standard deviation of `ln X`.
        sigma: f64,
    },
    Gamma {
        mean: f64,
        sd: f64,
        gamma: rand_distr::Gamma<f64>,
    },
    Erlang {
        k: f64,
        mean: f64,
        gamma: rand_distr::Gamma<f64>,
    },
    Weibull {
        shape: f64,
        scale: f64,
        inv_shape: f64,
    },
    Empirical {
        values: Box<[f64]>,
    },
}

/// Checks that a time-valued parameter is finite, `> 0` and not absurdly large.
fn check_positive(param: &'static str, value: f64) -> Result<f64, DistError> {
    if !(value.is_finite() && value > 0.0) {
        return Err(DistError::NotPositive { param, value });
    }
    check_magnitude(param, value)
}

/// Checks that a time-valued parameter is finite, `>= 0` and not absurdly large.
fn check_non_negative(param: &'static str, value: f64) -> Result<f64, DistError> {
    if !(value.is_finite() && value >= 0.0) {
        return Err(DistError::Negative { param, value });
    }
    check_magnitude(param, value)
}

fn check_magnitude(param: &'static str, value: f64) -> Result<f64, DistError> {
    if value > MAX_PARAM {
        Err(DistError::TooLarge { param, value })
    } else {
        // `+ 0.0` turns a `-0.0` into `0.0`, so it never leaks into output.
        Ok(value + 0.0)
    }
}

fn check_order(
    lower: &'static str,
    lower_value: f64,
    upper: &'static str,
    upper_value: f64,
) -> Result<(), DistError> {
    if lower_value > upper_value {
        Err(DistError::OutOfOrder {
            lower,
            lower_value,
            upper,
            upper_value,
        })
    } else {
        Ok(())
    }
}

/// `1 / sqrt(2 * pi)`.
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

/// Mean and variance of `N(mean, sd^2)` truncated to `[0, inf)`, for
/// `mean > 0` and `sd >= 0`.
fn truncated_normal_moments(mean: f64, sd: f64) -> (f64, f64) {
    if sd == 0.0 {
        return (mean, 0.0);
    }
    // Standardised truncation point; `mean > 0` so `a < 0` and at most half
    // of the mass is cut off.
    let a = -mean / sd;
    if a < -38.0 {
        // phi(a) < 1e-313: truncation is invisible in double precision (and
        // `a * a` could overflow).
        return (mean, sd * sd);
    }
    let pdf = INV_SQRT_2PI * (-0.5 * a * a).exp();
    // P(Z > a) = Phi(-a), via erfc to keep full relative precision.
    let survival = 0.5 * statrs::function::erf::erfc(a / std::f64::consts::SQRT_2);
    // Inverse Mills ratio.
    let lambda = pdf / survival;
    let t_mean = mean + sd * lambda;
    let t_var = sd * sd * (1.0 + a * lambda - lambda * lambda);
    (t_mean, t_var)
}

/// `zeta(n)` for `n = 2, 3, ..., 17`.
const ZETA: [f64; 16] = [
    1.644_934_066_848_226_4,
    1.202_056_903_159_594_2,
    1.082_323_233_711_138_2,
    1.036_927_755_143_37,
    1.017_343_061_984_449,
    1.008_349_277_381_922_8,
    1.004_077_356_197_944_4,
    1.002_008_392_826_082_2,
    1.000_994_575_127_818,
    1.000_494_188_604_119_5,
    1.000_246_086_553_308,
    1.000_122_713_347_578_5,
    1.000_061_248_135_058_7,
    1.000_030_588_236_307,
    1.000_015_282_259_408_6,
    1.000_007_637_197_637_9,
];

/// Shapes at or above this use a series for the weibull variance, because
/// `gamma(1 + 2/k) - gamma(1 + 1/k)^2` cancels catastrophically as `k` grows.
const WEIBULL_SERIES_SHAPE: f64 = 50.0;

/// Mean and variance of a weibull distribution.
fn weibull_moments(shape: f64, scale: f64) -> (f64, f64) {
    use statrs::function::gamma::gamma;
    let eps = 1.0 / shape;
    let g1 = gamma(1.0 + eps);
    let mean = scale * g1;
    let variance = if shape < WEIBULL_SERIES_SHAPE {
        scale * scale * (gamma(1.0 + 2.0 * eps) - g1 * g1)
    } else {
        // ln gamma(1 + x) = -euler_gamma * x + sum_{n>=2} (-1)^n zeta(n) x^n / n
        // for |x| < 1, so
        // d = ln gamma(1 + 2e) - 2 ln gamma(1 + e)
        //   = sum_{n>=2} (-1)^n zeta(n) (2^n - 2) / n * e^n,
        // and var = scale^2 gamma(1 + e)^2 (exp(d) - 1). With e <= 0.02
        // successive terms shrink by a factor of at most 2e = 0.04, so 16
        // terms reach full double precision.
        let mut d = 0.0;
        let mut power = eps; // eps^(n - 1)
        for (i, zeta) in ZETA.iter().enumerate() {
            let n = (i + 2) as f64;
            power *= eps;
            let sign = if i % 2 == 0 { 1.0 } else { -1.0 };
            d += sign * zeta * (n.exp2() - 2.0) / n * power;
        }
        scale * scale * g1 * g1 * d.exp_m1()
    };
    (mean, variance)
}

fn gamma_sampler(
    dist: &'static str,
    shape: f64,
    scale: f64,
    params: impl FnOnce() -> String,
) -> Result<rand_distr::Gamma<f64>, DistError> {
    let unrepresentable = || DistError::Unrepresentable {
        dist,
        reason: format!(
            "derived shape {shape} and scale {scale} must both be positive and finite ({params})",
            shape = num(&shape),
            scale = num(&scale),
            params = params()
        ),
    };
    if !(shape.is_finite() && shape > 0.0 && scale.is_finite() && scale > 0.0) {
        return Err(unrepresentable());
    }
    rand_distr::Gamma::new(shape, scale).map_err(|_| unrepresentable())
}

/// A unit exponential draw (ziggurat), called directly so that it is inlined where the
/// generic `Rng::sample` would not be.
#[inline(always)]
pub fn unit_exponential<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    rand_distr::Exp1.sample(rng)
}

impl Dist {
    fn from_kind(kind: Kind, mean: f64, variance: f64) -> Dist {
        Dist {
            kind,
            mean,
            variance,
        }
    }

    /// Exponential distribution with the given mean (rate `1 / mean`).
    ///
    /// # Errors
    ///
    /// [`DistError::NotPositive`] unless `mean` is finite and `> 0`;
    /// [`DistError::TooLarge`] if it exceeds `1e100`.
    pub fn exponential(mean: f64) -> Result<Dist, DistError> {
        let mean = check_positive("mean", mean)?;
        Ok(Self::from_kind(
            Kind::Exponential { mean },
            mean,
            mean * mean,
        ))
    }

    /// A constant: every sample is `value`, and sampling consumes no random
    /// numbers.
    ///
    /// # Errors
    ///
    /// [`DistError::Negative`] unless `value` is finite and `>= 0`;
    /// [`DistError::TooLarge`] if it exceeds `1e100`.
    pub fn deterministic(value: f64) -> Result<Dist, DistError> {
        let value = check_non_negative("value", value)?;
        Ok(Self::from_kind(Kind::Deterministic { value }, value, 0.0))
    }

    /// Continuous uniform distribution on `[min, max]`.
    ///
    /// # Errors
    ///
    /// [`DistError::Negative`] unless both bounds are finite and `>= 0`;
    /// [`DistError::TooLarge`] if one exceeds `1e100`;
    /// [`DistError::OutOfOrder`] if `min > max`.
    pub fn uniform(min: f64, max: f64) -> Result<Dist, DistError> {
        let min = check_non_negative("min", min)?;
        let max = check_non_negative("max", max)?;
        check_order("min", min, "max", max)?;
        let width = max - min;
        Ok(Self::from_kind(
            Kind::Uniform { min, max, width },
            0.5 * (min + max),
            width * width / 12.0,
        ))
    }

    /// Triangular distribution on `[min, max]` with its peak at `mode`.
    ///
    /// # Errors
    ///
    /// [`DistError::Negative`] unless all three are finite and `>= 0`;
    /// [`DistError::TooLarge`] if one exceeds `1e100`;
    /// [`DistError::OutOfOrder`] unless `min <= mode <= max`;
    /// [`DistError::NotLess`] if `min == max` (use [`Dist::deterministic`]).
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Dist, DistError> {
        let min = check_non_negative("min", min)?;
        let mode = check_non_negative("mode", mode)?;
        let max = check_non_negative("max", max)?;
        check_order("min", min, "max", max)?;
        check_order("min", min, "mode", mode)?;
        check_order("mode", mode, "max", max)?;
        if min == max {
            return Err(DistError::NotLess {
                lower: "min",
                lower_value: min,
                upper: "max",
                upper_value: max,
            });
        }
        let range = max - min;
        let mean = (min + mode + max) / 3.0;
        let variance =
            (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0;
        Ok(Self::from_kind(
            Kind::Triangular {
                min,
                mode,
                max,
                split: (mode - min) / range,
                left: range * (mode - min),
                right: range * (max - mode),
            },
            mean,
            // Guard against rounding producing a tiny negative number.
            variance.max(0.0),
        ))
    }

    /// Normal distribution with the given `mean` and standard deviation `sd`,
    /// **truncated at 0**: negative draws are rejected and redrawn (at most
    /// half of them are negative, since `mean > 0`).
    ///
    /// `mean` and `sd` are the parameters of the underlying untruncated
    /// normal. [`Dist::mean`] and [`Dist::variance`] return the moments of the
    /// truncated distribution actually sampled: with `a = -mean / sd` and
    /// `lambda = phi(a) / (1 - Phi(a))`, the mean is `mean + sd * lambda` and
    /// the variance `sd^2 * (1 + a * lambda - lambda^2)`. They differ
    /// noticeably from `mean` and `sd^2` once `sd` exceeds about half
    /// of `mean`. With `sd == 0` every sample is `mean` and no random numbers
    /// are consumed.
    ///
    /// # Errors
    ///
    /// [`DistError::NotPositive`] unless `mean` is finite and `> 0`;
    /// [`DistError::Negative`] unless `sd` is finite and `>= 0`;
    /// [`DistError::TooLarge`] if either exceeds `1e100`.
    pub fn normal(mean: f64, sd: f64) -> Result<Dist, DistError> {
        let mean = check_positive("mean", mean)?;
        let sd = check_non_negative("sd", sd)?;
        let (t_mean, t_var) = truncated_normal_moments(mean, sd);
        Ok(Self::from_kind(Kind::Normal { mean, sd }, t_mean, t_var))
    }

    /// Lognormal distribution with the given `mean` and standard deviation
    /// `sd` **of the distribution itself** (not of its logarithm).
    ///
    /// The log-scale parameters are `sigma^2 = ln(1 + sd^2 / mean^2)` and
    /// `mu = ln(mean) - sigma^2 / 2`. With `sd == 0` every sample is `mean`
    /// and no random numbers are consumed.
    ///
    /// # Errors
    ///
    /// [`DistError::NotPositive`] unless `mean` is finite and `> 0`;
    /// [`DistError::Negative`] unless `sd` is finite and `>= 0`;
    /// [`DistError::TooLarge`] if either exceeds `1e100`.
    pub fn lognormal(mean: f64, sd: f64) -> Result<Dist, DistError> {
        let mean = check_positive("mean", mean)?;
        let sd = check_non_negative("sd", sd)?;
        let sigma2 = if sd == 0.0 {
            0.0
        } else {
            // Work with ln(sd / mean) so extreme ratios cannot overflow.
            let log_ratio = sd.ln() - mean.ln();
            if log_ratio > 20.0 {
                // ln(1 + r^2) = 2 ln r + ln(1 + r^-2)
                2.0 * log_ratio + (-2.0 * log_ratio).exp().ln_1p()
            } else {
                let ratio = sd / mean;
                (ratio * ratio).ln_1p()
            }
        };
        let sigma = sigma2.sqrt();
        let mu = mean.ln() - 0.5 * sigma2;
        Ok(Self::from_kind(
            Kind::LogNormal {
                mean,
                sd,
                mu,
                sigma,
            },
            mean,
            sd * sd,
        ))
    }

    /// Gamma distribution with the given `mean` and standard deviation `sd`:
    /// shape `(mean / sd)^2`, scale `sd^2 / mean`.
    ///
    /// # Errors
    ///
    /// [`DistError::NotPositive`] unless both are finite and `> 0`;
    /// [`DistError::TooLarge`] if either exceeds `1e100`;
    /// [`DistError::Unrepresentable`] if the derived shape or scale overflows
    /// or underflows (a ratio `mean / sd` beyond about `1e154` or below
    /// `1e-162`).
    pub fn gamma(mean: f64, sd: f64) -> Result<Dist, DistError> {
        let mean = check_positive("mean", mean)?;
        let sd = check_positive("sd", sd)?;
        let ratio = mean / sd;
        let shape = ratio * ratio;
        let scale = sd / ratio;
        let gamma = gamma_sampler("gamma", shape, scale, || {
            format!("mean {mean}, sd {sd}", mean = num(&mean), sd = num(&sd))
        })?;
        Ok(Self::from_kind(
            Kind::Gamma { mean, sd, gamma },
            mean,
            sd * sd,
        ))
    }

    /// Erlang distribution: the sum of `k` independent exponentials, each
    /// with mean `mean / k`, so the total has mean `mean` and variance
    /// `mean^2 / k`.
    ///
    /// `k` is an `f64` because it usually comes from a TOML number; it must
    /// be a whole number.
    ///
    /// # Errors
    ///
    /// [`DistError::NotPositiveInteger`] unless `k` is a whole number `>= 1`;
    /// [`DistError::NotPositive`] unless `mean` is finite and `> 0`;
    /// [`DistError::TooLarge`] if `mean` exceeds `1e100`;
    /// [`DistError::Unrepresentable`] if `mean / k` underflows to 0.
    pub fn erlang(k: f64, mean: f64) -> Result<Dist, DistError> {
        if !(k.is_finite() && k >= 1.0 && k.fract() == 0.0) {
            return Err(DistError::NotPositiveInteger {
                param: "k",
                value: k,
            });
        }
        let mean = check_positive("mean", mean)?;
        let gamma = gamma_sampler("erlang", k, mean / k, || {
            format!("k {k}, mean {mean}", k = num(&k), mean = num(&mean))
        })?;
        Ok(Self::from_kind(
            Kind::Erlang { k, mean, gamma },
            mean,
            mean * mean / k,
        ))
    }

    /// Weibull distribution with CDF `1 - exp(-(x / scale)^shape)`.
    ///
    /// # Errors
    ///
    /// [`DistError::NotPositive`] unless both are finite and `> 0`;
    /// [`DistError::TooLarge`] if `scale` exceeds `1e100`;
    /// [`DistError::Unrepresentable`] if `shape` is so small (below about
    /// `0.012`) that the variance overflows.
    pub fn weibull(shape: f64, scale: f64) -> Result<Dist, DistError> {
        if !(shape.is_finite() && shape > 0.0) {
            return Err(DistError::NotPositive {
                param: "shape",
                value: shape,
            });
        }
        let scale = check_positive("scale", scale)?;
        let (mean, variance) = weibull_moments(shape, scale);
        if !(mean.is_finite() && variance.is_finite() && (variance + mean * mean).is_finite()) {
            return Err(DistError::Unrepresentable {
                dist: "weibull",
                reason: format!(
                    "`shape` {shape} is too small: the variance overflows (scale {scale})",
                    shape = num(&shape),
                    scale = num(&scale)
                ),
            });
        }
        Ok(Self::from_kind(
            Kind::Weibull {
                shape,
                scale,
                inv_shape: 1.0 / shape,
            },
            mean,
            variance.max(0.0),
        ))
    }

    /// Empirical distribution: each sample is one of `values`, picked
    /// uniformly at random (bootstrap resampling). Its mean and variance are
    /// those of `values` treated as a population (divisor `n`).
    ///
    /// # Errors
    ///
    /// [`DistError::EmptyValues`] if `values` is empty;
    /// [`DistError::InvalidValue`] naming the index of the first value that
    /// is negative, NaN or infinite; [`DistError::ValueTooLarge`] for a value
    /// above `1e100`.
    pub fn empirical(values: Vec<f64>) -> Result<Dist, DistError> {
        if values.is_empty() {
            return Err(DistError::EmptyValues);
        }
        let mut values = values.into_boxed_slice();
        for (index, value) in values.iter_mut().enumerate() {
            if !(value.is_finite() && *value >= 0.0) {
                return Err(DistError::InvalidValue {
                    index,
                    value: *value,
                });
            }
            if *value > MAX_PARAM {
                return Err(DistError::ValueTooLarge {
                    index,
                    value: *value,
                });
            }
            *value += 0.0; // normalise -0.0
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        Ok(Self::from_kind(Kind::Empirical { values }, mean, variance))
    }

    /// The distribution's name as written in a scenario file: `"exponential"`,
    /// `"deterministic"`, `"uniform"`, `"triangular"`, `"normal"`,
    /// `"lognormal"`, `"gamma"`, `"erlang"`, `"weibull"` or `"empirical"`.
    pub fn name(&self) -> &'static str {
        match self.kind {
            Kind::Exponential { .. } => "exponential",
            Kind::Deterministic { .. } => "deterministic",
            Kind::Uniform { .. } => "uniform",
            Kind::Triangular { .. } => "triangular",
            Kind::Normal { .. } => "normal",
            Kind::LogNormal { .. } => "lognormal",
            Kind::Gamma { .. } => "gamma",
            Kind::Erlang { .. } => "erlang",
            Kind::Weibull { .. } => "weibull",
            Kind::Empirical { .. } => "empirical",
        }
    }

    /// The exact mean of the distribution sampled (for `normal`, of the
    /// distribution truncated at 0).
    #[inline]
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The exact variance of the distribution sampled (for `normal`, of the
    /// distribution truncated at 0).
    #[inline]
    pub fn variance(&self) -> f64 {
        self.variance
    }

    /// Second moment `E[X^2] = variance + mean^2` (used for
    /// Pollaczek-Khinchine).
    #[inline]
    pub fn second_moment(&self) -> f64 {
        self.variance + self.mean * self.mean
    }

    /// Whether every sample is the same value ([`Dist::mean`]), i.e. the
    /// variance is zero: `deterministic`, but also e.g. `normal` or
    /// `lognormal` with `sd = 0`, `uniform` with `min == max`, or `empirical`
    /// with all values equal.
    #[inline]
    pub fn is_deterministic(&self) -> bool {
        self.variance == 0.0
    }

    /// The same distribution with every time-valued parameter multiplied by
    /// `factor` (> 0), for unit conversion (e.g. `1.0 / 60.0` for minutes to
    /// hours). Shape parameters (erlang `k`, weibull `shape`) are unchanged,
    /// so the mean is multiplied by `factor` and the variance by `factor^2`.
    ///
    /// # Panics
    ///
    /// If `factor` is not positive and finite, or the scaled parameters are
    /// out of range (above `1e100`, or underflowing to 0). Use
    /// [`Dist::try_scaled`] to get an error instead.
    pub fn scaled(&self, factor: f64) -> Dist {
        match self.try_scaled(factor) {
            Ok(dist) => dist,
            Err(err) => panic!("cannot scale {self} by {}: {err}", num(&factor)),
        }
    }

    /// Like [`Dist::scaled`], but returns an error instead of panicking.
    ///
    /// # Errors
    ///
    /// [`DistError::NotPositive`] (naming `factor`) unless `factor` is
    /// positive and finite; otherwise whatever the constructor returns for
    /// the scaled parameters (e.g. [`DistError::TooLarge`]).
    pub fn try_scaled(&self, factor: f64) -> Result<Dist, DistError> {
        if !(factor.is_finite() && factor > 0.0) {
            return Err(DistError::NotPositive {
                param: "factor",
                value: factor,
            });
        }
        let f = factor;
        match &self.kind {
            Kind::Exponential { mean } => Dist::exponential(mean * f),
            Kind::Deterministic { value } => Dist::deterministic(value * f),
            Kind::Uniform { min, max, .. } => Dist::uniform(min * f, max * f),
            Kind::Triangular { min, mode, max, .. } => Dist::triangular(min * f, mode * f, max * f),
            Kind::Normal { mean, sd } => Dist::normal(mean * f, sd * f),
            Kind::LogNormal { mean, sd, .. } => Dist::lognormal(mean * f, sd * f),
            Kind::Gamma { mean, sd, .. } => Dist::gamma(mean * f, sd * f),
            Kind::Erlang { k, mean, .. } => Dist::erlang(*k, mean * f),
            Kind::Weibull { shape, scale, .. } => Dist::weibull(*shape, scale * f),
            Kind::Empirical { values } => Dist::empirical(values.iter().map(|v| v * f).collect()),
        }
    }

    /// The parameters as `(key, value)` pairs in the order a user writes them
    /// (the constructor's argument order), e.g. `[("mean", 0.25)]`, for
    /// printing a resolved scenario back as TOML. `empirical` returns an empty
    /// list: use [`Dist::empirical_values`].
    pub fn params(&self) -> Vec<(&'static str, f64)> {
        match &self.kind {
            Kind::Exponential { mean } => vec![("mean", *mean)],
            Kind::Deterministic { value } => vec![("value", *value)],
            Kind::Uniform { min, max, .. } => vec![("min", *min), ("max", *max)],
            Kind::Triangular { min, mode, max, .. } => {
                vec![("min", *min), ("mode", *mode), ("max", *max)]
            }
            Kind::Normal { mean, sd }
            | Kind::LogNormal { mean, sd, .. }
            | Kind::Gamma { mean, sd, .. } => vec![("mean", *mean), ("sd", *sd)],
            Kind::Erlang { k, mean, .. } => vec![("k", *k), ("mean", *mean)],
            Kind::Weibull { shape, scale, .. } => vec![("shape", *shape), ("scale", *scale)],
            Kind::Empirical { .. } => Vec::new(),
        }
    }

    /// The values of an `empirical` distribution, in the order given; `None`
    /// for every other kind.
    pub fn empirical_values(&self) -> Option<&[f64]> {
        match &self.kind {
            Kind::Empirical { values } => Some(values),
            _ => None,
        }
    }

    /// Draws one value. Always finite and `>= 0`.
    ///
    /// `exponential` scales a ziggurat unit exponential (one 64-bit draw in about 98% of
    /// calls; the draw stays monotone in the mean, which common random numbers rely on).
    /// Inverse-transform sampling with exactly one uniform draw serves
    /// `uniform`, `triangular`, `weibull` and `empirical`;
    /// `deterministic` (and `normal`/`lognormal` with `sd = 0`) draw nothing;
    /// `normal` and `lognormal` use a ziggurat standard normal (`normal`
    /// redraws negatives), and `gamma`/`erlang` use
    /// [`rand_distr::Gamma`]. The result depends only on the parameters and
    /// the state of `rng`.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        // The most common family is drawn inline, the others out of line.
        if let Kind::Exponential { mean } = self.kind {
            return mean * unit_exponential(rng);
        }
        self.sample_other(rng)
    }

    #[inline(never)]
    fn sample_other<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.kind {
            // Drawn by `sample` itself; kept so this match stays total.
            Kind::Exponential { mean } => mean * unit_exponential(rng),
            Kind::Deterministic { value } => *value,
            Kind::Uniform { min, width, .. } => {
                let u: f64 = rng.random();
                min + width * u
            }
            Kind::Triangular {
                min,
                max,
                split,
                left,
                right,
                ..
            } => {
                let u: f64 = rng.random();
                let x = if u < *split {
                    min + (u * left).sqrt()
                } else {
                    max - ((1.0 - u) * right).sqrt()
                };
                // Rounding could otherwise land a hair below `min`.
                x.max(*min)
            }
            Kind::Normal { mean, sd } => {
                if *sd == 0.0 {
                    return *mean;
                }
                loop {
                    let z: f64 = rng.sample(StandardNormal);
                    let x = mean + sd * z;
                    if x >= 0.0 {
                        return x;
                    }
                }
            }
            Kind::LogNormal {
                mean,
                sd,
                mu,
                sigma,
                ..
            } => {
                if *sd == 0.0 {
                    return *mean;
                }
                let z: f64 = rng.sample(StandardNormal);
                (mu + sigma * z).exp()
            }
            Kind::Gamma { gamma, .. } | Kind::Erlang { gamma, .. } => gamma.sample(rng),
            Kind::Weibull {
                scale, inv_shape, ..
            } => {
                let u: f64 = rng.random();
                scale * (0.0 - (1.0 - u).ln()).powf(*inv_shape)
            }
            Kind::Empirical { values } => {
                let u: f64 = rng.random();
                // floor(u * n) < n except when rounding reaches n; clamp.
                let index = ((u * values.len() as f64) as usize).min(values.len() - 1);
                values[index]
            }
        }
    }
}

/// Formats a number the way a user would write it in TOML: plain decimal
/// for ordinary magnitudes, exponent notation for very large or very small
/// ones (both round-trip exactly).
struct Num(f64);

fn num(value: &f64) -> Num {
    Num(*value)
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let magnitude = v.abs();
        if v.is_finite() && magnitude != 0.0 && !(1e-5..1e16).contains(&magnitude) {
            write!(f, "{v:e}")
        } else {
            write!(f, "{v}")
        }
    }
}

/// How many empirical values [`Dist`]'s `Display` shows before eliding.
const DISPLAY_VALUES: usize = 10;

impl fmt::Display for Dist {
    /// Formats as `name(key=value, ...)`, e.g. `exponential(mean=0.25)` or
    /// `triangular(min=0.2, mode=0.3, max=0.6)`; an empirical distribution
    /// shows its first ten values, e.g. `empirical(values=[1, 2.5, 4])`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name())?;
        if let Some(values) = self.empirical_values() {
            f.write_str("values=[")?;
            for (i, v) in values.iter().take(DISPLAY_VALUES).enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", num(v))?;
            }
            if values.len() > DISPLAY_VALUES {
                write!(f, ", ... {} more", values.len() - DISPLAY_VALUES)?;
            }
            f.write_str("]")?;
        } else {
            for (i, (key, value)) in self.params().iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{key}={}", num(value))?;
            }
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    const N: usize = 200_000;

    /// Every distribution kind, with parameters chosen so that truncation,
    /// skew and heavy-ish tails all show up somewhere.
    fn all_kinds() -> Vec<Dist> {
        vec![
            Dist::exponential(0.25).unwrap(),
            Dist::deterministic(1.5).unwrap(),
            Dist::uniform(2.0, 5.0).unwrap(),
            Dist::triangular(0.2, 0.3, 0.6).unwrap(),
            Dist::triangular(0.0, 0.0, 2.0).unwrap(),
            Dist::triangular(1.0, 3.0, 3.0).unwrap(),
            Dist::normal(10.0, 2.0).unwrap(),
            Dist::normal(1.0, 1.0).unwrap(),
            Dist::lognormal(3.0, 2.0).unwrap(),
            Dist::gamma(2.0, 1.0).unwrap(),
            Dist::gamma(1.0, 2.0).unwrap(),
            Dist::erlang(3.0, 6.0).unwrap(),
            Dist::erlang(1.0, 0.5).unwrap(),
            Dist::weibull(1.5, 2.0).unwrap(),
            Dist::weibull(0.8, 1.0).unwrap(),
            Dist::empirical(vec![1.0, 2.0, 2.0, 7.5, 0.0, 3.25]).unwrap(),
        ]
    }

    fn assert_close(actual: f64, expected: f64, rel: f64, what: &str) {
        let tol = rel * expected.abs().max(f64::MIN_POSITIVE);
        assert!(
            (actual - expected).abs() <= tol,
            "{what}: got {actual}, expected {expected} (relative tolerance {rel})"
        );
    }

    fn err_message(result: Result<Dist, DistError>) -> String {
        match result {
            Ok(d) => panic!("expected an error, got {d}"),
            Err(e) => e.to_string(),
        }
    }

    /// Asserts the constructor fails with a message mentioning `param`.
    fn assert_rejects(result: Result<Dist, DistError>, param: &str) {
        let msg = err_message(result);
        assert!(
            msg.contains(&format!("`{param}`")),
            "message {msg:?} does not name `{param}`"
        );
        assert!(!msg.ends_with('.'), "message {msg:?} ends with a period");
        assert!(
            msg.chars().next().is_some_and(|c| !c.is_uppercase()),
            "message {msg:?} is not lowercase"
        );
    }

    /// The kinds of bad value every finite-number parameter must reject.
    const NON_FINITE: [f64; 3] = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY];

    // ---- constructors: valid and invalid input ------------------------

    #[test]
    fn exponential_validation() {
        assert!(Dist::exponential(0.25).is_ok());
        for bad in [0.0, -1.0, 1e101].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::exponential(bad), "mean");
        }
        assert_eq!(
            err_message(Dist::exponential(-1.0)),
            "`mean` must be a positive finite number, got -1"
        );
        assert_eq!(
            err_message(Dist::exponential(f64::NAN)),
            "`mean` must be a positive finite number, got NaN"
        );
        assert_eq!(
            err_message(Dist::exponential(1e200)),
            "`mean` must not exceed 1e100, got 1e200"
        );
    }

    #[test]
    fn deterministic_validation() {
        assert!(Dist::deterministic(0.0).is_ok());
        assert!(Dist::deterministic(3.0).is_ok());
        for bad in [-1e-9, 1e101].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::deterministic(bad), "value");
        }
        assert_eq!(
            err_message(Dist::deterministic(f64::INFINITY)),
            "`value` must be a non-negative finite number, got inf"
        );
        // -0.0 is accepted and normalised.
        let d = Dist::deterministic(-0.0).unwrap();
        assert!(d.mean().is_sign_positive());
    }

    #[test]
    fn uniform_validation() {
        assert!(Dist::uniform(0.0, 1.0).is_ok());
        assert!(Dist::uniform(2.0, 2.0).unwrap().is_deterministic());
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            assert_rejects(Dist::uniform(bad, 1.0), "min");
            assert_rejects(Dist::uniform(0.0, bad), "max");
        }
        assert_eq!(
            err_message(Dist::uniform(5.0, 2.0)),
            "`min` (5) must not exceed `max` (2)"
        );
    }

    #[test]
    fn triangular_validation() {
        assert!(Dist::triangular(0.2, 0.3, 0.6).is_ok());
        assert!(Dist::triangular(0.0, 0.0, 1.0).is_ok());
        assert!(Dist::triangular(0.0, 1.0, 1.0).is_ok());
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            assert_rejects(Dist::triangular(bad, 1.0, 2.0), "min");
            assert_rejects(Dist::triangular(0.0, bad, 2.0), "mode");
            assert_rejects(Dist::triangular(0.0, 1.0, bad), "max");
        }
        assert_eq!(
            err_message(Dist::triangular(5.0, 6.0, 2.0)),
            "`min` (5) must not exceed `max` (2)"
        );
        assert_eq!(
            err_message(Dist::triangular(1.0, 0.5, 2.0)),
            "`min` (1) must not exceed `mode` (0.5)"
        );
        assert_eq!(
            err_message(Dist::triangular(1.0, 3.0, 2.0)),
            "`mode` (3) must not exceed `max` (2)"
        );
        assert_eq!(
            err_message(Dist::triangular(2.0, 2.0, 2.0)),
            "`min` (2) must be less than `max` (2)"
        );
    }

    #[test]
    fn normal_validation() {
        assert!(Dist::normal(1.0, 0.0).unwrap().is_deterministic());
        assert!(Dist::normal(1.0, 3.0).is_ok());
        for bad in [0.0, -1.0].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::normal(bad, 1.0), "mean");
        }
        for bad in [-1.0].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::normal(1.0, bad), "sd");
        }
    }

    #[test]
    fn lognormal_validation() {
        let d = Dist::lognormal(2.0, 0.0).unwrap();
        assert!(d.is_deterministic());
        assert_eq!(d.mean(), 2.0);
        for bad in [0.0, -1.0].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::lognormal(bad, 1.0), "mean");
        }
        for bad in [-1.0].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::lognormal(1.0, bad), "sd");
        }
        // Extreme but valid ratios stay finite.
        let wide = Dist::lognormal(1e-300, 1e100).unwrap();
        assert!(wide.mean().is_finite() && wide.variance().is_finite());
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..10_000 {
            let x = wide.sample(&mut rng);
            assert!(x.is_finite() && x >= 0.0);
        }
    }

    #[test]
    fn gamma_validation() {
        assert!(Dist::gamma(2.0, 1.0).is_ok());
        for bad in [0.0, -1.0].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::gamma(bad, 1.0), "mean");
            assert_rejects(Dist::gamma(1.0, bad), "sd");
        }
        // Shape (mean/sd)^2 overflows / underflows.
        let msg = err_message(Dist::gamma(1e100, 1e-100));
        assert!(
            msg.starts_with("gamma parameters cannot be represented"),
            "{msg}"
        );
        assert!(Dist::gamma(1e-300, 1e100).is_err());
    }

    #[test]
    fn erlang_validation() {
        assert!(Dist::erlang(1.0, 2.0).is_ok());
        assert!(Dist::erlang(4.0, 2.0).is_ok());
        for bad in [2.5, 0.0, -3.0, 0.5].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::erlang(bad, 1.0), "k");
        }
        assert_eq!(
            err_message(Dist::erlang(2.5, 1.0)),
            "`k` must be a positive whole number (1, 2, 3, ...), got 2.5"
        );
        for bad in [0.0, -1.0].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::erlang(2.0, bad), "mean");
        }
    }

    #[test]
    fn weibull_validation() {
        assert!(Dist::weibull(1.5, 2.0).is_ok());
        for bad in [0.0, -1.0].into_iter().chain(NON_FINITE) {
            assert_rejects(Dist::weibull(bad, 1.0), "shape");
            assert_rejects(Dist::weibull(1.0, bad), "scale");
        }
        // Variance gamma(1 + 2/shape) overflows.
        let msg = err_message(Dist::weibull(0.005, 1.0));
        assert!(msg.contains("`shape`"), "{msg}");
    }

    #[test]
    fn empirical_validation() {
        assert!(Dist::empirical(vec![0.0]).is_ok());
        assert!(Dist::empirical(vec![4.0, 4.0]).unwrap().is_deterministic());
        let msg = err_message(Dist::empirical(vec![]));
        assert!(msg.contains("`values`"), "{msg}");
        assert_eq!(
            err_message(Dist::empirical(vec![1.0, 2.0, -3.0])),
            "`values[2]` must be a non-negative finite number, got -3"
        );
        for bad in NON_FINITE {
            assert_rejects(Dist::empirical(vec![1.0, bad]), "values[1]");
        }
        assert_rejects(Dist::empirical(vec![1e101]), "values[0]");
    }

    // ---- moments ------------------------------------------------------

    #[test]
    fn closed_form_moments() {
        let e = Dist::exponential(0.25).unwrap();
        assert_eq!((e.mean(), e.variance()), (0.25, 0.0625));
        let u = Dist::uniform(2.0, 5.0).unwrap();
        assert_eq!((u.mean(), u.variance()), (3.5, 0.75));
        let t = Dist::triangular(0.0, 0.0, 2.0).unwrap();
        assert_close(t.mean(), 2.0 / 3.0, 1e-15, "triangular mean");
        assert_close(t.variance(), 4.0 / 18.0, 1e-15, "triangular variance");
        let g = Dist::gamma(2.0, 1.0).unwrap();
        assert_eq!((g.mean(), g.variance()), (2.0, 1.0));
        let k = Dist::erlang(3.0, 6.0).unwrap();
        assert_eq!((k.mean(), k.variance()), (6.0, 12.0));
        // Weibull with shape 1 is exponential; shape 2 is Rayleigh.
        let w1 = Dist::weibull(1.0, 3.0).unwrap();
        assert_close(w1.mean(), 3.0, 1e-13, "weibull(1) mean");
        assert_close(w1.variance(), 9.0, 1e-13, "weibull(1) variance");
        let w2 = Dist::weibull(2.0, 1.0).unwrap();
        let pi = std::f64::consts::PI;
        assert_close(w2.mean(), pi.sqrt() / 2.0, 1e-13, "rayleigh mean");
        assert_close(w2.variance(), 1.0 - pi / 4.0, 1e-12, "rayleigh variance");
        let emp = Dist::empirical(vec![1.0, 2.0, 3.0, 6.0]).unwrap();
        assert_eq!((emp.mean(), emp.variance()), (3.0, 3.5));
        assert_eq!(emp.second_moment(), 12.5);
        for d in all_kinds() {
            assert_close(
                d.second_moment(),
                d.variance() + d.mean() * d.mean(),
                1e-15,
                "second moment",
            );
        }
    }

    #[test]
    fn weibull_large_shape_series_matches_direct_formula() {
        // Just below the switch both formulas are accurate to ~1e-12, so the
        // series (used from shape 50) must agree with the direct formula.
        let (_, direct) = weibull_moments(WEIBULL_SERIES_SHAPE * (1.0 - 1e-12), 2.0);
        let (_, series) = weibull_moments(WEIBULL_SERIES_SHAPE, 2.0);
        assert_close(series, direct, 1e-9, "weibull variance at switch");
        // Far out, variance ~ scale^2 pi^2 / (6 k^2) and must stay positive.
        let k = 1e8;
        let d = Dist::weibull(k, 1.0).unwrap();
        let pi2_6 = std::f64::consts::PI.powi(2) / 6.0;
        assert_close(d.variance(), pi2_6 / (k * k), 1e-6, "weibull large shape");
    }

    #[test]
    fn truncated_normal_mean_matches_formula() {
        use statrs::distribution::{Continuous, ContinuousCDF, Normal};
        let std_normal = Normal::new(0.0, 1.0).unwrap();
        for (mean, sd) in [(1.0, 1.0), (1.0, 3.0), (10.0, 2.0), (0.5, 0.1)] {
            let a = -mean / sd;
            let lambda = std_normal.pdf(a) / (1.0 - std_normal.cdf(a));
            let expected_mean = mean + sd * lambda;
            let expected_var = sd * sd * (1.0 + a * lambda - lambda * lambda);
            let d = Dist::normal(mean, sd).unwrap();
            assert_close(d.mean(), expected_mean, 1e-12, "truncated mean");
            assert_close(d.variance(), expected_var, 1e-12, "truncated variance");
        }
        // Truncation matters at mean 1, sd 1: the mean moves up by ~0.29.
        let d = Dist::normal(1.0, 1.0).unwrap();
        assert!(d.mean() > 1.28 && d.mean() < 1.29, "{}", d.mean());
        assert!(d.variance() < 0.65, "{}", d.variance());
    }

    // ---- sampling -----------------------------------------------------

    /// Exact fourth central moment `mu4 = E[(X - mean)^4]` where a closed form
    /// is straightforward; `None` otherwise (then it is estimated from the
    /// sample, see `sampling_matches_moments`).
    fn exact_mu4(d: &Dist) -> Option<f64> {
        let var = d.variance();
        let p = d.params();
        // From raw moments m_j = E[X^j]:
        // mu4 = m4 - 4 m1 m3 + 6 m1^2 m2 - 3 m1^4.
        let from_raw = |m: [f64; 4]| {
            let m1 = m[0];
            m[3] - 4.0 * m1 * m[2] + 6.0 * m1 * m1 * m[1] - 3.0 * m1.powi(4)
        };
        match d.name() {
            // Kurtosis 9, 1.8 and 2.4 respectively.
            "exponential" => Some(9.0 * var * var),
            "uniform" => Some(1.8 * var * var),
            "triangular" => Some(2.4 * var * var),
            "deterministic" => Some(0.0),
            // Gamma/erlang with shape s: kurtosis 3 + 6 / s.
            "gamma" => {
                let shape = (p[0].1 / p[1].1).powi(2);
                Some((3.0 + 6.0 / shape) * var * var)
            }
            "erlang" => Some((3.0 + 6.0 / p[0].1) * var * var),
            "lognormal" => {
                let s2 = (1.0 + var / d.mean().powi(2)).ln();
                let kurt = (4.0 * s2).exp() + 2.0 * (3.0 * s2).exp() + 3.0 * (2.0 * s2).exp() - 3.0;
                Some(kurt * var * var)
            }
            "weibull" => {
                let (k, lambda) = (p[0].1, p[1].1);
                let m = [1.0, 2.0, 3.0, 4.0]
                    .map(|j: f64| lambda.powf(j) * statrs::function::gamma::gamma(1.0 + j / k));
                Some(from_raw(m))
            }
            "empirical" => {
                let v = d.empirical_values()?;
                let mean = d.mean();
                Some(v.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / v.len() as f64)
            }
            _ => None,
        }
    }

    #[test]
    fn sampling_matches_moments() {
        for (seed, d) in all_kinds().into_iter().enumerate() {
            let mut rng = StdRng::seed_from_u64(1000 + seed as u64);
            let xs: Vec<f64> = (0..N).map(|_| d.sample(&mut rng)).collect();
            assert!(
                xs.iter().all(|x| x.is_finite() && *x >= 0.0),
                "{d}: a sample is negative or not finite"
            );
            let n = N as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let sample_mu4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;

            // Tolerances. By the CLT the sample mean is ~ N(mean, var / n), so
            // |error| > 5 standard errors has probability < 6e-7. The sample
            // variance s^2 has variance (mu4 - sigma^4) / n + O(1/n^2), so
            // 5 * sqrt((mu4 - sigma^4) / n) is again a 5-sigma bound. mu4 is
            // taken exact where the formula is simple; for the truncated
            // normal it is estimated from the sample (light tails, so the
            // estimate is accurate to a few percent at n = 200k); we use the
            // larger of the two when both exist, to stay conservative. A
            // tiny relative slack (1e-9, far above the ~n * 1.1e-16 = 2e-11
            // rounding error of the sums) covers zero-variance kinds, whose
            // standard errors are 0.
            let sigma2 = d.variance();
            let mu4 = exact_mu4(&d).map_or(sample_mu4, |m| m.max(sample_mu4));
            let tol_mean = 5.0 * (sigma2 / n).sqrt() + 1e-9 * d.mean();
            let tol_var =
                5.0 * ((mu4 - sigma2 * sigma2).max(0.0) / n).sqrt() + 1e-9 * d.second_moment();
            assert!(
                (mean - d.mean()).abs() <= tol_mean,
                "{d}: sample mean {mean} vs exact {} (tolerance {tol_mean})",
                d.mean()
            );
            assert!(
                (var - sigma2).abs() <= tol_var,
                "{d}: sample variance {var} vs exact {sigma2} (tolerance {tol_var})"
            );
        }
    }

    #[test]
    fn lognormal_uses_mean_and_sd_of_the_distribution() {
        let d = Dist::lognormal(3.0, 2.0).unwrap();
        let mut rng = StdRng::seed_from_u64(77);
        let xs: Vec<f64> = (0..N).map(|_| d.sample(&mut rng)).collect();
        let n = N as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        // 5 standard errors of the mean: 5 * 2 / sqrt(n) = 0.022.
        assert!((mean - 3.0).abs() < 5.0 * 2.0 / n.sqrt(), "mean {mean}");
        // sd ~ 2 (a mu/sigma mix-up would give e^3-ish values instead); the
        // 5-sigma bound on the variance from `sampling_matches_moments`
        // (about 0.21 on 4) gives roughly 0.05 on the sd.
        assert!((sd - 2.0).abs() < 0.06, "sd {sd}");
    }

    #[test]
    fn truncated_normal_sampling_where_truncation_matters() {
        let d = Dist::normal(1.0, 1.0).unwrap();
        let mut rng = StdRng::seed_from_u64(5);
        let xs: Vec<f64> = (0..N).map(|_| d.sample(&mut rng)).collect();
        let n = N as f64;
        let mean = xs.iter().sum::<f64>() / n;
        assert!(xs.iter().all(|x| *x >= 0.0));
        // The untruncated mean (1.0) is ~90 standard errors away; the
        // truncated one must be within 5.
        let se = (d.variance() / n).sqrt();
        assert!(
            (mean - d.mean()).abs() < 5.0 * se,
            "mean {mean} vs {}",
            d.mean()
        );
        assert!((mean - 1.0).abs() > 50.0 * se);
    }

    #[test]
    fn deterministic_consumes_no_randomness() {
        let mut a = StdRng::seed_from_u64(9);
        let b = a.clone();
        for d in [
            Dist::deterministic(2.0).unwrap(),
            Dist::normal(2.0, 0.0).unwrap(),
            Dist::lognormal(2.0, 0.0).unwrap(),
        ] {
            assert_eq!(d.sample(&mut a), 2.0);
        }
        assert_eq!(a, b);
    }

    #[test]
    fn exponential_is_a_scaled_unit_exponential() {
        // Same stream, different means: the draws differ exactly by the ratio of the means,
        // so common random numbers stay monotone in the mean.
        let a = Dist::exponential(0.5).unwrap();
        let b = Dist::exponential(2.0).unwrap();
        let mut ra = StdRng::seed_from_u64(3);
        let mut rb = StdRng::seed_from_u64(3);
        for _ in 0..1000 {
            let (x, y) = (a.sample(&mut ra), b.sample(&mut rb));
            assert_eq!(x * 4.0, y);
        }
    }

    #[test]
    fn single_uniform_draw_inverse_transform() {
        // The closed-form kinds consume exactly one f64 and map it through
        // their inverse CDF (the exponential uses the ziggurat instead, tested
        // by `exponential_is_a_scaled_unit_exponential`).
        let cases = [
            Dist::uniform(1.0, 3.0).unwrap(),
            Dist::triangular(0.2, 0.3, 0.6).unwrap(),
            Dist::weibull(1.5, 2.0).unwrap(),
            Dist::empirical(vec![1.0, 2.0, 3.0]).unwrap(),
        ];
        for d in cases {
            let mut rng = StdRng::seed_from_u64(11);
            let mut reference = rng.clone();
            let x = d.sample(&mut rng);
            let u: f64 = reference.random();
            assert_eq!(rng, reference, "{d} drew more than one number");
            let expected = match d.name() {
                "uniform" => 1.0 + 2.0 * u,
                "weibull" => 2.0 * (-(1.0 - u).ln()).powf(1.0 / 1.5),
                "empirical" => [1.0, 2.0, 3.0][(u * 3.0) as usize],
                _ => {
                    let (a, c, b) = (0.2, 0.3, 0.6);
                    if u < (c - a) / (b - a) {
                        a + (u * (b - a) * (c - a)).sqrt()
                    } else {
                        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                    }
                }
            };
            assert_close(x, expected, 1e-15, d.name());
        }
        // A degenerate all-zero stream still gives a finite, non-negative exponential.
        let x = Dist::exponential(1.0).unwrap().sample(&mut ZeroRng);
        assert!(x.is_finite() && x >= 0.0);
    }

    /// An RNG whose every output is zero (so `random::<f64>()` is 0.0).
    struct ZeroRng;

    impl rand::RngCore for ZeroRng {
        fn next_u32(&mut self) -> u32 {
            0
        }
        fn next_u64(&mut self) -> u64 {
            0
        }
        fn fill_bytes(&mut self, dst: &mut [u8]) {
            dst.fill(0);
        }
    }

    #[test]
    fn sampling_is_reproducible() {
        for d in all_kinds() {
            let draw = |seed| {
                let mut rng = StdRng::seed_from_u64(seed);
                (0..1000)
                    .map(|_| d.sample(&mut rng).to_bits())
                    .collect::<Vec<_>>()
            };
            assert_eq!(draw(1), draw(1), "{d}");
        }
    }

    // ---- scaling, params, display -------------------------------------

    #[test]
    fn scaled_multiplies_mean_and_variance() {
        for d in all_kinds() {
            let s = d.scaled(60.0);
            assert_eq!(s.name(), d.name());
            assert_close(s.mean(), 60.0 * d.mean(), 1e-12, &format!("{d} mean"));
            assert_close(
                s.variance(),
                3600.0 * d.variance(),
                1e-12,
                &format!("{d} variance"),
            );
            let back = s.scaled(1.0 / 60.0);
            assert_close(back.mean(), d.mean(), 1e-12, &format!("{d} round trip"));
        }
        // Shape parameters are unchanged.
        let e = Dist::erlang(3.0, 6.0).unwrap().scaled(2.0);
        assert_eq!(e.params(), vec![("k", 3.0), ("mean", 12.0)]);
        let w = Dist::weibull(1.5, 2.0).unwrap().scaled(2.0);
        assert_eq!(w.params(), vec![("shape", 1.5), ("scale", 4.0)]);
    }

    #[test]
    fn try_scaled_rejects_bad_factors() {
        let d = Dist::exponential(1.0).unwrap();
        for bad in [0.0, -2.0, f64::NAN, f64::INFINITY] {
            assert_rejects(d.try_scaled(bad), "factor");
        }
        assert_rejects(Dist::exponential(1e99).unwrap().try_scaled(1e3), "mean");
    }

    #[test]
    #[should_panic(expected = "cannot scale exponential(mean=1) by -1")]
    fn scaled_panics_on_bad_factor() {
        let _ = Dist::exponential(1.0).unwrap().scaled(-1.0);
    }

    #[test]
    fn params_in_user_order() {
        let cases: Vec<(Dist, Vec<(&str, f64)>)> = vec![
            (Dist::exponential(0.25).unwrap(), vec![("mean", 0.25)]),
            (Dist::deterministic(1.0).unwrap(), vec![("value", 1.0)]),
            (
                Dist::uniform(1.0, 2.0).unwrap(),
                vec![("min", 1.0), ("max", 2.0)],
            ),
            (
                Dist::triangular(1.0, 2.0, 3.0).unwrap(),
                vec![("min", 1.0), ("mode", 2.0), ("max", 3.0)],
            ),
            (
                Dist::normal(1.0, 2.0).unwrap(),
                vec![("mean", 1.0), ("sd", 2.0)],
            ),
            (
                Dist::lognormal(1.0, 2.0).unwrap(),
                vec![("mean", 1.0), ("sd", 2.0)],
            ),
            (
                Dist::gamma(1.0, 2.0).unwrap(),
                vec![("mean", 1.0), ("sd", 2.0)],
            ),
            (
                Dist::erlang(2.0, 1.0).unwrap(),
                vec![("k", 2.0), ("mean", 1.0)],
            ),
            (
                Dist::weibull(2.0, 1.0).unwrap(),
                vec![("shape", 2.0), ("scale", 1.0)],
            ),
        ];
        for (d, expected) in cases {
            assert_eq!(d.params(), expected, "{d}");
            assert_eq!(d.empirical_values(), None);
        }
        let e = Dist::empirical(vec![3.0, 1.0]).unwrap();
        assert!(e.params().is_empty());
        assert_eq!(e.empirical_values(), Some(&[3.0, 1.0][..]));
    }

    #[test]
    fn display() {
        assert_eq!(
            Dist::exponential(0.25).unwrap().to_string(),
            "exponential(mean=0.25)"
        );
        assert_eq!(
            Dist::triangular(0.2, 0.3, 0.6).unwrap().to_string(),
            "triangular(min=0.2, mode=0.3, max=0.6)"
        );
        assert_eq!(
            Dist::erlang(3.0, 1e-7).unwrap().to_string(),
            "erlang(k=3, mean=1e-7)"
        );
        assert_eq!(
            Dist::empirical(vec![1.0, 2.5]).unwrap().to_string(),
            "empirical(values=[1, 2.5])"
        );
        let many = Dist::empirical((0..12).map(f64::from).collect()).unwrap();
        assert_eq!(
            many.to_string(),
            "empirical(values=[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... 2 more])"
        );
    }
}
