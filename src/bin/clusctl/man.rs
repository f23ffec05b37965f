//! `clusctl man [COMMAND]`: the manual page (roff), generated from the
//! same argument definitions the program parses with; `--dir` writes the
//! pages of the program and of every command, as `clusctl.1` and
//! `clusctl-COMMAND.1`.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

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

/// A manual page: clap_mangen's sections, with the help's examples as an
/// EXAMPLES section (kept line by line), and on the program's own page the
/// exit status and the environment.
struct Page {
    man: Man,
    command: clap::Command,
    root: bool,
}

impl Page {
    fn file_name(&self) -> String {
        self.man.get_filename()
    }

    /// The page; each section clap_mangen renders on its own repeats the
    /// roff preamble, kept here once.
    fn render(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut page = Vec::new();
        self.render_sections(&mut page)?;
        let page = String::from_utf8_lossy(&page);
        let preamble = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
        let (first, rest) = page.split_at(page.find(preamble).map_or(0, |at| at + preamble.len()));
        out.write_all(first.as_bytes())?;
        out.write_all(rest.replace(preamble, "").as_bytes())
    }

    fn render_sections(&self, out: &mut dyn Write) -> io::Result<()> {
        let (man, command) = (&self.man, &self.command);
        man.render_title(out)?;
        man.render_name_section(out)?;
        man.render_synopsis_section(out)?;
        man.render_description_section(out)?;
        if command.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(out)?;
        }
        if command.has_subcommands() {
            man.render_subcommands_section(out)?;
        }
        let mut roff = Roff::default();
        let help = command.get_after_help().map(ToString::to_string);
        let examples = help.as_deref().and_then(|h| h.split_once("Examples:"));
        if let Some((notes, examples)) = examples {
            // What the help says before its examples: a NOTES section.
            if !notes.trim().is_empty() {
                roff.control("SH", ["NOTES"]);
                for paragraph in notes.trim().split("\n\n") {
                    roff.control("PP", [])
                        .text([roman(paragraph.replace('\n', " "))]);
                }
            }
            roff.control("SH", ["EXAMPLES"]).control("nf", []);
            for line in examples.lines().filter(|l| !l.trim().is_empty()) {
                roff.text([roman(line.trim())]);
            }
            roff.control("fi", []);
        }
        if self.root {
            roff.control("SH", ["EXIT STATUS"])
                .text([roman("0 success, 1 undecodable data, 2 usage error.")])
                .control("SH", ["ENVIRONMENT"])
                .control("TP", [])
                .text([bold("NO_COLOR")])
                .text([roman(
                    "When set, tables are never coloured. Colour is only ever used \
                     when standard output is a terminal, and never with --json.",
                )]);
        }
        roff.to_writer(out)?;
        // clap_mangen unwraps the version: only pages that have one.
        if command
            .get_version()
            .or(command.get_long_version())
            .is_some()
        {
            man.render_version_section(out)?;
        }
        Ok(())
    }
}

/// The program's page and one per command, `help` included, as the
/// program's SUBCOMMANDS section lists them (built, so each command is
/// named `clusctl-COMMAND` and carries the global options).
fn pages() -> Vec<Page> {
    let mut root = Cli::command();
    root.build();
    let source = format!("clusctl {}", env!("CARGO_PKG_VERSION"));
    core::iter::once(&root)
        .chain(root.get_subcommands())
        .map(|command| Page {
            man: Man::new(command.clone()).source(source.clone()),
            command: command.clone(),
            root: command.get_name() == root.get_name(),
        })
        .collect()
}

/// Prints one page, or writes them all into `--dir`.
pub(crate) fn run(args: &ManArgs, out: &mut dyn Write) -> Result<u8, Failure> {
    let pages = pages();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::usage(format!("{}: {e}", dir.display())))?;
        for page in pages {
            let path = dir.join(page.file_name());
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
    let Some(page) = pages.into_iter().find(|p| p.file_name() == file) else {
        return Err(Failure::usage(format!(
            "no manual page for {wanted:?}; see `clusctl --help` for the commands"
        )));
    };
    // Output errors are a closed pipe: stop quietly.
    let _ = page.render(out);
    Ok(0)
}
