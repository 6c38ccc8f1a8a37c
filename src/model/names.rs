//! Page names: the folder name a place, an area, a note or a free page
//! gets in the output (`places/NAME/index.html`).
//!
//! A name is the id folded to `a-z`, `0-9` and `-` (Swedish letters
//! without their marks). An id with nothing left after folding (`Ωμέγα`,
//! `中心`) gets `x-` and a hash of its text; a name longer than
//! [`MAX_NAME`] bytes is cut and gets the hash too. The hash is FNV-1a of
//! the id's bytes, so a name never changes between builds or machines.
//! Two ids with one page name are an error of the source stage, which
//! knows the files they come from.

/// The longest page name (bytes), well below the 255 of a file system.
pub const MAX_NAME: usize = 100;

/// Lowercase a-z0-9 and '-' (Swedish letters folded), for ids and anchors.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The page name of an id (a place's id, an area's name).
pub fn page_name(id: &str) -> String {
    settle(slug(id), id)
}

/// `name` (already folded from `original`) made usable: hashed when
/// nothing readable is left, cut with a hash when too long.
pub fn settle(name: String, original: &str) -> String {
    if !name.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return format!("x-{:08x}", fnv1a(original));
    }
    if name.len() <= MAX_NAME {
        return name;
    }
    // Only ASCII is left, so any byte index is a character boundary.
    let cut = name[..MAX_NAME - 9].trim_end_matches('-');
    format!("{cut}-{:08x}", fnv1a(original))
}

/// 32-bit FNV-1a: small, stable and the same on every machine.
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_ids_keep_their_names() {
        assert_eq!(page_name("Stora Torget"), "stora-torget");
        assert_eq!(page_name("Åsen"), "asen");
        assert_eq!(page_name("centrum"), page_name("Centrum"));
    }

    #[test]
    fn unreadable_ids_get_a_stable_hash() {
        let a = page_name("Ωμέγα");
        assert_eq!(a, page_name("Ωμέγα"));
        assert!(a.starts_with("x-") && a.len() == 10, "{a}");
        assert_ne!(a, page_name("中心"));
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c, "the published FNV-1a test vector");
    }

    #[test]
    fn long_ids_are_cut_with_a_hash() {
        let long = "gatan ".repeat(40);
        let a = page_name(&long);
        assert_eq!(a.len(), MAX_NAME, "{a}");
        assert!(a.starts_with("gatan-gatan"));
        assert_ne!(a, page_name(&format!("{long}x")));
        assert_eq!(a, page_name(&long));
    }
}
