//! A global allocator that counts the allocations made on the threads that
//! opted in (the client's runtime), so the sink server's own allocations,
//! on its own threads, stay out of the figure.

use std::alloc::{GlobalAlloc, Layout, System};
use std::backtrace::Backtrace;
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};

/// [`System`], counting allocations and allocated bytes on counted threads.
pub(crate) struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTED: Cell<bool> = const { Cell::new(false) };
    /// Backtraces of this thread's allocations while [`trace`] runs.
    static SITES: RefCell<Option<Vec<Backtrace>>> = const { RefCell::new(None) };
    /// Set while a backtrace is captured (which allocates itself).
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
}

/// Starts recording a backtrace per allocation on this thread.
pub(crate) fn trace_start() {
    SITES.with(|s| *s.borrow_mut() = Some(Vec::new()));
}

/// Stops recording and returns the backtraces recorded.
pub(crate) fn trace_stop() -> Vec<Backtrace> {
    SITES.with(|s| s.borrow_mut().take()).unwrap_or_default()
}

fn capture() {
    if CAPTURING.try_with(Cell::get).unwrap_or(true) {
        return;
    }
    CAPTURING.with(|c| c.set(true));
    let _ = SITES.try_with(|s| {
        if let Ok(mut sites) = s.try_borrow_mut()
            && let Some(sites) = sites.as_mut()
        {
            sites.push(Backtrace::force_capture());
        }
    });
    CAPTURING.with(|c| c.set(false));
}

/// Counts the allocations made on this thread from now on.
pub(crate) fn count_this_thread() {
    COUNTED.with(|c| c.set(true));
}

/// Allocations and bytes counted so far (a reallocation counts as one).
pub(crate) fn totals() -> (u64, u64) {
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    )
}

fn record(size: usize) {
    // `try_with`: a thread being torn down has no thread-locals left.
    if COUNTED.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
        capture();
    }
}

// SAFETY: every call is forwarded unchanged to `System`; counting touches
// only atomics and const-initialised thread-locals; capturing a backtrace
// (call-site mode only) allocates, and is guarded against re-entry.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}
