//! Lists the files under `content/` so the library can embed them with `include_bytes!`
//! (no runtime file access) and rebuilds when any of them changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let content = manifest_dir.join("content");
    println!("cargo:rerun-if-changed=content");

    let mut files = Vec::new();
    collect(&content, &content, &mut files)?;
    files.sort();

    let mut code = String::from("&[\n");
    for relative in &files {
        let absolute = content.join(relative);
        // Debug formatting quotes and escapes the paths for Rust source.
        writeln!(
            code,
            "    ({:?}, include_bytes!({:?}) as &[u8]),",
            relative,
            absolute.display().to_string()
        )
        .map_err(io::Error::other)?;
    }
    code.push_str("]\n");

    let out = PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?);
    fs::write(out.join("content_files.rs"), code)
}

/// Relative paths (with `/`) of every `.toml` file below `dir`.
fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let relative = path
                .strip_prefix(root)
                .map_err(io::Error::other)?
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push(relative);
        }
    }
    Ok(())
}
