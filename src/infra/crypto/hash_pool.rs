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
    /// reads it.
    pub fn blocks(&mut self, count: usize) -> &mut [Block] {
        if self.0.len() < count {
            self.0.resize(count, Block::default());
        }
        &mut self.0[..count]
    }

    /// The blocks held (tests).
    pub fn held(&self) -> usize {
        self.0.capacity()
    }

    fn release(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
        self.0 = Vec::new();
    }
}

/// A few threads that do nothing but hash. Argon2id needs 19 MiB per hash;
/// on tokio's blocking pool each hash could land on another of up to 512
/// threads, and the allocator keeps freed memory per thread, so the process
/// would grow by 19 MiB for every thread ever used. Here it is one per slot.
pub struct HashPool {
    queue: Arc<Queue>,
}

#[derive(Default)]
struct Queue {
    state: Mutex<State>,
    ready: Condvar,
}

#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    closed: bool,
}

impl HashPool {
    pub fn new(threads: usize) -> Result<Self> {
        let queue = Arc::new(Queue::default());
        for i in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("palisade-hash-{i}"))
                .spawn(move || queue.work())
                .map_err(Error::internal)?;
        }
        Ok(Self { queue })
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
                job(&mut scratch);
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
        let pool = HashPool::new(2).unwrap();
        assert_eq!(on_every_thread(&pool, 2, 1024), [0, 0]);
        assert_eq!(on_every_thread(&pool, 2, 1024), [1024, 1024]);
        std::thread::sleep(KEEP_MEMORY * 3);
        assert_eq!(on_every_thread(&pool, 2, 0), [0, 0]);
    }
}
