//! The future event list: a tournament tree over *slots*, ordered by (time, insertion
//! sequence).
//!
//! Every place that can have one pending event owns a slot: an arrival stream, a member of
//! staff at work, a case in a stage without staff. Setting a slot's event replaces the one it
//! had, so the step "this member of staff finishes one case and starts the next" is one
//! update, not a removal and an insertion.
//!
//! The tree keeps, at each inner node, the smaller entry of its two children; the root is the
//! next event. An update walks from the slot's leaf to the root and compares with the sibling
//! at each level. Which nodes it reads depends only on the slot, not on the times, so the
//! reads can all start at once and there is no branch on the data to mispredict: a binary
//! heap's sift, by contrast, decides at each level whether to go on.
//!
//! Events at the same time come out in the order they were scheduled (FIFO), so ties never
//! depend on chance or on the tree's internals. An entry is one `u128`: the bits of the time
//! (non-negative finite floats, whose bit patterns sort like the numbers), then a 32-bit
//! insertion sequence number, then the 32-bit event. One integer comparison orders two
//! entries. When the sequence numbers run out, the pending events are renumbered in their
//! order, which keeps every comparison the same.

/// No event: larger than every entry (an entry's time is finite, so its top bits are not all
/// ones).
const NONE: u128 = u128::MAX;

/// A set of pending events, at most one per slot, each a `u32` chosen by the caller.
#[derive(Debug, Clone)]
pub struct EventQueue {
    /// `nodes[leaves + s]` is slot `s`'s entry; `nodes[i]` for `1 <= i < leaves` is the
    /// smaller of `nodes[2i]` and `nodes[2i + 1]`. `nodes[0]` is not used.
    nodes: Vec<u128>,
    /// Number of leaves, a power of two.
    leaves: usize,
    /// The next sequence number.
    seq: u32,
    /// Sequence numbers from here on are not handed out: the queue renumbers first.
    seq_limit: u32,
}

/// The smaller of two entries, chosen with conditional moves: which one is smaller is as
/// good as random, and a jump would be mispredicted half the time.
#[inline(always)]
fn smaller(a: u128, b: u128) -> u128 {
    std::hint::select_unpredictable(a < b, a, b)
}

/// [`smaller`] for use in a loop, where the compiler turns a `u128` select into a jump unless
/// the comparison is spelled out word by word (which costs a few more instructions).
#[inline(always)]
fn smaller_in_loop(a: u128, b: u128) -> u128 {
    let (a_hi, a_lo, b_hi, b_lo) = ((a >> 64) as u64, a as u64, (b >> 64) as u64, b as u64);
    let a_first = (a_hi < b_hi) | ((a_hi == b_hi) & (a_lo < b_lo));
    let hi = std::hint::select_unpredictable(a_first, a_hi, b_hi);
    let lo = std::hint::select_unpredictable(a_first, a_lo, b_lo);
    (u128::from(hi) << 64) | u128::from(lo)
}

/// Writes `min` at node `i`, a leaf `D` levels below the root, and the minima above it.
#[inline(always)]
fn walk<const D: usize>(nodes: &mut [u128], i: usize, mut min: u128) {
    // A tree of depth D has 2^(D+1) nodes: with the slice cut to that length and the index
    // masked to it, every index below is known to be in bounds.
    let nodes = &mut nodes[..2 << D];
    let mut i = i & ((2 << D) - 1);
    nodes[i] = min;
    for _ in 0..D {
        min = smaller(nodes[i ^ 1], min);
        i >>= 1;
        nodes[i] = min;
    }
}

/// [`walk`] for trees of more than 64 slots: unrolled up to 4096.
#[inline(never)]
fn walk_deep(nodes: &mut [u128], i: usize, entry: u128, depth: u32) {
    match depth {
        7 => walk::<7>(nodes, i, entry),
        8 => walk::<8>(nodes, i, entry),
        9 => walk::<9>(nodes, i, entry),
        10 => walk::<10>(nodes, i, entry),
        11 => walk::<11>(nodes, i, entry),
        12 => walk::<12>(nodes, i, entry),
        _ => {
            let (mut i, mut min) = (i, entry);
            nodes[i] = min;
            while i > 1 {
                min = smaller_in_loop(nodes[i ^ 1], min);
                i >>= 1;
                nodes[i] = min;
            }
        }
    }
}

impl EventQueue {
    /// A queue with room for `slots` slots (it grows when a larger slot is used).
    pub fn new(slots: usize) -> Self {
        EventQueue::with_seq_limit(slots, u32::MAX)
    }

    /// A queue that renumbers its pending events when the sequence reaches `limit` (tests
    /// use small limits to exercise renumbering).
    pub fn with_seq_limit(slots: usize, limit: u32) -> Self {
        let leaves = slots.next_power_of_two().max(2);
        EventQueue {
            nodes: vec![NONE; 2 * leaves],
            leaves,
            seq: 0,
            seq_limit: limit,
        }
    }

    /// Schedules `event` at `time` (non-negative; an infinite time, such as the end of work
    /// beyond a calendar's last representable minute, is kept as the largest finite one,
    /// after every other event) in `slot`, replacing the slot's pending event if it has one.
    #[inline(always)]
    pub fn set(&mut self, slot: u32, time: f64, event: u32) {
        let time = time.min(f64::MAX);
        debug_assert!(time >= 0.0, "event time {time}");
        if self.seq >= self.seq_limit {
            self.renumber();
        }
        let key = (u128::from(time.to_bits()) << 64) | (u128::from(self.seq) << 32);
        self.seq += 1;
        self.update(slot as usize, key | u128::from(event));
    }

    /// Removes `slot`'s pending event, if any.
    #[inline]
    pub fn clear(&mut self, slot: u32) {
        self.update(slot as usize, NONE);
    }

    /// Writes a leaf and the minima on its path to the root. The walk is unrolled for each
    /// depth (a loop's selects are compiled less well, see [`smaller_in_loop`]); trees of up
    /// to 64 slots walk inline.
    #[inline(always)]
    fn update(&mut self, slot: usize, entry: u128) {
        if slot >= self.leaves {
            self.grow(slot + 1);
        }
        let nodes = &mut self.nodes[..];
        let i = self.leaves + slot;
        match self.leaves.trailing_zeros() {
            1 => walk::<1>(nodes, i, entry),
            2 => walk::<2>(nodes, i, entry),
            3 => walk::<3>(nodes, i, entry),
            4 => walk::<4>(nodes, i, entry),
            5 => walk::<5>(nodes, i, entry),
            6 => walk::<6>(nodes, i, entry),
            depth => walk_deep(nodes, i, entry, depth),
        }
    }

    /// The earliest pending event, which stays pending until its slot is set or cleared.
    #[inline]
    pub fn first(&self) -> Option<(f64, u32)> {
        let key = self.nodes[1];
        (key != NONE).then(|| (f64::from_bits((key >> 64) as u64), key as u32))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.nodes[self.leaves..]
            .iter()
            .filter(|&&k| k != NONE)
            .count()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.nodes[1] == NONE
    }

    /// Makes room for at least `slots` slots.
    #[cold]
    fn grow(&mut self, slots: usize) {
        let leaves = slots.next_power_of_two();
        let mut nodes = vec![NONE; 2 * leaves];
        nodes[leaves..leaves + self.leaves].copy_from_slice(&self.nodes[self.leaves..]);
        self.nodes = nodes;
        self.leaves = leaves;
        self.rebuild();
    }

    /// Recomputes every inner node from the leaves.
    fn rebuild(&mut self) {
        for i in (1..self.leaves).rev() {
            self.nodes[i] = self.nodes[2 * i].min(self.nodes[2 * i + 1]);
        }
    }

    /// Gives the pending events the sequence numbers 0, 1, ... in their current order.
    #[cold]
    fn renumber(&mut self) {
        let leaves = &mut self.nodes[self.leaves..];
        let mut pending: Vec<(u128, usize)> = leaves
            .iter()
            .enumerate()
            .filter(|(_, k)| **k != NONE)
            .map(|(s, &k)| (k, s))
            .collect();
        pending.sort_unstable();
        let n = pending.len() as u32;
        assert!(
            n < self.seq_limit,
            "more pending events than sequence numbers"
        );
        const KEEP: u128 = !((u32::MAX as u128) << 32);
        for (i, (key, slot)) in pending.into_iter().enumerate() {
            leaves[slot] = (key & KEEP) | (u128::from(i as u32) << 32);
        }
        self.seq = n;
        self.rebuild();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// Pops the first event the way the engine does: reads it, then clears its slot.
    fn pop(q: &mut EventQueue, slot_of: impl Fn(u32) -> u32) -> Option<(f64, u32)> {
        let first = q.first();
        if let Some((_, e)) = first {
            q.clear(slot_of(e));
        }
        first
    }

    #[test]
    fn ties_come_out_in_insertion_order() {
        let mut q = EventQueue::new(4);
        for i in 0..10u32 {
            q.set(i, 5.0, 9 - i);
        }
        q.set(10, 1.0, 99);
        assert_eq!(q.len(), 11);
        let slot_of = |e: u32| if e == 99 { 10 } else { 9 - e };
        assert_eq!(pop(&mut q, slot_of), Some((1.0, 99)));
        for i in 0..10u32 {
            assert_eq!(pop(&mut q, slot_of), Some((5.0, 9 - i)));
        }
        assert!(q.first().is_none() && q.is_empty());
    }

    #[test]
    fn setting_a_slot_replaces_its_event() {
        let mut q = EventQueue::new(2);
        q.set(0, 1.0, 7);
        q.set(1, 2.0, 8);
        q.set(0, 3.0, 9);
        assert_eq!(q.len(), 2);
        assert_eq!(q.first(), Some((2.0, 8)));
        q.clear(1);
        assert_eq!(q.first(), Some((3.0, 9)));
    }

    #[test]
    fn renumbering_keeps_the_order_of_ties() {
        let mut q = EventQueue::with_seq_limit(4, 4);
        let mut order = Vec::new();
        for i in 0..20u32 {
            // Three slots in turn; each pop frees the slot of the event it returns.
            q.set(i % 3, 1.0, 100 - i);
            if q.len() == 3 {
                order.extend(pop(&mut q, |e| (100 - e) % 3).map(|(_, e)| e));
            }
        }
        order.extend(std::iter::from_fn(|| {
            pop(&mut q, |e| (100 - e) % 3).map(|(_, e)| e)
        }));
        let pushed: Vec<u32> = (0..20).map(|i| 100 - i).collect();
        assert_eq!(order, pushed);
    }

    proptest! {
        /// Sets a slot (replacing its event), clears one, or pops the first event, against a
        /// map ordered by (time, sequence); slots beyond the initial room make the tree grow,
        /// past 64 slots to the walks out of line, and past 4096 to the one that loops.
        #[test]
        fn matches_a_btreemap_shadow(
            ops in prop::collection::vec(
                (0u8..3, prop_oneof![4 => 0u32..40, 1 => 290u32..300, 1 => 5000u32..5010], 0u32..50),
                1..400,
            ),
            // At most 60 slots are pending at once, and renumbering needs a spare number.
            limit in prop_oneof![Just(u32::MAX), 61u32..100],
        ) {
            let mut q = EventQueue::with_seq_limit(3, limit);
            let mut shadow: BTreeMap<(u64, u32), u32> = BTreeMap::new();
            let mut in_slot: BTreeMap<u32, (u64, u32)> = BTreeMap::new();
            let mut seq = 0u32;
            for (op, slot, t) in ops {
                match op {
                    0 => {
                        let time = f64::from(t) * 0.5;
                        q.set(slot, time, slot);
                        if let Some(old) = in_slot.insert(slot, (time.to_bits(), seq)) {
                            shadow.remove(&old);
                        }
                        shadow.insert((time.to_bits(), seq), slot);
                        seq += 1;
                    }
                    1 => {
                        q.clear(slot);
                        if let Some(old) = in_slot.remove(&slot) {
                            shadow.remove(&old);
                        }
                    }
                    _ => {
                        let expected = shadow.pop_first().map(|((tb, _), s)| {
                            in_slot.remove(&s);
                            (f64::from_bits(tb), s)
                        });
                        prop_assert_eq!(pop(&mut q, |e| e), expected);
                    }
                }
                prop_assert_eq!(q.len(), shadow.len());
                let first = shadow.iter().next().map(|((tb, _), s)| (f64::from_bits(*tb), *s));
                prop_assert_eq!(q.first(), first);
            }
        }
    }
}
