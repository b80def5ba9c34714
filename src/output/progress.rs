//! The progress bar on stderr (indicatif), hidden when stderr is not a terminal or with
//! `--quiet`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::i18n::Lang;

/// A bar over replications (see [`bar`]).
pub const REPLICATIONS: &str =
    "{wide_msg} [{bar:20}] {pos}/{len} replications, {elapsed_precise} elapsed, eta {left}";
/// A bar over scenarios (see [`bar`]).
pub const SCENARIOS: &str =
    "{wide_msg} [{bar:20}] {pos}/{len} scenarios, {elapsed_precise} elapsed, eta {left}";

/// A count of replications against a budget that a search may not use up: no bar and no
/// time left, which would be read from the budget.
pub const BUDGET: &str =
    "{wide_msg} {spinner} {pos} replications (budget {len}), {elapsed_precise} elapsed";

/// Creates a progress bar over `total` steps ([`REPLICATIONS`] or [`SCENARIOS`]) with a
/// message, in `lang`.
pub fn bar(total: u64, message: &str, steps: &'static str, quiet: bool, lang: Lang) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if quiet || !std::io::stderr().is_terminal() {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    }
    if let Ok(style) = ProgressStyle::with_template(lang.t(steps)) {
        pb.set_style(style.progress_chars("=> ").with_key("left", left(lang)));
    }
    pb.set_message(lang.find(message).unwrap_or(message).to_string());
    pb
}

/// The time left, in `lang` (`2m 5s`, `2 分 5 秒`); a dash until a step has finished and
/// there is a rate to tell it from.
fn left(lang: Lang) -> impl Fn(&ProgressState, &mut dyn std::fmt::Write) + Clone + Send + Sync {
    move |state, w| {
        if state.pos() == 0 {
            let _ = w.write_str("–");
            return;
        }
        let s = state.eta().as_secs();
        let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
        let _ = match (lang, h, m) {
            (Lang::Zh, 0, 0) => write!(w, "{s} 秒"),
            (Lang::Zh, 0, _) => write!(w, "{m} 分 {s} 秒"),
            (Lang::Zh, _, _) => write!(w, "{h} 小时 {m} 分"),
            (Lang::En, 0, 0) => write!(w, "{s}s"),
            (Lang::En, 0, _) => write!(w, "{m}m {s}s"),
            (Lang::En, _, _) => write!(w, "{h}h {m}m"),
        };
    }
}

/// What a command shows while the library works: a progress bar per stage of work (see
/// [`bar`]), warnings and notes on stderr.
#[derive(Debug)]
pub struct Terminal {
    quiet: bool,
    lang: Lang,
    bar: std::sync::Mutex<Option<ProgressBar>>,
    stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl Terminal {
    /// A terminal view; `quiet` hides the progress bar (warnings are still shown).
    pub fn new(quiet: bool) -> Terminal {
        Terminal {
            quiet,
            lang: Lang::En,
            bar: std::sync::Mutex::new(None),
            stop: None,
        }
    }

    /// Shows the progress bar and the word "warning" in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Terminal {
        self.lang = lang;
        self
    }

    /// Stops the work once `flag` is set (by a signal handler, say).
    pub fn stop_on(mut self, flag: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Terminal {
        self.stop = Some(flag);
        self
    }

    /// Shows a count of replications against a `budget` ([`BUDGET`]), for a search that
    /// stops when it has its answer.
    pub fn start_budget(&self, budget: u64, message: &str) {
        let (quiet, lang) = (self.quiet, self.lang);
        self.with_bar(|b| {
            let bar = bar(budget, message, BUDGET, quiet, lang);
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            *b = Some(bar);
        });
    }

    fn with_bar(&self, f: impl FnOnce(&mut Option<ProgressBar>)) {
        if let Ok(mut b) = self.bar.lock() {
            f(&mut b);
        }
    }
}

impl crate::study::Progress for Terminal {
    fn start(&self, total: u64, message: &str) {
        let (quiet, lang) = (self.quiet, self.lang);
        self.with_bar(|b| *b = Some(bar(total, message, REPLICATIONS, quiet, lang)));
    }

    fn advance(&self) {
        self.with_bar(|b| {
            if let Some(b) = b {
                b.inc(1);
            }
        });
    }

    fn finish(&self) {
        self.with_bar(|b| {
            if let Some(b) = b.take() {
                b.finish_and_clear();
            }
        });
    }

    fn warning(&self, message: &str) {
        eprintln!(
            "{}{}",
            self.lang.t("warning: "),
            self.lang.translate(message)
        );
    }

    fn note(&self, message: &str) {
        eprintln!("{}", self.lang.translate(message));
    }

    fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
    }
}
