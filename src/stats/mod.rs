//! Statistics: per-replication accumulators and across-replication summaries.

mod ci;
mod histogram;

pub use ci::{
    Summary, mser5, summarize, summarize_at, t_quantile, t_quantile_975, welch_difference,
    welch_difference_at,
};
pub use histogram::{HISTOGRAM_RELATIVE_ERROR, Histogram};
