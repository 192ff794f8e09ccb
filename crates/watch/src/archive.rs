//! Importing notices in bulk: a folder of XML files, or a daily package (TED publishes them as
//! `.tar.gz` of XML files; `.tar` and `.zip` are read too). Every XML file is parsed and reported
//! on its own, so one bad notice never stops the import; other files are skipped, with a report.
//!
//! Nothing is extracted to disk: members are read into memory one at a time, at most
//! [`MAX_MEMBER`] bytes each (a larger member is reported as too large, which also defuses
//! compression bombs).

#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use crate::eforms::{self, NoticeError};
use crate::notice::Notice;

/// Largest member read: the eForms parser refuses anything larger anyway.
pub const MAX_MEMBER: u64 = eforms::xml::MAX_DOC as u64;

/// One file of a folder or member of an archive, by name (relative to the folder, or its path
/// in the archive), and what became of it.
pub type Outcome = (String, Result<Notice, NoticeError>);

/// What an import found.
#[derive(Debug, Default)]
pub struct Import {
    /// Every XML file, in the order read (folders: sorted by name), with its notice or the reason
    /// it was refused.
    pub notices: Vec<Outcome>,
    /// Files that are not XML notices (by name: not `*.xml`), links, special files: name and why.
    pub skipped: Vec<(String, String)>,
    /// Set when the archive broke off part-way (corrupt or truncated): what was read before is
    /// kept above.
    pub broken: Option<String>,
}

impl Import {
    /// The notices that parsed.
    pub fn ok(&self) -> impl Iterator<Item = (&str, &Notice)> {
        self.notices
            .iter()
            .filter_map(|(n, r)| r.as_ref().ok().map(|x| (n.as_str(), x)))
    }

    /// The XML files refused, with the reason.
    pub fn failed(&self) -> impl Iterator<Item = (&str, &NoticeError)> {
        self.notices
            .iter()
            .filter_map(|(n, r)| r.as_ref().err().map(|e| (n.as_str(), e)))
    }
}

/// Why a folder or archive could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a .tar.gz, .tar or .zip archive")]
    UnknownFormat { path: PathBuf },
    #[error("{path}: {reason}")]
    Corrupt { path: PathBuf, reason: String },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn is_xml_name(name: &str) -> bool {
    name.rsplit('.')
        .next()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("xml"))
        && name.contains('.')
}

/// Reads up to [`MAX_MEMBER`] bytes and parses them.
fn parse_reader(r: impl Read, size_hint: u64) -> Result<Result<Notice, NoticeError>, String> {
    if size_hint > MAX_MEMBER {
        return Ok(Err(NoticeError::TooLarge {
            size: usize::try_from(size_hint).unwrap_or(usize::MAX),
            limit: eforms::xml::MAX_DOC,
        }));
    }
    let mut buf = Vec::with_capacity(usize::try_from(size_hint.min(MAX_MEMBER)).unwrap_or(0));
    r.take(MAX_MEMBER + 1)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    Ok(eforms::parse(&buf))
}

/// Parses every `*.xml` file under `dir` (sub-folders included, names sorted), calling `f`
/// with each name (relative to `dir`, `/`-separated) and result; other files go to `skip`.
pub fn for_each_in_dir(
    dir: &Path,
    mut f: impl FnMut(String, Result<Notice, NoticeError>),
    mut skip: impl FnMut(String, String),
) -> Result<(), ArchiveError> {
    fn walk(
        root: &Path,
        dir: &Path,
        f: &mut dyn FnMut(String, Result<Notice, NoticeError>),
        skip: &mut dyn FnMut(String, String),
        depth: usize,
    ) -> Result<(), ArchiveError> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(io_err(dir))?
            .collect::<Result<_, _>>()
            .map_err(io_err(dir))?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let ft = e.file_type().map_err(io_err(&path))?;
            if ft.is_dir() {
                if depth >= 16 {
                    skip(name, "folder nested too deep".into());
                } else {
                    walk(root, &path, f, skip, depth + 1)?;
                }
            } else if ft.is_symlink() {
                skip(name, "symbolic link, not followed".into());
            } else if !ft.is_file() {
                skip(name, "not a regular file".into());
            } else if !is_xml_name(&name) {
                skip(name, "not an XML file".into());
            } else {
                let len = e.metadata().map_err(io_err(&path))?.len();
                let file = File::open(&path).map_err(io_err(&path))?;
                match parse_reader(file, len) {
                    Ok(r) => f(name, r),
                    Err(reason) => skip(name, format!("unreadable: {reason}")),
                }
            }
        }
        Ok(())
    }
    walk(dir, dir, &mut f, &mut skip, 0)
}

/// Every `*.xml` file of a folder, parsed. See [`for_each_in_dir`].
pub fn read_dir(dir: impl AsRef<Path>) -> Result<Import, ArchiveError> {
    let mut import = Import::default();
    let mut skipped = Vec::new();
    for_each_in_dir(
        dir.as_ref(),
        |n, r| import.notices.push((n, r)),
        |n, why| skipped.push((n, why)),
    )?;
    import.skipped = skipped;
    Ok(import)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    TarGz,
    Tar,
    Zip,
}

fn sniff(file: &mut File, path: &Path) -> Result<Format, ArchiveError> {
    let mut head = [0u8; 512];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]).map_err(io_err(path))? {
            0 => break,
            k => n += k,
        }
    }
    file.rewind().map_err(io_err(path))?;
    let head = &head[..n];
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Format::TarGz)
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Ok(Format::Zip)
    } else if head.len() >= 262 && &head[257..262] == b"ustar" {
        Ok(Format::Tar)
    } else {
        Err(ArchiveError::UnknownFormat {
            path: path.to_path_buf(),
        })
    }
}

/// Parses every `*.xml` member of a `.tar.gz`, `.tar` or `.zip` archive (recognised by content,
/// not name), calling `f` with each member's path and result, `skip` for other members. A
/// corrupt archive stops the walk with `Err` after the members read so far were reported.
pub fn for_each_in_archive(
    path: &Path,
    mut f: impl FnMut(String, Result<Notice, NoticeError>),
    mut skip: impl FnMut(String, String),
) -> Result<(), ArchiveError> {
    let mut file = File::open(path).map_err(io_err(path))?;
    let corrupt = |reason: String| ArchiveError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    match sniff(&mut file, path)? {
        Format::TarGz => read_tar(
            flate2::read::GzDecoder::new(BufReader::new(file)),
            &mut f,
            &mut skip,
        )
        .map_err(corrupt),
        Format::Tar => read_tar(BufReader::new(file), &mut f, &mut skip).map_err(corrupt),
        Format::Zip => read_zip(BufReader::new(file), &mut f, &mut skip).map_err(corrupt),
    }
}

fn read_tar(
    r: impl Read,
    f: &mut dyn FnMut(String, Result<Notice, NoticeError>),
    skip: &mut dyn FnMut(String, String),
) -> Result<(), String> {
    let mut archive = tar::Archive::new(r);
    let entries = archive.entries().map_err(|e| e.to_string())?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read the next member: {e}"))?;
        let name = match entry.path() {
            Ok(p) => p.to_string_lossy().into_owned(),
            Err(_) => String::from_utf8_lossy(&entry.path_bytes()).into_owned(),
        };
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        if !kind.is_file() {
            skip(name, "not a regular file".into());
            continue;
        }
        if !is_xml_name(&name) {
            skip(name, "not an XML file".into());
            continue;
        }
        let size = entry.size();
        let r = parse_reader(entry, size).map_err(|e| format!("cannot read {name}: {e}"))?;
        f(name, r);
    }
    Ok(())
}

fn read_zip(
    r: impl Read + Seek,
    f: &mut dyn FnMut(String, Result<Notice, NoticeError>),
    skip: &mut dyn FnMut(String, String),
) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(r).map_err(|e| e.to_string())?;
    for i in 0..archive.len() {
        let name = match archive.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => format!("member #{}", i + 1),
        };
        let member = match archive.by_index(i) {
            Ok(m) => m,
            Err(e) => {
                skip(name, format!("unreadable: {e}"));
                continue;
            }
        };
        if member.is_dir() {
            continue;
        }
        if !member.is_file() {
            skip(name, "not a regular file".into());
            continue;
        }
        if !is_xml_name(&name) {
            skip(name, "not an XML file".into());
            continue;
        }
        let size = member.size();
        match parse_reader(member, size) {
            Ok(r) => f(name, r),
            Err(e) => skip(name, format!("unreadable: {e}")),
        }
    }
    Ok(())
}

/// Every `*.xml` member of an archive, parsed. When the archive breaks off part-way, what was
/// read is returned with [`Import::broken`] set; `Err` only when nothing could be read.
pub fn read_archive(path: impl AsRef<Path>) -> Result<Import, ArchiveError> {
    let path = path.as_ref();
    let mut notices = Vec::new();
    let mut skipped = Vec::new();
    let r = for_each_in_archive(
        path,
        |n, r| notices.push((n, r)),
        |n, why| skipped.push((n, why)),
    );
    let broken = match r {
        Ok(()) => None,
        Err(e @ ArchiveError::Corrupt { .. }) if !notices.is_empty() || !skipped.is_empty() => {
            Some(e.to_string())
        }
        Err(e) => return Err(e),
    };
    Ok(Import {
        notices,
        skipped,
        broken,
    })
}

/// A folder or an archive, whichever `path` is.
pub fn read_path(path: impl AsRef<Path>) -> Result<Import, ArchiveError> {
    let path = path.as_ref();
    if path.is_dir() {
        read_dir(path)
    } else {
        read_archive(path)
    }
}
