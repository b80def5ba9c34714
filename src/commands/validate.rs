//! `expansim validate`: every problem of every file, and the warnings of valid ones.

use std::path::PathBuf;

use expansim::scenario;
use expansim::study::{Source, Study};

use super::outln;

/// Checks `files`; whether all are valid.
pub fn validate(files: &[PathBuf]) -> bool {
    let mut ok = true;
    for f in files {
        match Study::load(Source::File(f), &[]) {
            Ok(study) => {
                let loaded = &study.loaded;
                let names: Vec<&str> = loaded.variants.iter().map(|v| v.name.as_str()).collect();
                if names.is_empty() {
                    outln!("{}: ok", f.display());
                } else {
                    outln!("{}: ok, with variants {}", f.display(), names.join(", "));
                }
                for w in scenario::warnings(&loaded.model) {
                    outln!("{}: warning: {w}", f.display());
                }
                for v in &loaded.variants {
                    for w in scenario::warnings(&v.model) {
                        outln!("{}: warning: variant {}: {w}", f.display(), v.name);
                    }
                }
            }
            Err(e) => {
                ok = false;
                eprintln!("Error: {e}");
            }
        }
    }
    ok
}
