//! `clusctl completions SHELL`: the shell's completion script, generated
//! from the same argument definitions the program parses with.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::{Cli, Failure};

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  clusctl completions bash > ~/.local/share/bash-completion/completions/clusctl
  clusctl completions zsh > ~/.zfunc/_clusctl      # with fpath+=(~/.zfunc) in ~/.zshrc
  clusctl completions fish > ~/.config/fish/completions/clusctl.fish")]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

/// Writes the completion script for `args.shell` to `out`.
pub(crate) fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<u8, Failure> {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    clap_complete::generate(args.shell, &mut command, name, out);
    Ok(0)
}
