//! A researcher's own loop over the library: how many design reviewers does the county need
//! so that HV single-source customers meet the 22-working-day limit, after the `merged`
//! redesign?
//!
//! ```text
//!   county scenario ──(--set pools.reviewer=N)──> Study ──> run 10 replications
//!        │                                                     │
//!        └── variant "merged" ─────────────────────────────────┘
//!                                                 mean lead time, share within limit
//! ```
//!
//! Run it with `cargo run --release --example reviewer_sweep`.

use expansim::metrics::Metric;
use expansim::study::{Replications, Silent, Source, Study};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("reviewers  HV lead time (days)  HV within 22 WD");
    for reviewers in 2..=4 {
        let sets = [
            format!("pools.reviewer={reviewers}"),
            "scenario.replications=10".to_string(),
        ];
        let study = Study::load(Source::County, &sets)?.only(Some("merged"))?;
        let outcome = study.run(Replications::Scenario, 2, &Silent)?;
        let lead = outcome.summary(&study, 0, Some("hv_single"), Metric::LeadTime);
        let share = outcome.summary(&study, 0, Some("hv_single"), Metric::LimitMetShare);
        if let (Some(lead), Some(share)) = (lead, share) {
            println!(
                "{reviewers:>9}  {:>10.1} ± {:<6.1}  {:>8.1}% ± {:.1}",
                lead.mean,
                lead.half_width(),
                100.0 * share.mean,
                100.0 * share.half_width()
            );
        }
    }
    Ok(())
}
