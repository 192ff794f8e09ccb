use std::io::Write;

use super::*;

const EXAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eforms/examples/notices"
);

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "clusterhub-watch-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn examples() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(EXAMPLES)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn tar_header(size: usize) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_size(size as u64);
    h.set_mode(0o644);
    h.set_cksum();
    h
}

/// A daily package as TED publishes them: a folder of XML notices in a .tar.gz, plus a few
/// members that are not notices.
fn build_tar_gz(path: &Path) {
    let gz =
        flate2::write::GzEncoder::new(File::create(path).unwrap(), flate2::Compression::fast());
    let mut b = tar::Builder::new(gz);
    let mut dir = tar::Header::new_gnu();
    dir.set_entry_type(tar::EntryType::Directory);
    dir.set_size(0);
    dir.set_mode(0o755);
    dir.set_cksum();
    b.append_data(&mut dir, "20240102_001/", std::io::empty())
        .unwrap();
    let readme = b"Daily package\n";
    b.append_data(
        &mut tar_header(readme.len()),
        "20240102_001/README.txt",
        &readme[..],
    )
    .unwrap();
    for (name, bytes) in examples() {
        b.append_data(
            &mut tar_header(bytes.len()),
            format!("20240102_001/{name}"),
            bytes.as_slice(),
        )
        .unwrap();
    }
    let not_xml = b"%PDF-1.4 not a notice";
    b.append_data(
        &mut tar_header(not_xml.len()),
        "20240102_001/broken.XML",
        &not_xml[..],
    )
    .unwrap();
    let mut link = tar::Header::new_gnu();
    link.set_entry_type(tar::EntryType::Symlink);
    link.set_size(0);
    link.set_cksum();
    b.append_link(&mut link, "20240102_001/link.xml", "/etc/passwd")
        .unwrap();
    b.into_inner().unwrap().finish().unwrap();
}

fn check_examples(import: &Import, prefix: &str) {
    // 80 valid examples, the 12 INVALID_ ones and broken.XML refused.
    assert_eq!(import.notices.len(), 93);
    assert_eq!(import.ok().count(), 80);
    let failed: Vec<&str> = import.failed().map(|(n, _)| n).collect();
    assert_eq!(failed.len(), 13);
    for n in &failed {
        let n = n.strip_prefix(prefix).unwrap();
        assert!(n.starts_with("INVALID_") || n == "broken.XML", "{n}");
    }
    let broken = import
        .failed()
        .find(|(n, _)| n.ends_with("broken.XML"))
        .unwrap()
        .1;
    assert_eq!(
        broken.to_string(),
        "not XML: text outside the root element at line 1"
    );
    let (_, n) = import
        .ok()
        .find(|(n, _)| *n == format!("{prefix}cn_24_maximal.xml"))
        .unwrap();
    assert_eq!(n.id, "14549263-b47b-4e59-96a1-2d0d13e19343");
}

#[test]
fn tar_gz_daily_package() {
    let tmp = TempDir::new("targz");
    let path = tmp.0.join("20240102_001.tar.gz");
    build_tar_gz(&path);
    let import = read_archive(&path).unwrap();
    check_examples(&import, "20240102_001/");
    assert_eq!(import.broken, None);
    assert_eq!(
        import.skipped,
        vec![
            (
                "20240102_001/README.txt".to_string(),
                "not an XML file".to_string()
            ),
            (
                "20240102_001/link.xml".to_string(),
                "not a regular file".to_string()
            ),
        ]
    );
    // Streaming form: same names in the same order.
    let mut names = Vec::new();
    for_each_in_archive(&path, |n, _| names.push(n), |_, _| {}).unwrap();
    assert_eq!(
        names,
        import
            .notices
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(read_path(&path).unwrap().notices.len(), 93);
}

#[test]
fn truncated_package_keeps_what_was_read() {
    let tmp = TempDir::new("broken");
    let path = tmp.0.join("full.tar.gz");
    build_tar_gz(&path);
    let bytes = std::fs::read(&path).unwrap();
    let cut = tmp.0.join("cut.tar.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let import = read_archive(&cut).unwrap();
    let read = import.notices.len();
    assert!(read > 10 && read < 93, "{read}");
    let broken = import.broken.unwrap();
    assert!(broken.contains("cut.tar.gz"), "{broken}");
}

#[test]
fn zip_package() {
    let tmp = TempDir::new("zip");
    let path = tmp.0.join("notices.zip");
    let mut w = zip::ZipWriter::new(File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.add_directory("pkg/", opts).unwrap();
    for (name, bytes) in examples() {
        w.start_file(format!("pkg/{name}"), opts).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.start_file("pkg/broken.XML", opts).unwrap();
    w.write_all(b"%PDF-1.4 not a notice").unwrap();
    w.start_file("pkg/notes.csv", opts).unwrap();
    w.write_all(b"a,b\n").unwrap();
    w.finish().unwrap();
    let import = read_archive(&path).unwrap();
    check_examples(&import, "pkg/");
    assert_eq!(
        import.skipped,
        vec![("pkg/notes.csv".to_string(), "not an XML file".to_string())]
    );
}

#[test]
fn folder() {
    let tmp = TempDir::new("dir");
    let sub = tmp.0.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let ex = examples();
    for (i, (name, bytes)) in ex.iter().enumerate() {
        let dir = if i % 2 == 0 { &tmp.0 } else { &sub };
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::write(tmp.0.join("broken.XML"), b"%PDF-1.4 not a notice").unwrap();
    std::fs::write(tmp.0.join("notes.txt"), b"hello").unwrap();
    let import = read_dir(&tmp.0).unwrap();
    assert_eq!(import.notices.len(), 93);
    assert_eq!(import.ok().count(), 80);
    assert_eq!(import.failed().count(), 13);
    let i = ex
        .iter()
        .position(|(n, _)| n == "can_24_maximal.xml")
        .unwrap();
    let expected = if i % 2 == 0 {
        "can_24_maximal.xml"
    } else {
        "sub/can_24_maximal.xml"
    };
    assert!(import.ok().any(|(n, _)| n == expected));
    assert_eq!(
        import.skipped,
        vec![("notes.txt".to_string(), "not an XML file".to_string())]
    );
    // Names are sorted, files before the sub-folder's in byte order of names.
    let names: Vec<&str> = import.notices.iter().map(|(n, _)| n.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(read_path(&tmp.0).unwrap().notices.len(), 93);
}

#[test]
fn not_an_archive() {
    let tmp = TempDir::new("none");
    let path = tmp.0.join("x.tar.gz");
    std::fs::write(&path, b"just text").unwrap();
    let e = read_archive(&path).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("is not a .tar.gz, .tar or .zip archive"),
        "{e}"
    );
    let e = read_archive(tmp.0.join("missing.zip")).unwrap_err();
    assert!(e.to_string().starts_with("cannot read "), "{e}");
    assert!(read_dir(tmp.0.join("missing")).is_err());
}

#[test]
fn oversized_member_is_reported_not_read() {
    let tmp = TempDir::new("big");
    let path = tmp.0.join("big.tar");
    let mut b = tar::Builder::new(File::create(&path).unwrap());
    // A sparse-looking member: 60 MB of spaces, streamed.
    let size = 60 * 1024 * 1024;
    b.append_data(
        &mut tar_header(size),
        "big.xml",
        std::io::repeat(b' ').take(size as u64),
    )
    .unwrap();
    let ok = std::fs::read(format!("{EXAMPLES}/cn_24_minimal.xml")).unwrap();
    b.append_data(&mut tar_header(ok.len()), "ok.xml", ok.as_slice())
        .unwrap();
    b.finish().unwrap();
    drop(b);
    let import = read_archive(&path).unwrap();
    assert_eq!(import.notices.len(), 2);
    assert!(matches!(
        import.notices[0].1,
        Err(NoticeError::TooLarge { .. })
    ));
    assert!(import.notices[1].1.is_ok());
}
