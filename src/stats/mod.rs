//! Statistics: per-replication accumulators and across-replication summaries.

mod ci;
mod histogram;
mod time_weighted;

pub use ci::{Summary, summarize, summarize_at, t_quantile, t_quantile_975};
pub use histogram::{HISTOGRAM_RELATIVE_ERROR, Histogram};
pub use time_weighted::TimeWeighted;
