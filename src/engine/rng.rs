//! Random numbers keyed by what they are for.
//!
//! Every draw comes from a small SplitMix64 generator whose starting state is a hash of
//! (seed, replication, case, purpose). The same case in the same replication therefore draws
//! the same numbers for the same work, whatever else the simulation did before, whichever
//! thread runs it, and (for redesigns) whatever stages were added or removed around it.

use rand::RngCore;

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's output function: a bijective 64-bit mixer.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What a draw is for; part of its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Inter-arrival times of one class (a sequential stream per class).
    Arrivals = 1,
    /// The duration of a stage visit.
    Duration = 2,
    /// The routing decision after a stage visit.
    Route = 3,
    /// A member of staff's days of absence.
    Absence = 4,
}

/// The random streams of one replication.
#[derive(Debug, Clone, Copy)]
pub struct Streams {
    base: u64,
}

impl Streams {
    /// Streams of replication `replication` under master seed `seed`.
    pub fn new(seed: u64, replication: u64) -> Streams {
        Streams {
            base: mix64(
                mix64(seed ^ 0x5851_f42d_4c95_7f2d)
                    .wrapping_add(mix64(replication.wrapping_add(GOLDEN))),
            ),
        }
    }

    /// The sequential stream of arrivals of class `class`.
    pub fn arrivals(&self, class: u64) -> DrawRng {
        DrawRng::new(mix64(
            self.base ^ mix64(class.wrapping_mul(GOLDEN) ^ Purpose::Arrivals as u64),
        ))
    }

    /// The stream of the arrivals of class `class` on day `day` from the start date, for
    /// arrivals whose rate varies by day: a day's arrivals depend only on its own rate, so a
    /// variant that changes the rate of some days keeps every other day's arrivals.
    pub fn arrivals_on(&self, class: u64, day: u64) -> DrawRng {
        DrawRng::new(mix64(
            self.base
                ^ mix64(class.wrapping_mul(GOLDEN) ^ Purpose::Arrivals as u64)
                ^ mix64(day.wrapping_add(1).wrapping_mul(GOLDEN)),
        ))
    }

    /// The stream of days off of member `member` (its place in its pool) of the pool with
    /// stable key `pool_key`: the same in every variant that keeps the pool's name.
    pub fn absence(&self, pool_key: u64, member: u64) -> DrawRng {
        DrawRng::new(mix64(
            self.base ^ mix64(pool_key ^ member.wrapping_mul(GOLDEN) ^ Purpose::Absence as u64),
        ))
    }

    /// The stream of layer `layer` of the candidate arrivals of class `class` on day `day`
    /// (a class whose rate varies by day; layer 0 is [`Streams::arrivals_on`]).
    pub fn arrivals_in_layer(&self, class: u64, day: u64, layer: u32) -> DrawRng {
        let day_stream = self.arrivals_on(class, day);
        match layer {
            0 => day_stream,
            k => DrawRng::new(mix64(
                day_stream.state ^ mix64(u64::from(k).wrapping_mul(GOLDEN)),
            )),
        }
    }

    /// The key of the case of class `class` that arrived as candidate `place` of layer
    /// `layer` of day `day` (a class whose rate varies by day): the same in every variant
    /// that draws that day's candidates alike, whatever the other days and classes do.
    pub fn case_key_on(&self, class: u64, day: u64, layer: u32, place: u32) -> u64 {
        mix64(
            self.base
                ^ mix64(class.wrapping_mul(GOLDEN) ^ Purpose::Arrivals as u64 ^ 0x6361_7365)
                ^ mix64(day.wrapping_add(GOLDEN))
                ^ mix64((u64::from(layer) << 32 | u64::from(place)).wrapping_mul(GOLDEN)),
        )
    }

    /// The key of case number `case` (cases are numbered in arrival order from 0).
    #[inline]
    pub fn case_key(&self, case: u64) -> u64 {
        mix64(self.base.wrapping_add(case.wrapping_mul(GOLDEN)))
    }
}

/// Key of the draws of `purpose` at a stage with stable key `stage_key`.
pub fn purpose_key(stage_key: u64, purpose: Purpose) -> u64 {
    mix64(stage_key ^ (purpose as u64).wrapping_mul(GOLDEN))
}

/// A SplitMix64 generator (passes BigCrush), seeded from a draw key.
#[derive(Debug, Clone)]
pub struct DrawRng {
    state: u64,
}

impl DrawRng {
    /// A generator whose stream is determined by `key` alone.
    #[inline]
    pub fn new(key: u64) -> DrawRng {
        DrawRng { state: key }
    }

    /// The generator for the draw of `purpose_key` at visit `visit` of the case keyed `case_key`.
    #[inline]
    pub fn for_draw(case_key: u64, purpose_key: u64, visit: u32) -> DrawRng {
        DrawRng::new(mix64(case_key ^ purpose_key.wrapping_add(u64::from(visit))))
    }
}

impl RngCore for DrawRng {
    #[inline]
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix64(self.state)
    }

    #[inline]
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// Chi-squared test of uniformity of the first draw across consecutive case keys (the way
    /// the engine uses the generator). 100 cells, 99 degrees of freedom: the 0.999 quantile
    /// of chi-squared(99) is 148.23 (standard tables), so a correct generator fails with
    /// probability 0.001 for a given seed; the seed is fixed, so the test is deterministic.
    #[test]
    fn first_draws_of_consecutive_cases_are_uniform() {
        const CHI2_999_DF99: f64 = 148.23;
        let streams = Streams::new(7, 3);
        let pk = purpose_key(12345, Purpose::Duration);
        let n = 200_000;
        let mut cells = [0u32; 100];
        for case in 0..n {
            let u: f64 = DrawRng::for_draw(streams.case_key(case), pk, 0).random();
            cells[(u * 100.0) as usize] += 1;
        }
        let expected = n as f64 / 100.0;
        let chi2: f64 = cells
            .iter()
            .map(|&c| (f64::from(c) - expected).powi(2) / expected)
            .sum();
        assert!(chi2 < CHI2_999_DF99, "chi2 = {chi2}");
    }

    #[test]
    fn replications_and_seeds_give_different_streams() {
        let a = Streams::new(1, 0).case_key(0);
        assert_ne!(a, Streams::new(1, 1).case_key(0));
        assert_ne!(a, Streams::new(2, 0).case_key(0));
        assert_eq!(a, Streams::new(1, 0).case_key(0));
    }
}
