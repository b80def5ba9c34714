//! What the user sees on the terminal: the progress bar and the results tables.

pub mod progress;
pub mod table;
