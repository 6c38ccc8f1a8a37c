//! The program's memory allocator: mimalloc, with two of its options set
//! before its first allocation (the allocator is the program's, not the
//! library's: a program using the library chooses its own).
//!
//! A build allocates and frees millions of small strings and maps (views,
//! the template engine's values, search words) on both processors; glibc's
//! malloc and free took about a fifth of its processor time. With mimalloc
//! a full build takes 9–15 % less wall time (BENCHMARKS.md, "mimalloc as
//! the program's allocator"). Untuned it holds freed memory longer: the
//! large tier peaked at 291–311 MB against glibc's 240–246 MB (target
//! 250 MB). Two options together bring it to 223–232 MB:
//!
//! - arenas are not committed eagerly (`arena_eager_commit` 0): memory is
//!   committed as it is used;
//! - freed memory is given back after 5 ms instead of mimalloc 3's 1 s
//!   (`purge_delay`).
//!
//! mimalloc reads its options from the environment (`MIMALLOC_…`) when the
//! process starts; an option set in `main` comes too late, after the Rust
//! runtime's first allocation has reserved mimalloc's first arena. So
//! [`Tuned`] sets them on the first allocation it is asked for, before
//! mimalloc's own. These two then win over the environment's
//! `MIMALLOC_ARENA_EAGER_COMMIT` and `MIMALLOC_PURGE_DELAY` (reading the
//! environment there would allocate, inside the allocator); mimalloc's
//! other options are read from it as usual.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::Once;

use libmimalloc_sys::{mi_option_set, mi_option_t};
use mimalloc::MiMalloc;

/// Positions in mimalloc 3's `mi_option_e` (`include/mimalloc.h`; the
/// Rust bindings name only some): `libmimalloc-sys` is pinned to the
/// version whose header was read.
const ARENA_EAGER_COMMIT: mi_option_t = 4;
const PURGE_DELAY: mi_option_t = 15;

/// mimalloc, its options set before its first allocation.
pub struct Tuned;

static TUNE: Once = Once::new();

fn tune() {
    // SAFETY: mi_option_set only stores a setting; it allocates nothing.
    TUNE.call_once(|| unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 5);
    });
}

// SAFETY: every call is MiMalloc's; `tune` only sets options first.
unsafe impl GlobalAlloc for Tuned {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        tune();
        unsafe { MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        tune();
        unsafe { MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::{CStr, c_char, c_void};
    use std::sync::Mutex;

    unsafe extern "C" {
        /// mimalloc's list of its options by name (`mimalloc.h`; not in
        /// the Rust bindings).
        fn mi_options_print_out(out: libmimalloc_sys::mi_output_fun, arg: *mut c_void);
    }

    static PRINTED: Mutex<String> = Mutex::new(String::new());

    unsafe extern "C" fn collect(msg: *const c_char, _: *mut c_void) {
        let msg = unsafe { CStr::from_ptr(msg) }.to_string_lossy();
        PRINTED.lock().unwrap().push_str(&msg);
    }

    /// The options are set by name, as mimalloc lists them (this test
    /// binary allocates through [`super::Tuned`] too): the positions
    /// written above are the options meant.
    #[test]
    fn the_allocator_is_tuned_by_name() {
        let _ = vec![1u8; 64];
        unsafe { mi_options_print_out(Some(collect), std::ptr::null_mut()) };
        let printed = PRINTED.lock().unwrap().clone();
        assert!(
            printed.contains("option 'arena_eager_commit': 0 \n"),
            "{printed}"
        );
        assert!(printed.contains("option 'purge_delay': 5 \n"), "{printed}");
    }
}
