//! The work behind `expansim serve`: the controls a scenario offers, a run of changed
//! settings against the unchanged baseline (common random numbers, the report's charts),
//! the process map coloured by waiting time, and one replication traced for the animated
//! replay and the Gantt of a case. Nothing here knows about HTTP; the server only passes
//! requests in and answers out.
//!
//! Every request is checked against the controls: a setting that is not one of them, a value
//! outside its bounds, too many replications or too much work is refused with a message that
//! names it, and nothing else of the scenario can be changed.

mod figures;
mod lab;
mod page;

pub use figures::CHANGED;
pub use lab::{Answer, Control, Kind, Lab, Limits, Refused, Replay, Request, Sensitivity, Track};
pub use page::{APP_CSS, APP_JS, page};
