//! The future event list: a binary heap ordered by (time, insertion sequence).
//!
//! Events at the same time come out in the order they were scheduled (FIFO), so ties never
//! depend on chance or on the heap's internals.
//!
//! An entry is one `u128`: the bits of the time (non-negative finite floats, whose bit
//! patterns sort like the numbers), then a 32-bit insertion sequence number, then the 32-bit
//! event. One integer comparison orders two entries, and an entry moves as 16 bytes. When the
//! sequence numbers run out, the pending events are renumbered in their order, which keeps
//! every comparison the same.
//!
//! [`EventQueue::pop`] leaves the event it returns at the top of the heap until the next call
//! to the queue: handling an event nearly always schedules another, and putting that one in
//! the top's place costs one sift down instead of a removal and an insertion.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A priority queue of events, each a `u32` chosen by the caller.
#[derive(Debug, Clone)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<u128>>,
    /// The next sequence number.
    seq: u32,
    /// Sequence numbers from here on are not handed out: the queue renumbers first.
    seq_limit: u32,
    /// Whether the top of the heap was returned by `pop` and is still to be removed.
    popped: bool,
}

impl Default for EventQueue {
    fn default() -> Self {
        EventQueue::with_seq_limit(u32::MAX)
    }
}

impl EventQueue {
    /// A queue that renumbers its pending events when the sequence reaches `limit` (the
    /// default is `u32::MAX`; tests use small limits to exercise renumbering).
    pub fn with_seq_limit(limit: u32) -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(1024),
            seq: 0,
            seq_limit: limit,
            popped: false,
        }
    }

    /// Schedules `event` at `time` (a non-negative finite number).
    #[inline(always)]
    pub fn push(&mut self, time: f64, event: u32) {
        debug_assert!(time >= 0.0 && time.is_finite(), "event time {time}");
        if self.seq >= self.seq_limit {
            self.renumber();
        }
        let key = (u128::from(time.to_bits()) << 64) | (u128::from(self.seq) << 32);
        let entry = Reverse(key | u128::from(event));
        self.seq += 1;
        if self.popped {
            self.popped = false;
            // The popped event is the smallest: the new one takes its place and sinks.
            if let Some(mut top) = self.heap.peek_mut() {
                *top = entry;
                return;
            }
        }
        self.heap.push(entry);
    }

    /// Returns the earliest event, which leaves the queue: it stays at the top of the heap
    /// until the next call, whose push takes its place or which removes it first.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, u32)> {
        self.settle();
        self.popped = true;
        self.heap
            .peek()
            .map(|Reverse(key)| (f64::from_bits((key >> 64) as u64), *key as u32))
    }

    /// Removes the event returned by the last `pop`, if it is still in the heap.
    #[inline]
    fn settle(&mut self) {
        if self.popped {
            self.popped = false;
            self.heap.pop();
        }
    }

    /// Time of the earliest event.
    pub fn peek_time(&mut self) -> Option<f64> {
        self.settle();
        self.heap
            .peek()
            .map(|Reverse(key)| f64::from_bits((key >> 64) as u64))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len() - usize::from(self.popped && !self.heap.is_empty())
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Gives the pending events the sequence numbers 0, 1, ... in their current order.
    #[cold]
    fn renumber(&mut self) {
        self.settle();
        // Ascending by `Reverse`: latest first.
        let mut pending = std::mem::take(&mut self.heap).into_sorted_vec();
        let n = pending.len() as u32;
        assert!(
            n < self.seq_limit,
            "more pending events than sequence numbers"
        );
        const KEEP: u128 = !((u32::MAX as u128) << 32);
        for (i, Reverse(key)) in pending.iter_mut().rev().enumerate() {
            *key = (*key & KEEP) | (u128::from(i as u32) << 32);
        }
        self.heap = BinaryHeap::from(pending);
        self.seq = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[test]
    fn ties_come_out_in_insertion_order() {
        let mut q = EventQueue::default();
        for i in 0..10u32 {
            q.push(5.0, 9 - i);
        }
        q.push(1.0, 99);
        assert_eq!(q.pop(), Some((1.0, 99)));
        for i in 0..10u32 {
            assert_eq!(q.pop(), Some((5.0, 9 - i)));
        }
        assert!(q.pop().is_none());
    }

    #[test]
    fn renumbering_keeps_the_order_of_ties() {
        // Four sequence numbers: pushes past the fourth renumber the (at most three) pending.
        let mut q = EventQueue::with_seq_limit(4);
        let mut order = Vec::new();
        for i in 0..20u32 {
            q.push(1.0, 100 - i);
            if q.len() == 3 {
                order.extend(q.pop().map(|(_, e)| e));
            }
        }
        order.extend(std::iter::from_fn(|| q.pop().map(|(_, e)| e)));
        let pushed: Vec<u32> = (0..20).map(|i| 100 - i).collect();
        assert_eq!(order, pushed);
    }

    proptest! {
        /// Shadow model: a BTreeMap keyed by (time bits, sequence) pops the same events in the
        /// same order under any interleaving of pushes and pops, whatever the sequence limit
        /// (small limits renumber often).
        #[test]
        fn matches_a_btreemap_shadow(
            ops in prop::collection::vec((any::<bool>(), 0u32..50), 1..400),
            limit in prop_oneof![Just(u32::MAX), 20u32..60],
        ) {
            let mut q = EventQueue::with_seq_limit(limit);
            let mut shadow = BTreeMap::new();
            let mut seq = 0u32;
            for (push, t) in ops {
                // The queue holds fewer events than sequence numbers.
                if push && (shadow.len() as u32) < limit - 1 {
                    let time = f64::from(t) * 0.5;
                    // Event ids that sort against the insertion order.
                    let event = u32::MAX - seq;
                    q.push(time, event);
                    shadow.insert((time.to_bits(), seq), event);
                    seq += 1;
                } else {
                    let expected = shadow.pop_first().map(|((tb, _), e)| (f64::from_bits(tb), e));
                    prop_assert_eq!(q.pop(), expected);
                }
                prop_assert_eq!(q.len(), shadow.len());
                let first = shadow.first_key_value().map(|((tb, _), _)| f64::from_bits(*tb));
                prop_assert_eq!(q.peek_time(), first);
            }
        }
    }
}
