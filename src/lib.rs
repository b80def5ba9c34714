//! expansim: a discrete-event simulator for redesigning a power utility's new-connection
//! process (业扩报装).
//!
//! A scenario file describes staff pools, customer classes and the stages of the process;
//! [`scenario::load`] validates it into a [`scenario::Model`], [`replication::run`] simulates
//! replications in parallel, and [`export`] writes the results.

pub mod calendar;
pub mod cli;
pub mod compare;
pub mod dist;
pub mod engine;
pub mod error;
pub mod export;
pub mod merge;
pub mod metrics;
pub mod options;
pub mod output;
pub mod replication;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod study;
pub mod sweep;
pub mod verify;
