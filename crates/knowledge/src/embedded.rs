//! The shipped content, compiled in by `build.rs` so the binary needs no files at run time.

use crate::load::ContentFile;

static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/content_files.rs"));

/// Every shipped content file, as `(path relative to content/, bytes)`. A hub can start from
/// these, replace some, and pass the result to [`crate::KnowledgeBase::from_files`].
pub fn files() -> impl Iterator<Item = ContentFile<'static>> {
    FILES
        .iter()
        .map(|(path, bytes)| ContentFile { path, bytes })
}
