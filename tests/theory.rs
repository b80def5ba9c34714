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

#[test]
fn heterogeneous_servers_fastest_free_first() {
    check("M/M/2 fast and slow");
}

/// The stationary distribution of the fast/slow M/M/2 chain by brute force: the generator on
/// states 0, "fast busy", "slow busy", 2, 3, ..., N (truncated where the probability is
/// negligible), πQ = 0 with Σπ = 1 solved by Gaussian elimination. Returns (Wq, fast busy,
/// slow busy).
fn mm2_by_elimination(lambda: f64, fast: f64, slow: f64) -> (f64, f64, f64) {
    const N: usize = 400;
    // Index: 0 = empty, 1 = fast busy, 2 = slow busy, n + 1 for n >= 2 present.
    let size = N + 2;
    let mut q = vec![vec![0.0; size]; size];
    let mut rate = |from: usize, to: usize, r: f64| {
        q[from][to] += r;
        q[from][from] -= r;
    };
    rate(0, 1, lambda); // an arrival to an empty system goes to the fast server
    rate(1, 0, fast);
    rate(1, 3, lambda);
    rate(2, 0, slow);
    rate(2, 3, lambda); // the arrival takes the free fast server
    rate(3, 2, fast); // two present, the fast one finishes: only the slow one busy
    rate(3, 1, slow);
    for n in 2..N {
        rate(n + 1, n + 2, lambda);
        if n >= 3 {
            rate(n + 1, n, fast + slow);
        }
    }
    rate(N + 1, N, fast + slow);
    // Transpose: Q^T pi = 0, with the last equation replaced by the normalisation.
    let mut a: Vec<Vec<f64>> = (0..size)
        .map(|i| (0..size).map(|j| q[j][i]).collect())
        .collect();
    let mut b = vec![0.0; size];
    a[size - 1] = vec![1.0; size];
    b[size - 1] = 1.0;
    for col in 0..size {
        let pivot = (col..size)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap();
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (pivot_row, pivot_b) = (a[col].clone(), b[col]);
        for (row, (r, rb)) in a.iter_mut().zip(b.iter_mut()).enumerate() {
            let f = r[col] / pivot_row[col];
            if row != col && f != 0.0 {
                for (x, p) in r[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= f * p;
                }
                *rb -= f * pivot_b;
            }
        }
    }
    let pi: Vec<f64> = (0..size).map(|i| b[i] / a[i][i]).collect();
    let lq: f64 = (2..=N).map(|n| (n - 2) as f64 * pi[n + 1]).sum();
    let both: f64 = (2..=N).map(|n| pi[n + 1]).sum();
    (lq / lambda, pi[1] + both, pi[2] + both)
}

#[test]
fn the_fast_slow_chain_solved_two_ways_agrees() {
    for (lambda, fast, slow) in [(1.5, 1.5, 0.75), (0.5, 2.0, 0.5), (2.0, 1.2, 1.0)] {
        let (w, f, s) = verify::mm2_fast_slow(lambda, fast, slow);
        let (w2, f2, s2) = mm2_by_elimination(lambda, fast, slow);
        assert!((w - w2).abs() < 1e-9 * w2.max(1.0), "Wq {w} against {w2}");
        assert!(
            (f - f2).abs() < 1e-9 && (s - s2).abs() < 1e-9,
            "{f} {s} against {f2} {s2}"
        );
    }
    // Equal servers: the chain is M/M/2, Wq = C(2, a) / (2 mu - lambda).
    let (w, ..) = verify::mm2_fast_slow(1.5, 1.0, 1.0);
    assert!((w - verify::mmc_wait(2, 1.5, 1.0)).abs() < 1e-12, "{w}");
}
