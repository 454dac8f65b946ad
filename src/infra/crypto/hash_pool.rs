//! The threads that hash passwords, and the Argon2 memory each keeps while
//! hashes keep coming.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use argon2::Block;

use crate::core::error::{Error, Result};

/// How long a hashing thread keeps its Argon2 memory without a hash to use
/// it for.
pub const KEEP_MEMORY: Duration = Duration::from_secs(2);

pub type Job = Box<dyn FnOnce(&mut Scratch) + Send>;

/// A hashing thread's Argon2 memory, kept from one hash to the next while
/// hashes keep coming. Taking 19 MiB afresh for each hash cost every hash
/// the filling of its blocks with zeros and, when the allocator had given
/// them back, the kernel's faulting them in again (bench/README, "Argon2's
/// memory"). Zeroed and given back after `KEEP_MEMORY` without a hash, so
/// an idle server holds none, and no hash's memory outlives that.
#[derive(Default)]
pub struct Scratch(Vec<Block>);

impl Scratch {
    /// `count` blocks, whatever they hold: Argon2 writes each before it
    /// reads it. Growing starts afresh, so no old buffer goes back unzeroed.
    pub fn blocks(&mut self, count: usize) -> &mut [Block] {
        if self.0.len() < count {
            self.release();
            self.0 = vec![Block::default(); count];
        }
        &mut self.0[..count]
    }

    /// The blocks held: none when given back, more than a hash needs after
    /// an import.
    pub fn held(&self) -> usize {
        self.0.capacity()
    }

    fn release(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
        self.0 = Vec::new();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.release();
    }
}

/// A few threads that do nothing but hash. Argon2id needs 19 MiB per hash;
/// on tokio's blocking pool each hash could land on another of up to 512
/// threads, and the allocator keeps freed memory per thread, so the process
/// would grow by 19 MiB for every thread ever used. Here it is one per slot.
pub struct HashPool {
    queue: Arc<Queue>,
}

struct Queue {
    state: Mutex<State>,
    ready: Condvar,
    /// Blocks a thread keeps after a hash: the configured parameters'.
    /// A stored hash made with more memory (an import) is verified in
    /// memory given back at once.
    keep: usize,
}

#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    closed: bool,
}

impl HashPool {
    /// `threads` threads, each keeping at most `keep` blocks between hashes.
    pub fn new(threads: usize, keep: usize) -> Result<Self> {
        // Made first, so that if a thread cannot be started, dropping it
        // stops those already running.
        let pool = Self {
            queue: Arc::new(Queue {
                state: Mutex::default(),
                ready: Condvar::new(),
                keep,
            }),
        };
        for i in 0..threads {
            let queue = pool.queue.clone();
            std::thread::Builder::new()
                .name(format!("palisade-hash-{i}"))
                .spawn(move || queue.work())
                .map_err(Error::internal)?;
        }
        Ok(pool)
    }

    pub fn run(&self, job: Job) -> Result<()> {
        self.queue.lock()?.jobs.push_back(job);
        self.queue.ready.notify_one();
        Ok(())
    }
}

impl Drop for HashPool {
    fn drop(&mut self) {
        if let Ok(mut state) = self.queue.lock() {
            state.closed = true;
        }
        self.queue.ready.notify_all();
    }
}

impl Queue {
    fn lock(&self) -> Result<MutexGuard<'_, State>> {
        self.state
            .lock()
            .map_err(|_| Error::bug("hash pool poisoned"))
    }

    /// One thread: jobs in turn; its memory given back when none has come
    /// for `KEEP_MEMORY`. Every thread waits on the condition variable by
    /// itself, so each times out on its own.
    fn work(&self) {
        let mut scratch = Scratch::default();
        let Ok(mut state) = self.lock() else { return };
        loop {
            if let Some(job) = state.jobs.pop_front() {
                drop(state);
                // A job that panics fails its own request (its answer
                // channel is dropped), not the thread and those queued.
                let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    job(&mut scratch);
                }));
                if ran.is_err() || scratch.held() > self.keep {
                    scratch.release();
                }
            } else if state.closed {
                return;
            } else if scratch.held() > 0 {
                let Ok((waited, timeout)) = self.ready.wait_timeout(state, KEEP_MEMORY) else {
                    return;
                };
                if !(timeout.timed_out() && waited.jobs.is_empty()) {
                    state = waited;
                    continue;
                }
                drop(waited);
                scratch.release();
            } else {
                let Ok(waited) = self.ready.wait(state) else {
                    return;
                };
                state = waited;
                continue;
            }
            let Ok(again) = self.lock() else { return };
            state = again;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Barrier, mpsc};

    /// Runs one job on each of `threads` threads at once (the barrier holds
    /// each until all have started), each reporting the blocks it held.
    fn on_every_thread(pool: &HashPool, threads: usize, grow: usize) -> Vec<usize> {
        let barrier = Arc::new(Barrier::new(threads));
        let (held, seen) = mpsc::channel();
        for _ in 0..threads {
            let (barrier, held) = (barrier.clone(), held.clone());
            pool.run(Box::new(move |scratch: &mut Scratch| {
                barrier.wait();
                let before = scratch.held();
                scratch.blocks(grow);
                let _ = held.send(before);
            }))
            .unwrap();
        }
        (0..threads).map(|_| seen.recv().unwrap()).collect()
    }

    #[test]
    fn every_hashing_thread_keeps_its_memory_between_hashes_and_gives_it_back_when_none_come() {
        let pool = HashPool::new(2, 4096).unwrap();
        assert_eq!(on_every_thread(&pool, 2, 1024), [0, 0]);
        assert_eq!(on_every_thread(&pool, 2, 1024), [1024, 1024]);
        std::thread::sleep(KEEP_MEMORY * 3);
        assert_eq!(on_every_thread(&pool, 2, 0), [0, 0]);
    }

    #[test]
    fn more_memory_than_the_configured_hash_needs_is_given_back_at_once() {
        let pool = HashPool::new(1, 4096).unwrap();
        assert_eq!(on_every_thread(&pool, 1, 8192), [0]);
        assert_eq!(on_every_thread(&pool, 1, 1024), [0]);
        assert_eq!(on_every_thread(&pool, 1, 0), [1024]);
    }

    #[test]
    fn a_job_that_panics_fails_alone_and_the_thread_goes_on_hashing() {
        let pool = HashPool::new(1, 4096).unwrap();
        let (answer, answered) = mpsc::channel::<usize>();
        pool.run(Box::new(move |_: &mut Scratch| {
            let _answer = answer;
            panic!("a bug in a job");
        }))
        .unwrap();
        assert!(
            answered.recv().is_err(),
            "the panicking job's answer channel is dropped"
        );
        assert_eq!(on_every_thread(&pool, 1, 1024), [0]);
    }
}
