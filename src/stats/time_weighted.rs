//! Time-weighted average of a piecewise-constant quantity (queue length, busy staff, WIP).

/// Integrates a step function over time. `reset` starts the observation window (warm-up end).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TimeWeighted {
    value: f64,
    last: f64,
    area: f64,
    start: f64,
}

impl TimeWeighted {
    /// Current value of the quantity.
    #[inline]
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Changes the quantity by `delta` at time `t` (t never decreases).
    #[inline]
    pub fn add(&mut self, t: f64, delta: f64) {
        self.area += self.value * (t - self.last);
        self.last = t;
        self.value += delta;
    }

    /// Discards the area so far: the window starts at `t`.
    pub fn reset(&mut self, t: f64) {
        self.area = 0.0;
        self.last = t;
        self.start = t;
    }

    /// Average over [window start, t].
    pub fn mean_until(&self, t: f64) -> f64 {
        let area = self.area + self.value * (t - self.last);
        if t > self.start {
            area / (t - self.start)
        } else {
            f64::NAN
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_a_step_function_after_reset() {
        let mut tw = TimeWeighted::default();
        tw.add(0.0, 5.0); // 5 during [0, 2): excluded by the reset at 2
        tw.reset(2.0);
        tw.add(4.0, -3.0); // 5 during [2, 4), then 2 during [4, 10]
        assert_eq!(tw.mean_until(10.0), (5.0 * 2.0 + 2.0 * 6.0) / 8.0);
    }
}
