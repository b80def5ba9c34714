//! Result files: each exporter turns results into bytes; [`OutputDir`] writes them safely.

pub mod csv;
pub mod eventlog;
pub mod graph;
pub mod manifest;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::ExportError;

pub use crate::replication::VariantResult;

/// `s` as one word of a shell command line: as it is when it has nothing a shell reads,
/// else in single quotes (`'sp ace/结果'`, `'it'\''s'`).
///
/// ```
/// use expansim::export::shell_word;
/// assert_eq!(shell_word("pools.reviewer=3"), "pools.reviewer=3");
/// assert_eq!(shell_word("电力 结果/int"), "'电力 结果/int'");
/// assert_eq!(shell_word("it's"), r"'it'\''s'");
/// ```
pub fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Text for HTML and XML: the special characters escaped.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The files expansim writes into a results folder; `--force` replaces a folder with a
/// `run.json` of expansim's that holds only these, never a folder with anything else in it.
pub const RESULT_FILES: &[&str] = &[
    "run.json",
    "summary.csv",
    "replications.csv",
    "comparison.csv",
    "sweep.csv",
    "optimize.csv",
    "optimize.json",
    "sensitivity.csv",
    "report.html",
    "event_log.csv",
    "event_log.xes",
    "cases.csv",
];

/// How much later than its `run.json` a result file may have been written and still be
/// the run's own (a folder copied file by file).
const COPY_SLACK: std::time::Duration = std::time::Duration::from_secs(2);

/// Where an interrupted run's results go ([`OutputDir::incomplete_target`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Incomplete {
    /// The folder they are written into.
    pub dir: PathBuf,
    /// The complete result they will replace once continued to the end, when that is
    /// another folder.
    pub replaces: Option<PathBuf>,
    /// The files that came into the folder the run was for, when those sent the results
    /// elsewhere.
    pub foreign: Vec<String>,
}

/// A results folder written as one unit: the files go into a hidden sibling folder, and
/// [`OutputDir::commit`] swaps it in place of the old folder at the end. Until then the
/// previous result (if any) stays as it was; dropped without commit (an error, a panic),
/// the sibling is removed, and one left by a killed process is removed by the next run.
#[derive(Debug)]
pub struct OutputDir {
    /// The folder the results end up in.
    path: PathBuf,
    /// Where they are written until the commit (`None`: straight into `path`).
    staging: Option<PathBuf>,
    /// The folder of the interrupted run being continued, when it is not `path`.
    supersedes: Option<PathBuf>,
    bom: bool,
    /// Whether an earlier result in the folder may be replaced (`--force`).
    force: bool,
    /// Whether the results are staged inside `path` and moved into it, not put in its
    /// place: a folder that is a mount point (a container's volume) cannot be replaced.
    in_place: bool,
}

impl OutputDir {
    /// Checks that `path` can take a new result (absent, empty, or with `force` a folder of
    /// earlier expansim results) and that its parent folder is writable, by creating the
    /// hidden folder the results are written into. A link to a folder is followed: the
    /// results replace the folder it names.
    pub fn prepare(path: &Path, force: bool) -> Result<OutputDir, ExportError> {
        let io = |file: &Path, error| ExportError::Io {
            file: file.display().to_string(),
            error,
        };
        // A link to a folder is the user's: the results go into the folder it names, and
        // the link stays.
        let linked;
        let path = match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => {
                linked = fs::canonicalize(path).map_err(|e| io(path, e))?;
                linked.as_path()
            }
            _ => path,
        };
        restore_swapped_out(path);
        if (path.exists() && !path.is_dir()) || path.file_name().is_none() {
            return Err(ExportError::NotAFolder {
                path: path.display().to_string(),
            });
        }
        // A folder under a file (`--out notes.txt/run`) cannot be made: the file is named.
        if let Some(file) = path.ancestors().skip(1).find(|a| a.is_file()) {
            return Err(ExportError::UnderAFile {
                path: path.display().to_string(),
                file: file.display().to_string(),
            });
        }
        // The old files go once the new result is in place: found now if they cannot,
        // not after the work. A folder the user may not write into is not replaced either.
        if may_replace(path, force)? || path.is_dir() {
            let probe = path.join(format!(".probe-{}.partial", std::process::id()));
            fs::File::create(&probe)
                .and_then(|_| fs::remove_file(&probe))
                .map_err(|e| io(path, e))?;
        }
        let name = folder_name(path);
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Named as asked (`--out plain/x`), with the parent that failed.
        let in_parent = |e: std::io::Error| {
            io(
                path,
                std::io::Error::new(e.kind(), format!("{}: {e}", parent.display())),
            )
        };
        fs::create_dir_all(&parent).map_err(in_parent)?;
        remove_stale_staging(&parent, &name);
        let in_place = path.is_dir() && mount_point(path, &parent);
        if in_place {
            remove_stale_inside(path);
        }
        let staging = match in_place {
            true => path.join(format!(".expansim-{}.partial", std::process::id())),
            false => parent.join(format!(".{name}.partial-{}", std::process::id())),
        };
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| io(&staging, e))?;
        }
        fs::create_dir(&staging).map_err(in_parent)?;
        // Private from the start, when the folder it replaces is (as is the folder an
        // interrupted run leaves beside it, which this one becomes).
        if let Ok(m) = fs::metadata(path)
            && m.is_dir()
        {
            keep_permissions(&staging, &m);
        }
        register(&staging);
        Ok(OutputDir {
            path: path.to_path_buf(),
            staging: Some(staging),
            supersedes: None,
            bom: false,
            force,
            in_place,
        })
    }

    /// An existing folder, written into as it is (for adding a file to earlier results).
    pub fn prepare_existing(path: &Path) -> OutputDir {
        OutputDir {
            path: path.to_path_buf(),
            staging: None,
            supersedes: None,
            bom: false,
            force: false,
            in_place: false,
        }
    }

    /// Start every `.csv` file written from now on with a UTF-8 byte-order mark.
    pub fn with_bom(mut self, bom: bool) -> OutputDir {
        self.bom = bom;
        self
    }

    /// The folder the results end up in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where files are written now.
    fn dir(&self) -> &Path {
        self.staging.as_deref().unwrap_or(&self.path)
    }

    /// Starts writing `name` in the folder under a temporary name (streamed, for large files).
    pub fn create(&self, name: &str) -> Result<Pending, ExportError> {
        use std::io::Write;
        let target = self.dir().join(name);
        let tmp = self.dir().join(format!(".{name}.partial"));
        let io = |error| ExportError::Io {
            file: self.path.join(name).display().to_string(),
            error,
        };
        let mut file = std::io::BufWriter::new(fs::File::create(&tmp).map_err(io)?);
        if self.bom && name.ends_with(".csv") {
            file.write_all(BOM).map_err(io)?;
        }
        Ok(Pending {
            tmp,
            target,
            file: Some(file),
        })
    }

    /// Writes `bytes` to `name` in the folder atomically (temporary file, then rename).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, ExportError> {
        use std::io::Write;
        let mut file = self.create(name)?;
        file.write_all(bytes).map_err(|error| ExportError::Io {
            file: self.path.join(name).display().to_string(),
            error,
        })?;
        file.commit()?;
        Ok(self.path.join(name))
    }

    /// Puts the written folder in place of the old one (whose files all go, including any
    /// this run did not write again), and returns its path. With [`OutputDir::superseding`],
    /// the folder it names then goes too. A folder that can no longer be replaced (files
    /// came into it during the run) is left as it is: the results go beside it, `NAME-2`,
    /// and the error [`ExportError::Changed`] says where.
    pub fn commit(mut self) -> Result<PathBuf, ExportError> {
        let path = self.path.clone();
        self.commit_to(&path)?;
        if let Some(old) = self.supersedes.take()
            && !same_folder(&old, &path)
        {
            remove_result_folder(&old)?;
        }
        Ok(path)
    }

    /// The folder an interrupted run continued (`--resume`), when it is not the one the
    /// results end up in: it was written beside a complete result, and a complete result
    /// replaces both; an incomplete one replaces only it.
    pub fn superseding(mut self, resumed: Option<&Path>) -> OutputDir {
        self.supersedes = resumed
            .filter(|&r| !same_folder(r, &self.path))
            .map(Path::to_path_buf);
        self
    }

    /// Where an incomplete result (an interrupted run) goes: in place of the folder when
    /// that is empty or holds an interrupted run itself. A complete result stays until a run
    /// completes: the incomplete one goes beside it, into the folder being continued or a
    /// new `NAME.interrupted` (`NAME.interrupted-2`, …), and replaces it when continued. A
    /// folder that came to hold other files during the run is left to them: the result goes
    /// to `NAME-2` (`NAME-3`, …), where it is continued and completes.
    pub fn incomplete_target(&self) -> Incomplete {
        if let Some(s) = &self.supersedes {
            return Incomplete {
                dir: s.clone(),
                replaces: Some(self.path.clone()),
                foreign: Vec::new(),
            };
        }
        let empty = !fs::read_dir(&self.path).is_ok_and(|mut d| d.next().is_some());
        let manifest = manifest::Manifest::read(&self.path.join("run.json"));
        if empty || manifest.as_ref().is_ok_and(|m| !m.complete) {
            return Incomplete {
                dir: self.path.clone(),
                replaces: None,
                foreign: Vec::new(),
            };
        }
        match may_replace(&self.path, true) {
            Err(ExportError::Foreign { files, .. }) => Incomplete {
                dir: free_sibling(&self.path),
                replaces: None,
                foreign: files,
            },
            _ => Incomplete {
                dir: aside_names(&self.path)
                    .find(|p| !p.exists())
                    .unwrap_or_else(|| self.path.clone()),
                replaces: Some(self.path.clone()),
                foreign: Vec::new(),
            },
        }
    }

    /// Commits an incomplete result into [`OutputDir::incomplete_target`] (computed by the
    /// caller, which names it in the result), leaving the folder as it was when that is not
    /// the target; returns where the result went.
    pub fn commit_incomplete(mut self, target: &Path) -> Result<PathBuf, ExportError> {
        self.supersedes = None;
        self.commit_to(target)?;
        Ok(target.to_path_buf())
    }

    /// Puts the written folder in place of `target`.
    fn commit_to(&mut self, target: &Path) -> Result<(), ExportError> {
        let Some(staging) = self.staging.take() else {
            return Ok(());
        };
        // The last written of the results, whatever order they were written in: a file
        // changed after it is not the run's (see `may_replace`).
        touch(&staging.join("run.json"));
        let io = |file: &Path, error| ExportError::Io {
            file: file.display().to_string(),
            error,
        };
        let old = target.with_file_name(format!(
            ".{}.old-{}",
            folder_name(target),
            std::process::id()
        ));
        // Checked again: another run, or a person, may have put files there since.
        let changed =
            (target.exists() && !target.is_dir()) || may_replace(target, self.force).is_err();
        if self.in_place {
            return self.move_in(&staging, target, changed);
        }
        if changed {
            let kept = free_sibling(target);
            fs::rename(&staging, &kept).map_err(|e| {
                self.staging = Some(staging.clone());
                io(&kept, e)
            })?;
            unregister(&staging);
            let mut names: Vec<String> = fs::read_dir(target)
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            return Err(ExportError::Changed {
                dir: target.display().to_string(),
                kept: kept.display().to_string(),
                names: names.join(", "),
            });
        }
        let had_old = target.exists();
        // The folder's own permissions (a shared group's, a private one's) stay.
        let kept = fs::metadata(target).ok();
        if had_old {
            fs::rename(target, &old).map_err(|e| {
                self.staging = Some(staging.clone());
                io(target, e)
            })?;
        }
        if let Err(e) = fs::rename(&staging, target) {
            // Put the old folder back rather than leave nothing.
            if had_old {
                let _ = fs::rename(&old, target);
            }
            self.staging = Some(staging);
            return Err(io(target, e));
        }
        unregister(&staging);
        if let Some(m) = kept {
            keep_permissions(target, &m);
        }
        if had_old {
            fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
        }
        Ok(())
    }

    /// [`OutputDir::commit_to`] for results staged inside the folder (`in_place`): the old
    /// result's files go, then the new ones move in, `run.json` last; into another folder
    /// (an interrupted run's), or when files `changed` the folder during the run (then
    /// into a new folder inside it), they are copied.
    fn move_in(&mut self, staging: &Path, target: &Path, changed: bool) -> Result<(), ExportError> {
        let io = |file: &Path, error| ExportError::Io {
            file: file.display().to_string(),
            error,
        };
        let mut names: Vec<std::ffi::OsString> = fs::read_dir(staging)
            .and_then(|d| d.map(|e| e.map(|e| e.file_name())).collect())
            .map_err(|e| io(staging, e))?;
        names.sort_by_key(|n| (n == "run.json", n.clone()));
        let into = if changed {
            free_sibling(&target.join(folder_name(target)))
        } else {
            target.to_path_buf()
        };
        let result = (|| {
            if into == self.path {
                for entry in fs::read_dir(&into)? {
                    let entry = entry?;
                    // may_replace allowed them: earlier results and leftovers.
                    if entry.path() != staging && entry.file_type()?.is_file() {
                        fs::remove_file(entry.path())?;
                    }
                }
                for n in &names {
                    fs::rename(staging.join(n), into.join(n))?;
                }
            } else {
                fs::create_dir_all(&into)?;
                for n in &names {
                    fs::copy(staging.join(n), into.join(n))?;
                }
            }
            fs::remove_dir_all(staging)
        })();
        if let Err(e) = result {
            self.staging = Some(staging.to_path_buf());
            return Err(io(&into, e));
        }
        unregister(staging);
        if changed {
            let mut names: Vec<String> = fs::read_dir(target)
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| into.file_name().is_none_or(|k| k.to_string_lossy() != *n))
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            return Err(ExportError::Changed {
                dir: target.display().to_string(),
                kept: into.display().to_string(),
                names: names.join(", "),
            });
        }
        Ok(())
    }
}

/// Removes the folders staged inside `dir` by runs that no longer run.
fn remove_stale_inside(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let pid = file
            .to_str()
            .and_then(|f| f.strip_prefix(".expansim-"))
            .and_then(|f| f.strip_suffix(".partial"))
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !process_alive(p)) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether the folder `path` is a mount point: on another device than its `parent`.
fn mount_point(path: &Path, parent: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(path), fs::metadata(parent)) {
            (Ok(a), Ok(b)) => a.dev() != b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, parent);
        false
    }
}

/// Gives the folder `path` the permissions (and, where allowed, the owner and group) of the
/// folder it replaced, described by `old`.
fn keep_permissions(path: &Path, old: &fs::Metadata) {
    let _ = fs::set_permissions(path, old.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Not allowed to another user than root: then the group alone, if one's own.
        if std::os::unix::fs::chown(path, Some(old.uid()), Some(old.gid())).is_err() {
            let _ = std::os::unix::fs::chown(path, None, Some(old.gid()));
        }
    }
}

/// The names an interrupted run goes by beside the complete result in `path`, in the order
/// they are taken: `NAME.interrupted`, `NAME.interrupted-2`, ….
pub fn aside_names(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    let name = folder_name(path);
    (1u32..).map(move |k| match k {
        1 => path.with_file_name(format!("{name}.interrupted")),
        k => path.with_file_name(format!("{name}.interrupted-{k}")),
    })
}

/// The name of the folder `path` (`results` for one without a name of its own).
fn folder_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "results".into(), |n| n.to_string_lossy().into_owned())
}

/// Whether two paths name the same folder (`s1`, `./s1`, `../m/s1`, a link to it).
pub fn same_folder(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (fs::canonicalize(a), fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

/// The first of `NAME-2`, `NAME-3`, … beside `path` that does not exist: where results go
/// when the folder they were for is left as it is.
fn free_sibling(path: &Path) -> PathBuf {
    (2u32..)
        .map(|k| sibling(path, &format!("-{k}")))
        .find(|p| !p.exists())
        .unwrap_or_default()
}

/// `path` with `suffix` added to its name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    path.with_file_name(format!("{}{suffix}", folder_name(path)))
}

/// Whether the folder `path` may take a new result: absent or empty; or, with `force`, a
/// folder of earlier expansim results (a `run.json` naming an expansim version, every
/// other entry a file expansim writes, or a hidden `.partial` one it left). Returns whether
/// it holds anything to replace.
fn may_replace(path: &Path, force: bool) -> Result<bool, ExportError> {
    let io = |error| ExportError::Io {
        file: path.display().to_string(),
        error,
    };
    if !path.is_dir() {
        return Ok(false);
    }
    let mut entries = Vec::new();
    for entry in fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let is_file = entry.file_type().map_err(io)?.is_file();
        entries.push((entry.file_name().to_string_lossy().into_owned(), is_file));
    }
    let partial = |name: &str| name.starts_with('.') && name.ends_with(".partial");
    // Hidden leftovers of writing (a folder staged inside it) are not the user's.
    entries.retain(|(name, _)| !partial(name));
    if entries.is_empty() {
        return Ok(false);
    }
    if !force {
        let dir = path.display().to_string();
        return Err(match manifest::Manifest::read(&path.join("run.json")) {
            Ok(m) if !m.complete => ExportError::HoldsInterrupted {
                dir,
                command: m
                    .command_line
                    .get(1)
                    .cloned()
                    .unwrap_or_else(|| "run".into()),
            },
            _ => ExportError::NotEmpty { dir },
        });
    }
    // Without a run.json of its own, nothing in it was written by expansim; one of another
    // version (which this one may not read whole) still names expansim.
    let result = fs::read(path.join("run.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|j| j.get("expansim_version").is_some());
    // `run.json` is written last: a result file changed after it (a report of one's own
    // saved as report.html, an edited summary.csv) is the user's now. The slack covers a
    // folder copied file by file.
    let modified = |name: &str| {
        fs::metadata(path.join(name))
            .and_then(|m| m.modified())
            .ok()
    };
    let finished = modified("run.json");
    let ours = |name: &str| match (finished, modified(name)) {
        (Some(run), Some(file)) => file <= run + COPY_SLACK,
        _ => false,
    };
    let mut foreign: Vec<String> = entries
        .into_iter()
        .filter(|(name, is_file)| {
            !(result && *is_file && RESULT_FILES.contains(&name.as_str()) && ours(name))
        })
        .map(|(name, _)| name)
        .collect();
    if !foreign.is_empty() {
        foreign.sort();
        return Err(ExportError::Foreign {
            dir: path.display().to_string(),
            files: foreign,
        });
    }
    Ok(true)
}

/// Marks `file` (a results folder's `run.json`) as written now, when it is there: the files
/// of the result are those written no later (see `may_replace`).
pub fn touch(file: &Path) {
    if let Ok(f) = fs::OpenOptions::new().write(true).open(file) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
}

/// Removes `dir`, a folder of expansim results (nothing else in it), after a result that
/// replaces it was committed elsewhere.
fn remove_result_folder(dir: &Path) -> Result<(), ExportError> {
    let io = |error| ExportError::Io {
        file: dir.display().to_string(),
        error,
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let name = entry.map_err(io)?.file_name();
        if !RESULT_FILES.contains(&name.to_string_lossy().as_ref()) {
            // Someone put a file there: leave the folder to them.
            return Ok(());
        }
    }
    fs::remove_dir_all(dir).map_err(io)
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if let Some(s) = self.staging.take() {
            let _ = fs::remove_dir_all(&s);
            unregister(&s);
        }
    }
}

/// The hidden folders being written now, for [`abandon_staging`].
static STAGING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn register(staging: &Path) {
    if let Ok(mut s) = STAGING.lock() {
        s.push(staging.to_path_buf());
    }
}

fn unregister(staging: &Path) {
    if let Ok(mut s) = STAGING.lock() {
        s.retain(|p| p != staging);
    }
}

/// Removes the hidden folders of every [`OutputDir`] not yet committed, for a process about
/// to exit at once (a second Ctrl-C): the previous results stay as they were, and nothing
/// half-written is left beside them. Files that threads still write into them are lost.
pub fn abandon_staging() {
    let folders = match STAGING.lock() {
        Ok(mut s) => std::mem::take(&mut *s),
        Err(_) => return,
    };
    for dir in folders {
        // A thread may create a file while the folder is removed: try again.
        for _ in 0..5 {
            if fs::remove_dir_all(&dir).is_ok() || !dir.exists() {
                break;
            }
        }
    }
}

/// Puts back the earlier result of `path` that a process killed while committing (between
/// moving the old folder aside, `.NAME.old-PID`, and moving its new one in) left hidden, so
/// that it is neither lost nor removed as debris: the new result, never reported written,
/// goes with the rest of the debris.
fn restore_swapped_out(path: &Path) {
    if fs::symlink_metadata(path).is_ok() {
        return;
    }
    let name = folder_name(path);
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.old-");
    let aside = entries.flatten().find(|e| {
        e.file_name()
            .to_string_lossy()
            .strip_prefix(&prefix)
            .and_then(|pid| pid.parse::<u32>().ok())
            .is_some_and(|pid| !process_alive(pid))
    });
    if let Some(aside) = aside
        && fs::rename(aside.path(), path).is_ok()
    {
        remove_stale_staging(parent, &name);
    }
}

/// Removes the hidden folders (`.NAME.partial-PID`, `.NAME.old-PID`) that a process killed
/// while writing `parent/NAME` left behind, unless that process still runs.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let Some(rest) = file.strip_prefix('.').and_then(|f| f.strip_prefix(name)) else {
            continue;
        };
        let pid = rest
            .strip_prefix(".partial-")
            .or_else(|| rest.strip_prefix(".old-"));
        if let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok())
            && !process_alive(pid)
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` runs (on systems without `/proc`, only this process counts).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        proc.join(pid.to_string()).exists()
    } else {
        pid == std::process::id()
    }
}

/// A file being written into an [`OutputDir`] under a temporary name; [`Pending::commit`]
/// gives it its name. Dropped without commit, it leaves no file, not even the temporary one.
#[derive(Debug)]
pub struct Pending {
    tmp: PathBuf,
    target: PathBuf,
    file: Option<std::io::BufWriter<fs::File>>,
}

impl std::io::Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Pending {
    /// Flushes the file and renames it to its final name.
    pub fn commit(mut self) -> Result<PathBuf, ExportError> {
        use std::io::Write;
        let io = |error| ExportError::Io {
            file: self.target.display().to_string(),
            error,
        };
        let done = match self.file.take() {
            Some(mut f) => f.flush().and_then(|()| fs::rename(&self.tmp, &self.target)),
            None => Ok(()),
        };
        if let Err(e) = done {
            let _ = fs::remove_file(&self.tmp);
            return Err(io(e));
        }
        Ok(self.target.clone())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// `bytes` without a leading UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// The UTF-8 byte-order mark `--bom` writes at the start of CSV files.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Opens a results file for reading, past a UTF-8 byte-order mark if it has one.
pub fn open_csv(path: &Path) -> std::io::Result<impl std::io::Read> {
    use std::io::{Read, Seek};
    let mut f = fs::File::open(path)?;
    let mut head = [0u8; 3];
    let n = f.read(&mut head)?;
    if n < 3 || head != BOM {
        f.rewind()?;
    }
    Ok(std::io::BufReader::new(f))
}

/// Formats a number for CSV: shortest representation that reads back exactly; empty for
/// NaN (no observation).
pub fn number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// JSON form of the summary, for `--format json`.
pub mod json {
    use super::{VariantResult, number};
    use serde::Serialize;

    /// One summary row.
    #[derive(Debug, Clone, Serialize)]
    pub struct SummaryRow {
        /// Variant name.
        pub variant: String,
        /// Class name or `all`.
        pub class: String,
        /// Metric name.
        pub metric: String,
        /// Stage or pool, or empty.
        pub subject: String,
        /// Unit.
        pub unit: String,
        /// Mean across replications (null when no replication observed it).
        pub mean: Option<f64>,
        /// Standard deviation across replications.
        pub std_dev: Option<f64>,
        /// Lower end of the 95% CI.
        pub ci95_low: Option<f64>,
        /// Upper end of the 95% CI.
        pub ci95_high: Option<f64>,
        /// Replications with a value.
        pub replications: usize,
    }

    fn opt(x: f64) -> Option<f64> {
        (!number(x).is_empty()).then_some(x)
    }

    /// The summary rows of all variants.
    pub fn summary(variants: &[VariantResult]) -> Vec<SummaryRow> {
        let mut rows = Vec::new();
        for v in variants {
            for (kpi, s) in v.result.kpis.iter().zip(v.result.summaries()) {
                let [class, metric, subject, unit] = v.kpi_columns(kpi);
                rows.push(SummaryRow {
                    variant: v.name.to_string(),
                    class,
                    metric,
                    subject,
                    unit,
                    mean: opt(s.mean),
                    std_dev: opt(s.std_dev),
                    ci95_low: opt(s.ci95_low),
                    ci95_high: opt(s.ci95_high),
                    replications: s.n,
                });
            }
        }
        rows
    }

    /// A varied value as a JSON number, if it is one written as sweep.csv writes numbers
    /// (`3`, `0.25`; not `+3`, `007` or `4h`).
    fn json_number(v: &str) -> Option<serde_json::Value> {
        if let Ok(i) = v.parse::<i64>()
            && i.to_string() == v
        {
            return Some(i.into());
        }
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && number(*x) == v)
            .map(Into::into)
    }

    /// A 95% interval as JSON (`null` where there is no value).
    fn interval(s: &crate::stats::Summary) -> serde_json::Value {
        serde_json::json!({
            "mean": opt(s.mean),
            "ci95_low": opt(s.ci95_low),
            "ci95_high": opt(s.ci95_high),
        })
    }

    /// A judged sweep: every point with its values, cost, verdict, mean lead time and each
    /// target's estimate and verdict, by cost; the cheapest point meeting every target and
    /// the runner-up (`null` if none, or there are no targets), whether the two are tied
    /// (and, when they cost the same, the paired difference of their mean lead times),
    /// the undecided points no dearer than the cheapest (every undecided point when no point
    /// meets the targets), and the Pareto front (each point with `close`: its gain over the
    /// point before it may be noise, and `paired_difference`: the difference of their mean
    /// lead times paired on common random numbers, where the two were run again to pair
    /// them, see [`crate::sweep::Plan::pair`]).
    pub fn sweep(
        judged: &[crate::sweep::Judged],
        paths: &[String],
        targets: &[crate::sweep::Target],
        costed: bool,
        pairing: &crate::sweep::Pairing,
    ) -> serde_json::Value {
        use crate::sweep::Verdict;
        // A path's values are numbers when every one of them is, written as sweep.csv
        // writes it; else all are text.
        let numeric: Vec<bool> = (0..paths.len())
            .map(|k| {
                judged.iter().all(|j| {
                    j.point
                        .values
                        .get(k)
                        .is_some_and(|v| json_number(v).is_some())
                })
            })
            .collect();
        let point = |j: &crate::sweep::Judged| {
            let values: serde_json::Map<String, serde_json::Value> = paths
                .iter()
                .cloned()
                .zip(j.point.values.iter().zip(&numeric).map(|(v, &n)| {
                    match json_number(v).filter(|_| n) {
                        Some(x) => x,
                        None => v.as_str().into(),
                    }
                }))
                .collect();
            let ran = j.verdict != Verdict::Unstable;
            serde_json::json!({
                "values": values,
                "cost": j.point.cost,
                "verdict": if targets.is_empty() && ran { None } else { Some(j.verdict.name()) },
                "lead_time": if ran { interval(&j.lead_time) } else { serde_json::Value::Null },
                "targets": targets.iter().zip(&j.targets).map(|(t, s)| {
                    let verdict = if ran { t.verdict(*s) } else { Verdict::Unstable };
                    serde_json::json!({
                        "target": t.to_string(),
                        "verdict": verdict.name(),
                        "estimate": s.as_ref().map(interval),
                    })
                }).collect::<Vec<_>>(),
            })
        };
        let ranking = crate::sweep::Ranking::of(judged, targets, pairing);
        serde_json::json!({
            "cost_unit": if costed { "cost_per_year" } else { "staff" },
            "points": judged.iter().map(point).collect::<Vec<_>>(),
            "cheapest": ranking.meets.first().map(|j| point(j)),
            "runner_up": ranking.meets.get(1).map(|j| point(j)),
            "tied": ranking.tied,
            "tie_difference": ranking.paired.as_ref().map(interval),
            "undecided": ranking.undecided.iter().map(|j| point(j)).collect::<Vec<_>>(),
            "pareto_front": ranking.front.iter().zip(&ranking.close).enumerate().map(|(k, (&i, &close))| {
                let mut p = point(&judged[i]);
                p["close"] = close.into();
                p["paired_difference"] = pairing
                    .front
                    .get(k)
                    .copied()
                    .flatten()
                    .as_ref()
                    .map_or(serde_json::Value::Null, interval);
                p
            }).collect::<Vec<_>>(),
            // An interrupt during the pairing runs: the pairs not run have no difference.
            "pairing_interrupted": pairing.stopped,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What comes into the folder while a run is going is never replaced: the run's results
    /// go beside it, and the error says where.
    #[test]
    fn a_folder_changed_during_the_run_is_left_as_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        for force in [false, true] {
            let path = tmp.path().join(format!("r{force}"));
            let out = OutputDir::prepare(&path, force).unwrap();
            out.write("summary.csv", b"new").unwrap();
            fs::create_dir(&path).unwrap();
            fs::write(path.join("notes.txt"), "mine").unwrap();
            match out.commit() {
                Err(ExportError::Changed { kept, .. }) => {
                    assert_eq!(
                        fs::read(Path::new(&kept).join("summary.csv")).unwrap(),
                        b"new"
                    );
                    assert!(kept.ends_with(&format!("r{force}-2")), "{kept}");
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(fs::read(path.join("notes.txt")).unwrap(), b"mine");
        }
    }

    /// A result of another version (a run.json this one cannot read whole) is still
    /// expansim's to replace with --force; a run.json that names no expansim is not.
    #[test]
    fn force_replaces_a_result_of_another_version_only() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("old");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("summary.csv"), "x").unwrap();
        fs::write(path.join("run.json"), r#"{"expansim_version": "0.0.9"}"#).unwrap();
        assert!(may_replace(&path, true).unwrap());
        assert!(matches!(
            may_replace(&path, false),
            Err(ExportError::NotEmpty { .. })
        ));
        fs::write(path.join("run.json"), r#"{"tool": "other"}"#).unwrap();
        assert!(matches!(
            may_replace(&path, true),
            Err(ExportError::Foreign { .. })
        ));
    }
}
