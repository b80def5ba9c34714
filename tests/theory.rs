//! The simulator against queueing theory (see `expansim::verify` for the pass rule).
//!
//! Each shipped theory scenario runs with its own seed and replications; every quantity must
//! lie inside the 99.9% confidence interval of the simulated mean (a correct simulator fails
//! a given quantity with probability about 0.001) and the 95% half-width must be within 3% of
//! the theory value, so that passing is not just a wide interval.

use expansim::verify::{self, SCENARIOS};

fn check(name: &str) {
    let s = SCENARIOS
        .iter()
        .find(|s| s.name == name)
        .expect("known check");
    let outcomes = verify::run_check(s, 2, None);
    assert!(outcomes.len() >= 2, "{name}: no outcomes");
    for o in &outcomes {
        eprintln!(
            "{name}: {}: theory {:.4}, simulated {:.4} [95% {:.4}, {:.4}]",
            o.expectation.label,
            o.expectation.theory,
            o.simulated.mean,
            o.simulated.ci95_low,
            o.simulated.ci95_high
        );
    }
    for o in outcomes {
        assert!(
            o.passed(),
            "{name}: {}: theory {} outside 99.9% CI [{}, {}]",
            o.expectation.label,
            o.expectation.theory,
            o.wide.ci95_low,
            o.wide.ci95_high
        );
        assert!(
            o.precise(),
            "{name}: {}: 95% half-width {} is too wide to test theory {}",
            o.expectation.label,
            o.simulated.half_width(),
            o.expectation.theory
        );
    }
}

#[test]
fn mm1_at_rho_0_5() {
    check("M/M/1 rho=0.5");
}

#[test]
fn mm1_at_rho_0_8() {
    check("M/M/1 rho=0.8");
}

#[test]
fn mmc_erlang_c() {
    check("M/M/3 Erlang C");
}

#[test]
fn md1_pollaczek_khinchine() {
    check("M/D/1 P-K");
}

#[test]
fn mg1_lognormal_pollaczek_khinchine() {
    check("M/G/1 lognormal P-K");
}

#[test]
fn jackson_network_with_rework_and_littles_law() {
    check("Jackson rework");
}

#[test]
fn fork_join_nelson_tantawi() {
    check("fork/join");
}

#[test]
fn non_preemptive_priority_cobham() {
    check("M/M/1 priority");
}

#[test]
fn littles_law_and_utilisation_at_a_pool_with_office_hours() {
    check("office hours");
}

/// Cobham's formula against values worked out by hand, and equal priorities as one FIFO level.
#[test]
fn cobham_waits() {
    // Exponential service, mean 1 h: E[S^2] = 2. W0 = (0.3 * 2 + 0.5 * 2) / 2 = 0.8.
    let w = verify::priority_waits(&[(0, 0.5, 1.0, 2.0), (1, 0.3, 1.0, 2.0)]);
    assert!((w[0] - 0.8 / (0.7 * 0.2)).abs() < 1e-12, "{w:?}");
    assert!((w[1] - 0.8 / 0.7).abs() < 1e-12, "{w:?}");
    // One priority: both classes wait as in M/M/1 at rho 0.8, rho/(mu - lambda) = 4.
    let w = verify::priority_waits(&[(0, 0.5, 1.0, 2.0), (0, 0.3, 1.0, 2.0)]);
    assert!(w.iter().all(|x| (x - 4.0).abs() < 1e-12), "{w:?}");
}

#[test]
fn erlang_c_matches_tabulated_values() {
    // C(1, a) = a (M/M/1); C(2, 1) = 1/3; C(3, 2.4) = 0.6472 (from the Erlang C formula by hand).
    assert!((verify::erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
    assert!((verify::erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
    assert!((verify::erlang_c(3, 2.4) - 0.647_191).abs() < 1e-5);
}
