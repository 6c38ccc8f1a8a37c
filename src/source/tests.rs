use super::*;

/// The map of every row's fingerprint that `warn_duplicates` replaced.
fn warn_duplicates_by_map(files: &[PathBuf], sources: &[Option<usize>], results: &mut [FileRows]) {
    type Key = (Option<usize>, Option<usize>, u64);
    let mut first: HashMap<Key, (usize, u32)> = HashMap::new();
    for (fi, r) in results.iter_mut().enumerate() {
        let group = (sources[fi], sources[fi].is_none().then_some(fi));
        let mut warned = 0;
        for &(hash, line) in &r.fingerprints {
            let Some(&(of, ol)) = first.get(&(group.0, group.1, hash)) else {
                first.insert((group.0, group.1, hash), (fi, line));
                continue;
            };
            warned += 1;
            let at = if of == fi {
                format!("line {ol}")
            } else {
                format!("{}:{ol}", crate::diagnostics::shown_path(&files[of]))
            };
            let d = Diagnostic::warning(
                &files[fi],
                line as usize,
                crate::msg!("row_repeated", at = at),
            );
            if warned <= MAX_DUPLICATE_WARNINGS {
                r.diags.push(d);
            } else {
                r.diags.push_hidden(d);
            }
        }
        if warned > MAX_DUPLICATE_WARNINGS {
            r.diags.push_summary(Diagnostic::warning(
                &files[fi],
                0,
                crate::msg!("more_repeated_rows", more = warned - MAX_DUPLICATE_WARNINGS),
            ));
        }
    }
}

#[test]
fn repeated_rows_are_found_as_the_map_of_every_row_found_them() {
    let files: Vec<PathBuf> = (0..6).map(|i| PathBuf::from(format!("f{i}.csv"))).collect();
    // Two sources over four files, two files of no source.
    let sources = [Some(0), Some(1), Some(0), None, None, Some(1)];
    let mut seed = 7u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut a: Vec<FileRows> = Vec::new();
    let mut b: Vec<FileRows> = Vec::new();
    for (fi, _) in files.iter().enumerate() {
        // Few distinct rows, so many repeat within and across files;
        // file 4 has more than the shown number of repeats.
        let (rows, distinct) = if fi == 4 { (60, 5) } else { (40, 30) };
        let fingerprints: Vec<(u64, u32)> = (0..rows)
            .map(|k| (next() % distinct, k as u32 + 2))
            .collect();
        for out in [&mut a, &mut b] {
            out.push(FileRows {
                fingerprints: fingerprints.clone(),
                ..FileRows::default()
            });
        }
    }
    warn_duplicates(&files, &sources, &mut a);
    warn_duplicates_by_map(&files, &sources, &mut b);
    let shown =
        |r: &[FileRows]| -> Vec<String> { r.iter().map(|f| format!("{:?}", f.diags)).collect() };
    assert_eq!(shown(&a), shown(&b));
    let warnings: usize = a.iter().map(|f| f.diags.warnings().count()).sum();
    assert!(warnings > 100, "{warnings}");
    assert!(a[4].diags.warnings().count() > MAX_DUPLICATE_WARNINGS);
    assert!(a.iter().all(|f| f.fingerprints.is_empty()));
}
