//! How the process shares the machine it runs on.
//!
//! - [`keep_freed_memory`]: glibc hands the activation buffers libtorch frees after every
//!   batch back to the kernel and faults them in again for the next one; that was most of
//!   the int8 path's system time (BENCHMARKS.md, "System time").
//! - [`Threads`]: libtorch's threads follow the cores that other processes leave free, so
//!   that a busy machine slows newslens down instead of stalling it. With more threads than
//!   free cores, OpenMP threads wait for each other while the kernel runs someone else.

use std::time::{Duration, Instant};

/// Memory blocks at least this large are mapped and unmapped on their own (glibc's
/// largest allowed threshold on 64-bit; its default starts at 128 KiB).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 32 << 20;

/// Free memory at the top of the heap is given back only beyond this much.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD: libc::c_int = 1 << 30;

/// Tells glibc's allocator to keep freed memory for the next batch. The process's peak
/// memory is what it was (the heap already grew to it); what changes is that it stays
/// mapped between batches. Does nothing on other C libraries.
#[allow(unsafe_code)] // a C call with plain integer arguments (the other unsafe code: models::bert::mapped)
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets two of the allocator's parameters, under its own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

/// How often a long run looks again at how busy the machine is.
const RECHECK: Duration = Duration::from_secs(2);

/// libtorch's thread count: fixed by `--threads` or `OMP_NUM_THREADS`, else the cores
/// this process may use less those other processes keep busy, at least one.
pub(crate) struct Threads {
    /// Most threads to follow the machine with: libtorch's default (one per core it
    /// sees) capped by the cores the process may use (affinity and cgroup quota).
    most: usize,
    /// Whether the count was asked for and never changes.
    fixed: bool,
    /// When the machine was last looked at.
    checked: Option<Instant>,
}

impl Threads {
    /// Sets libtorch's threads to `requested`, if given; [`Threads::adapt`] looks at
    /// the machine.
    pub(crate) fn new(requested: Option<u16>) -> Threads {
        if let Some(n) = requested {
            tch::set_num_threads(i32::from(n));
        }
        let fixed = requested.is_some() || std::env::var_os("OMP_NUM_THREADS").is_some();
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let default = usize::try_from(tch::get_num_threads()).unwrap_or(1).max(1);
        Threads {
            most: default.min(cores),
            fixed,
            checked: None,
        }
    }

    /// Looks at the machine again (at most every [`RECHECK`]) and follows it. Call it
    /// from the thread that runs the model, between batches.
    pub(crate) fn adapt(&mut self) {
        if self.fixed || self.checked.is_some_and(|at| at.elapsed() < RECHECK) {
            return;
        }
        self.checked = Some(Instant::now());
        let Some((online, others)) = busy_cores() else {
            return;
        };
        let threads = threads_beside(self.most, online, others);
        let threads = i32::try_from(threads).unwrap_or(1);
        if threads != tch::get_num_threads() {
            tracing::debug!(threads, others, "model threads");
            tch::set_num_threads(threads);
        }
    }
}

/// Threads to run when the machine has `online` cores and other processes keep `others`
/// of them busy: what is left, at most `most`, at least one.
fn threads_beside(most: usize, online: usize, others: usize) -> usize {
    most.min(online.saturating_sub(others)).max(1)
}

/// The machine's online cores and how many runnable tasks that are not this process's
/// there are: the fewest of a few looks 1 ms apart, so that a task that only woke up
/// for a moment does not count.
fn busy_cores() -> Option<(usize, usize)> {
    let online = online_cores()?;
    let mut fewest = usize::MAX;
    for look in 0..5 {
        if look > 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        let others = runnable_tasks()?.saturating_sub(own_runnable_tasks()?);
        fewest = fewest.min(others);
    }
    Some((online, fewest))
}

/// Cores online in the whole machine (not only those this process may use: the count of
/// runnable tasks is the machine's too).
fn online_cores() -> Option<usize> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let cores = stat
        .lines()
        .filter(|line| {
            line.strip_prefix("cpu")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    (cores > 0).then_some(cores)
}

/// Tasks running or waiting to run on the machine now: the numerator of the fourth field
/// of `/proc/loadavg` ("3/412"). It counts the task reading it.
fn runnable_tasks() -> Option<usize> {
    let loadavg = std::fs::read_to_string("/proc/loadavg").ok()?;
    parse_runnable(&loadavg)
}

fn parse_runnable(loadavg: &str) -> Option<usize> {
    loadavg
        .split_whitespace()
        .nth(3)?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// This process's threads that are running or waiting to run (state `R`), the one
/// reading included.
fn own_runnable_tasks() -> Option<usize> {
    let mut runnable = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let Ok(stat) = std::fs::read_to_string(task.ok()?.path().join("stat")) else {
            continue; // the thread ended meanwhile
        };
        runnable += usize::from(task_state(&stat) == Some('R'));
    }
    Some(runnable)
}

/// The state letter of a `/proc/*/stat` line: the first field after the command name,
/// which is in parentheses and may itself hold spaces and parentheses.
fn task_state(stat: &str) -> Option<char> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().next()?.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_take_the_cores_others_leave() {
        assert_eq!(threads_beside(2, 2, 0), 2);
        assert_eq!(threads_beside(2, 2, 1), 1);
        assert_eq!(threads_beside(2, 2, 3), 1, "never fewer than one");
        // A container's two cores on a large host: the host's other tasks use other cores.
        assert_eq!(threads_beside(2, 64, 40), 2);
        assert_eq!(threads_beside(8, 16, 12), 4);
    }

    #[test]
    fn proc_fields_are_read() {
        assert_eq!(parse_runnable("0.61 1.71 1.88 3/412 22662\n"), Some(3));
        assert_eq!(parse_runnable("0.61 1.71"), None);
        assert_eq!(task_state("42 (tokio (rt) x) S 1 42"), Some('S'));
        assert_eq!(task_state("42 (newslens) R 1 42"), Some('R'));
        assert_eq!(task_state("garbled"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_machine_is_read() {
        let (online, _) = busy_cores().expect("/proc is readable on Linux");
        assert!(online >= 1);
        assert!(
            own_runnable_tasks().expect("own tasks") >= 1,
            "the reading thread runs"
        );
    }
}
