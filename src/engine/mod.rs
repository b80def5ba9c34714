//! The discrete-event engine: event queue, random streams and the simulation of one
//! replication.

pub mod event_queue;
pub mod rng;
mod sim;

pub use sim::{
    Activity, CaseRecord, DRAIN_FACTOR, RepStats, STATES, StageTimes, Trace, simulate,
    simulate_replay, simulate_traced,
};
