//! Advice to the system about the program's largest buffers.
//!
//! Why: on the benchmark machine (a virtual machine) each 4 KiB page of
//! fresh memory costs a page fault of about 2.4 µs the first time it is
//! written, about 0.6 ms a megabyte. A build after a note edit on a large
//! site decodes a million kept incidents into 32 MB of new memory: some
//! 8,000 faults, 10–14 ms of its reading. Backed by huge pages (2 MiB),
//! the same buffer takes 16 faults. Linux gives huge pages to memory that
//! asks for them when its setting is `madvise` (the default of many
//! distributions); with `always` it gives them anyway, with `never` the
//! advice does nothing. Only buffers written whole at once are advised:
//! asking it for all the program's memory (mimalloc's large pages) made
//! a full build slower and larger, as huge pages are zeroed whole and
//! split again when part of them is given back.

/// The size of a huge page on the systems advised.
const HUGE: usize = 2 << 20;

/// Asks the system to back the whole huge pages inside `memory` with huge
/// pages (none on other systems than Linux). Advice only: what `memory`
/// holds, and where, stays as it is.
pub fn huge_pages<T>(memory: &mut [std::mem::MaybeUninit<T>]) {
    let Some((_from, _len)) = whole_pages(memory.as_mut_ptr() as usize, size_of_val(memory)) else {
        return;
    };
    #[cfg(target_os = "linux")]
    // SAFETY: advice on whole pages inside `memory`, which this borrow
    // holds alone: MADV_HUGEPAGE changes how they are backed, never what
    // they hold; a failure (an older kernel) changes nothing.
    unsafe {
        libc::madvise(_from as *mut libc::c_void, _len, libc::MADV_HUGEPAGE);
    }
}

/// The whole huge pages inside the `len` bytes at `start`: the first one's
/// address and their length together; none when no whole one fits.
fn whole_pages(start: usize, len: usize) -> Option<(usize, usize)> {
    let end = start.checked_add(len)?;
    let from = start.checked_next_multiple_of(HUGE)?;
    let to = end / HUGE * HUGE;
    (from < to).then(|| (from, to - from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_huge_pages_inside_are_advised() {
        // Aligned at both ends: all of it.
        assert_eq!(whole_pages(4 * HUGE, 3 * HUGE), Some((4 * HUGE, 3 * HUGE)));
        // Unaligned start and end: the pages between.
        assert_eq!(
            whole_pages(4 * HUGE + 1, 3 * HUGE),
            Some((5 * HUGE, 2 * HUGE))
        );
        assert_eq!(
            whole_pages(4 * HUGE - 1, 2 * HUGE + 2),
            Some((4 * HUGE, 2 * HUGE))
        );
        // Less than a whole page, or none in it: nothing.
        assert_eq!(whole_pages(4 * HUGE + 1, 2 * HUGE - 2), None);
        assert_eq!(whole_pages(4 * HUGE, HUGE - 1), None);
        assert_eq!(whole_pages(4 * HUGE, 0), None);
        // At the top of the address space: no overflow.
        assert_eq!(whole_pages(usize::MAX - 10, 5), None);
        assert_eq!(whole_pages(usize::MAX - 10, 20), None);
    }

    #[test]
    fn advised_memory_holds_what_is_written() {
        let mut v: Vec<u64> = Vec::with_capacity(3 * HUGE / 8);
        huge_pages(v.spare_capacity_mut());
        v.extend(0..(3 * HUGE / 8) as u64);
        assert!(v.iter().enumerate().all(|(i, x)| *x == i as u64));
        // And on an empty one, nothing to advise.
        huge_pages(Vec::<u64>::new().spare_capacity_mut());
    }
}
