//! Copying fixture projects into temp dirs (shared by the integration tests
//! that build, check or commit a copy of a project).

use std::path::Path;

/// Copies the directory `from` into `to`, recursively, leaving out any
/// `out/` build directory.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (p, name) = (e.path(), e.file_name());
        if name == "out" && p.is_dir() {
            continue;
        }
        if p.is_dir() {
            copy_dir(&p, &to.join(&name));
        } else {
            std::fs::copy(&p, to.join(&name)).unwrap();
        }
    }
}
