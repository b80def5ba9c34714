//! Ctrl-C and SIGTERM during `run`, `compare` and `sweep`: the first asks the work to stop
//! (finished replications are kept and written, with `"complete": false`); a second one
//! exits at once, leaving the previous result folder as it was.

use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code after SIGINT (128 + 2), as shells report it.
const EXIT_SIGINT: u8 = 130;
/// Exit code after SIGTERM (128 + 15).
const EXIT_SIGTERM: u8 = 143;

/// The flags the handlers set: any signal (stop), and SIGTERM in particular.
static FLAGS: OnceLock<(Arc<AtomicBool>, Arc<AtomicBool>)> = OnceLock::new();

/// Installs the handlers (once) and returns the flag that a signal sets. Where they cannot
/// be installed, the default action (exit at once) stays, and the flag is never set.
pub fn install() -> Arc<AtomicBool> {
    let (stop, _) = FLAGS.get_or_init(|| {
        let stop = Arc::new(AtomicBool::new(false));
        let term = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGINT, SIGTERM};
            use signal_hook::flag;
            // The second signal finds the flag set and exits; the first only sets it.
            let _ = flag::register_conditional_shutdown(SIGINT, EXIT_SIGINT.into(), stop.clone());
            let _ = flag::register_conditional_shutdown(SIGTERM, EXIT_SIGTERM.into(), stop.clone());
            let _ = flag::register(SIGTERM, term.clone());
            let _ = flag::register(SIGINT, stop.clone());
            let _ = flag::register(SIGTERM, stop.clone());
        }
        (stop, term)
    });
    stop.clone()
}

/// Whether SIGTERM came.
fn term() -> bool {
    FLAGS.get().is_some_and(|(_, t)| t.load(Ordering::Relaxed))
}

/// The run stopped on a signal; its finished part is written. Exits 130 (SIGINT) or 143
/// (SIGTERM).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Interrupted {
    /// What was kept, and how to continue.
    pub message: String,
}

impl Interrupted {
    /// The exit code for the signal that stopped the run.
    pub fn code(&self) -> u8 {
        if term() { EXIT_SIGTERM } else { EXIT_SIGINT }
    }

    /// The run of `command` writing into `dir` stopped with `done` of its `total` units
    /// (replications, points) finished.
    pub fn new(command: &str, dir: &std::path::Path, done: &str) -> Interrupted {
        Interrupted {
            message: format!(
                "interrupted by {}: {done} finished and written to {} (run.json says \"complete\": false); continue with: expansim {command} --resume {}",
                if term() { "SIGTERM" } else { "Ctrl-C" },
                dir.display(),
                dir.display()
            ),
        }
    }
}
