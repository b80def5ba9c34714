//! The future event list: a binary heap ordered by (time, insertion sequence).
//!
//! Events at the same time come out in the order they were scheduled (FIFO), so ties never
//! depend on chance or on the heap's internals.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    /// Bits of the event time: times are non-negative finite floats, whose bit patterns sort
    /// like the numbers.
    time: u64,
    /// Insertion sequence number, unique: breaks ties first in, first out.
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.time, self.seq) == (other.time, other.seq)
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

/// A priority queue of events of type `E`.
#[derive(Debug, Clone)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    seq: u64,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(1024),
            seq: 0,
        }
    }
}

impl<E: Copy> EventQueue<E> {
    /// Schedules `event` at `time` (a non-negative finite number).
    #[inline]
    pub fn push(&mut self, time: f64, event: E) {
        debug_assert!(time >= 0.0 && time.is_finite(), "event time {time}");
        self.heap.push(Entry {
            time: time.to_bits(),
            seq: self.seq,
            event,
        });
        self.seq += 1;
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.heap.pop().map(|e| (f64::from_bits(e.time), e.event))
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| f64::from_bits(e.time))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
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
            q.push(5.0, i);
        }
        q.push(1.0, 99);
        assert_eq!(q.pop(), Some((1.0, 99)));
        for i in 0..10u32 {
            assert_eq!(q.pop(), Some((5.0, i)));
        }
        assert!(q.pop().is_none());
    }

    proptest! {
        /// Shadow model: a BTreeMap keyed by (time bits, sequence) pops the same events in the
        /// same order under any interleaving of pushes and pops.
        #[test]
        fn matches_a_btreemap_shadow(ops in prop::collection::vec((any::<bool>(), 0u32..50), 1..400)) {
            let mut q = EventQueue::default();
            let mut shadow = BTreeMap::new();
            let mut seq = 0u64;
            for (push, t) in ops {
                if push {
                    let time = f64::from(t) * 0.5;
                    q.push(time, seq);
                    shadow.insert((time.to_bits(), seq), seq);
                    seq += 1;
                } else {
                    let expected = shadow.pop_first().map(|((tb, _), e)| (f64::from_bits(tb), e));
                    prop_assert_eq!(q.pop(), expected);
                }
            }
        }
    }
}
