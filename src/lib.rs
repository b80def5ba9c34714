//! expansim: a discrete-event simulator for redesigning a power utility's new-connection
//! process (业扩报装).
//!
//! A scenario file describes staff pools, customer classes and the stages of the process.
//! The pipeline, in the order the data flows:
//!
//! - [`scenario`] reads and validates a file into a [`scenario::Model`], with its variants
//!   (redesigns as operators on the current process);
//! - [`engine`] simulates one replication ([`engine::simulate`]); [`replication`] runs many
//!   in parallel, one random stream per replication;
//! - [`metrics`] and [`stats`] turn them into KPIs with confidence intervals;
//!   [`compare`] pairs each variant with the current process;
//! - [`export`] writes the CSV, JSON and event-log files, [`report`] the HTML report;
//! - [`study`] is the one pipeline every command runs (scenario → variants → replications
//!   → results), with [`sweep`], [`merge`] and [`verify`] built on it.
//!
//! The library prints nothing (but for [`output`], the terminal's tables and progress bar,
//! which the binary uses): progress and warnings reach the caller through
//! [`study::Progress`], and a run's warnings are kept in [`study::Outcome::warnings`]. A run
//! whose queues grow without bound is an [`error::Error::Unstable`], not figures.
//!
//! # Example
//!
//! Load a scenario from a string, run 3 replications, read the mean lead time:
//!
//! ```
//! use expansim::metrics::Metric;
//! use expansim::study::{Replications, Silent, Source, Study};
//!
//! let text = r#"
//! [scenario]
//! name = "acceptance and review"
//! time_unit = "hour"
//! horizon = 5000
//! warmup = 500
//! replications = 3
//! seed = 7
//!
//! [pools]
//! desk = 1
//!
//! [[classes]]
//! name = "customer"
//! arrival_rate = 0.5
//! start = "accept"
//!
//! [stages.accept]
//! pool = "desk"
//! duration = { dist = "exponential", mean = 1 }
//! next = "end"
//! "#;
//! let study = Study::load(Source::Text { text, name: "example.toml" }, &[])?;
//! let outcome = study.run(Replications::Scenario, 2, &Silent)?;
//! let lead = outcome.summary(&study, 0, None, Metric::LeadTime).expect("reported");
//! // M/M/1 at rho = 0.5: mean time in system 1 / (mu - lambda) = 2 h, inside the 95%
//! // confidence interval of the 3 replications.
//! assert_eq!(lead.n, 3);
//! assert!((lead.mean - 2.0).abs() < lead.half_width(), "{} ± {}", lead.mean, lead.half_width());
//! # Ok::<(), expansim::error::Error>(())
//! ```

#![warn(missing_docs)]

pub mod calendar;
pub mod cli;
pub mod compare;
pub mod dist;
pub mod engine;
pub mod error;
pub mod export;
pub mod fit;
pub mod i18n;
pub mod merge;
pub mod metrics;
pub mod optimize;
pub mod options;
pub mod output;
pub mod replication;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod stats;
pub mod study;
pub mod sweep;
pub mod text;
pub mod verify;
pub mod web;
