//! What the user sees on the terminal: the progress bar, the results tables, text wrapped
//! to the terminal's width.

pub mod progress;
pub mod table;
pub mod wrap;
