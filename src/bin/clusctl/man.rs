//! `clusctl man [COMMAND]`: the manual page (roff), generated from the
//! same argument definitions the program parses with; `--dir` writes the
//! pages of the program and of every command, as `clusctl.1` and
//! `clusctl-COMMAND.1`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_mangen::Man;

use crate::{Cli, Failure};

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  clusctl man | man -l -
  clusctl man decode | man -l -
  clusctl man --dir ~/.local/share/man/man1      # then: man clusctl-decode")]
pub(crate) struct ManArgs {
    /// The command whose page to print (default: the program's own page).
    #[arg(conflicts_with = "dir")]
    command: Option<String>,
    /// Write every page into this directory instead of printing one.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// The program's page and one per command (built, so each command is
/// named `clusctl-COMMAND` and carries the global options).
fn pages() -> Vec<Man> {
    let mut root = Cli::command();
    root.build();
    let source = format!("clusctl {}", env!("CARGO_PKG_VERSION"));
    let subs = root.get_subcommands().filter(|s| s.get_name() != "help");
    core::iter::once(&root)
        .chain(subs)
        .map(|page| Man::new(page.clone()).source(source.clone()))
        .collect()
}

/// Prints one page, or writes them all into `--dir`.
pub(crate) fn run(args: &ManArgs, out: &mut dyn Write) -> Result<u8, Failure> {
    let pages = pages();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::usage(format!("{}: {e}", dir.display())))?;
        for page in pages {
            let path = dir.join(page.get_filename());
            let mut bytes = Vec::new();
            page.render(&mut bytes)
                .and_then(|()| std::fs::write(&path, bytes))
                .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
        }
        return Ok(0);
    }
    let wanted = match &args.command {
        Some(command) => format!("clusctl-{command}"),
        None => "clusctl".to_owned(),
    };
    let file = format!("{wanted}.1");
    let Some(page) = pages.into_iter().find(|p| p.get_filename() == file) else {
        return Err(Failure::usage(format!(
            "no manual page for {wanted:?}; see `clusctl --help` for the commands"
        )));
    };
    // Output errors are a closed pipe: stop quietly.
    let _ = page.render(out);
    Ok(0)
}
