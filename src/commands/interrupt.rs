//! Ctrl-C and SIGTERM (and SIGHUP, a closed terminal or a dropped SSH connection, taken as
//! SIGTERM) during `run`, `compare` and `sweep`: the first asks the work to stop
//! (finished replications are kept and written, with `"complete": false`); a second one
//! exits at once, leaving the previous result folder as it was and removing the one being
//! written. `optimize` and `sensitivity` write nothing when stopped: a search cut short has
//! no answer, and their first message says so.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use expansim::i18n::Lang;

/// Exit code after SIGINT (128 + 2), as shells report it.
const EXIT_SIGINT: u8 = 130;
/// Exit code after SIGTERM (128 + 15).
const EXIT_SIGTERM: u8 = 143;
/// Exit code after SIGHUP (128 + 1).
const EXIT_SIGHUP: u8 = 129;

/// A signal that repeats the first within this time is taken as the same one.
const ECHO: std::time::Duration = std::time::Duration::from_millis(300);

/// The flags the handlers set: any signal (stop), and the exit code of the first (0 before
/// one).
static FLAGS: OnceLock<(Arc<AtomicBool>, Arc<AtomicU8>)> = OnceLock::new();

/// Keeps the process alive past a file-size limit (`ulimit -f`): SIGXFSZ would end it with
/// no message and a half-written hidden folder; handled, the write fails with "File too
/// large" instead, which is reported like a full disk and the folder removed.
pub fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        let _ = signal_hook::flag::register(
            signal_hook::consts::SIGXFSZ,
            Arc::new(AtomicBool::new(false)),
        );
    }
}

/// Installs the handlers (once) and returns the flag that a signal sets; the first signal
/// says on standard error, in `lang`, what happens now: what is done is written when the
/// command `keeps` a part of its work, else nothing is. Where they cannot be installed, the
/// default action (exit at once) stays, and the flag is never set.
pub fn install(lang: Lang, keeps: bool) -> Arc<AtomicBool> {
    let (stop, _) = FLAGS.get_or_init(|| {
        let stop = Arc::new(AtomicBool::new(false));
        let code = Arc::new(AtomicU8::new(0));
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            // The handlers only queue the signal; this thread acts on it, outside the
            // handler, so the second one may remove the folders being written.
            if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            {
                let (stop, code) = (stop.clone(), code.clone());
                std::thread::spawn(move || {
                    let mut first: Option<(i32, std::time::Instant)> = None;
                    for signal in signals.forever() {
                        // `timeout -s INT` and some service managers send the signal to the
                        // process and then to its group: the same signal again within moments
                        // is that one, not a second Ctrl-C.
                        if first.is_some_and(|(s, at)| s == signal && at.elapsed() < ECHO) {
                            continue;
                        }
                        first.get_or_insert((signal, std::time::Instant::now()));
                        let exit = match signal {
                            SIGTERM => EXIT_SIGTERM,
                            SIGHUP => EXIT_SIGHUP,
                            _ => EXIT_SIGINT,
                        };
                        let _ = code.compare_exchange(0, exit, Ordering::SeqCst, Ordering::SeqCst);
                        // A closed terminal takes no message.
                        if signal == SIGHUP && !stop.swap(true, Ordering::SeqCst) {
                            continue;
                        }
                        if !stop.swap(true, Ordering::SeqCst) {
                            let said = match (signal == SIGTERM, keeps) {
                                (true, true) => lang.t("Stopping on SIGTERM: the work under way finishes and what is done is written; a second SIGTERM or Ctrl-C quits at once, without writing."),
                                (false, true) => lang.t("Stopping: the work under way finishes and what is done is written; press Ctrl-C again to quit at once, without writing."),
                                (true, false) => lang.t("Stopping on SIGTERM: the work under way finishes, then the command ends without writing its files (an answer cut short is none); a second SIGTERM or Ctrl-C quits at once."),
                                (false, false) => lang.t("Stopping: the work under way finishes, then the command ends without writing its files (an answer cut short is none); press Ctrl-C again to quit at once."),
                            };
                            let _ = writeln!(std::io::stderr(), "\n{said}");
                        } else {
                            expansim::export::abandon_staging();
                            std::process::exit(i32::from(exit));
                        }
                    }
                });
            }
        }
        (stop, code)
    });
    stop.clone()
}

/// The name of the signal that came first.
fn signal_name() -> &'static str {
    match FLAGS.get().map(|(_, c)| c.load(Ordering::Relaxed)) {
        Some(EXIT_SIGTERM) => "SIGTERM",
        Some(EXIT_SIGHUP) => "SIGHUP",
        _ => "Ctrl-C",
    }
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
        match FLAGS.get().map(|(_, c)| c.load(Ordering::Relaxed)) {
            Some(code) if code != 0 => code,
            _ => EXIT_SIGINT,
        }
    }

    /// The run of `command` writing into `out` stopped with `done` of its `total` units
    /// (replications, points) finished, which went to `to` (beside `out` when that holds
    /// a complete result or files of its own), said in `l`.
    pub fn new(
        command: &str,
        to: &expansim::export::Incomplete,
        out: &Path,
        done: &str,
        l: Lang,
    ) -> Interrupted {
        // Quoted where a shell needs it, so that the command can be pasted.
        let word = |p: &Path| expansim::export::shell_word(&p.display().to_string());
        let (dir_text, out_text) = (word(&to.dir), word(out));
        let names = to.foreign.join(", ");
        let values = [
            ("signal", signal_name()),
            ("done", done),
            ("dir", &dir_text),
            ("out", &out_text),
            ("command", command),
            ("names", &names),
        ];
        let en = if !to.foreign.is_empty() {
            r#"interrupted by {signal}: {done} finished and written to {dir} (run.json says "complete": false), because '{out}' came to hold files expansim did not write ({names}) and is left as it is; continue with: expansim {command} --resume {dir}"#
        } else if to.replaces.is_none() {
            r#"interrupted by {signal}: {done} finished and written to {dir} (run.json says "complete": false); continue with: expansim {command} --resume {dir}"#
        } else {
            r#"interrupted by {signal}: {done} finished and written to {dir} (run.json says "complete": false) ('{out}' keeps the previous result until the continued run completes and replaces it); continue with: expansim {command} --resume {dir}"#
        };
        Interrupted {
            message: l.fill(en, &values),
        }
    }
}

impl Interrupted {
    /// A sweep (`command`: `sweep`, or `merge` of its shards) stopped while pairing points on common random numbers: every point is in
    /// `dir`, complete, and the findings printed say which points were judged without
    /// their pairs.
    pub fn while_pairing(command: &str, dir: &Path, l: Lang) -> Interrupted {
        let dir = expansim::export::shell_word(&dir.display().to_string());
        Interrupted {
            message: l.fill(
                "interrupted by {signal} while pairing points on common random numbers: every point finished and is written to {dir}; run expansim {command} again with --force for the pairing",
                &[("signal", signal_name()), ("dir", &dir), ("command", command)],
            ),
        }
    }
}

/// What an incomplete result's run.json records as the complete result it will replace
/// (absolute, so `--resume` finds it from any folder), and the SHA-256 of that result's
/// run.json, which tells it from a result written there later.
pub fn replaces(to: &expansim::export::Incomplete) -> (Option<String>, Option<String>) {
    let Some(r) = &to.replaces else {
        return (None, None);
    };
    let finished = expansim::export::manifest::sha256_of(&r.join("run.json"));
    (
        Some(
            std::path::absolute(r)
                .unwrap_or_else(|_| r.clone())
                .display()
                .to_string(),
        ),
        finished,
    )
}
