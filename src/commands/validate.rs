//! `expansim validate`: every problem of every file, and the warnings of valid ones.

use std::path::PathBuf;

use expansim::i18n::Lang;
use expansim::scenario;
use expansim::study::{self, Source, Study};

use super::outln;

/// Checks `files`, saying so in `lang` (default: the environment's); whether all are valid.
pub fn validate(files: &[PathBuf], lang: Option<Lang>) -> bool {
    let l = lang.unwrap_or_else(Lang::from_env);
    let mut ok = true;
    for f in files {
        match Study::load(Source::File(f), &[]) {
            Ok(study) => {
                let loaded = &study.loaded;
                let names: Vec<&str> = loaded.variants.iter().map(|v| v.name.as_str()).collect();
                let file = f.display().to_string();
                let unstable = loaded.model.unstable();
                if unstable {
                    // Valid, but no run of it gives a result: not "ok".
                    outln!(
                        "{}",
                        l.fill(
                            "{file}: valid, but unstable: a pool is offered at least as much work as it can do (below), so its queue grows without bound and a run gives no result",
                            &[("file", &file)]
                        )
                    );
                } else if let unstable @ [_, ..] = &loaded
                    .variants
                    .iter()
                    .filter(|v| v.model.unstable())
                    .map(|v| v.name.as_str())
                    .collect::<Vec<_>>()[..]
                {
                    outln!(
                        "{}",
                        l.fill(
                            "{file}: valid, with variants {variants}; unstable: {unstable} (a pool is offered at least as much work as it can do, below), so their runs give no result",
                            &[
                                ("file", &file),
                                ("variants", &names.join(", ")),
                                ("unstable", &unstable.join(", "))
                            ]
                        )
                    );
                } else if names.is_empty() {
                    outln!("{}", l.fill("{file}: ok", &[("file", &file)]));
                } else {
                    outln!(
                        "{}",
                        l.fill(
                            "{file}: ok, with variants {variants}",
                            &[("file", &file), ("variants", &names.join(", "))]
                        )
                    );
                }
                for w in scenario::warnings(&loaded.model) {
                    outln!("{file}{}{}{}", l.t(": "), l.t("warning: "), l.translate(&w));
                }
                for v in &loaded.variants {
                    for w in scenario::warnings(&v.model) {
                        outln!(
                            "{file}{}{}{}",
                            l.t(": "),
                            l.t("warning: "),
                            l.translate(&study::of_variant(&v.name, &w))
                        );
                    }
                }
            }
            Err(e) => {
                ok = false;
                eprintln!("{}{}", l.t("Error: "), l.translate(&e.to_string()));
            }
        }
    }
    ok
}
