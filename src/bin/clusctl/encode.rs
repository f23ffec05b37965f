//! `clusctl encode`: build the input buffer of a control code.

use clap::Args;
use clusctl::buffers::{self, Direction};
use clusctl::checkpoint::{CheckpointBuf, RegistryKeyPath};

use crate::{Failure, parse_code};

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  clusctl encode --code CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT '1\\\\SQLServerKey'
  clusctl encode --code CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT '1\\Microsoft Enhanced Cryptographic Provider v1.0\\MyKey'
  clusctl encode --code CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT 'SOFTWARE\\Contoso' --raw | clusctl decode --input --code CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT")]
pub(crate) struct EncodeArgs {
    /// The control code whose input buffer to build.
    #[arg(long)]
    code: String,
    /// The value: one checkpoint (`1\\Provider\\Key`) or key path.
    value: String,
    /// Write the raw bytes instead of hex.
    #[arg(long)]
    pub(crate) raw: bool,
}

/// `clusctl encode`: the bytes of the input buffer.
pub(crate) fn run(args: &EncodeArgs) -> Result<Vec<u8>, Failure> {
    let code = parse_code(&args.code)?;
    match buffers::format_of(code, Direction::Input) {
        Some(buffers::BufferFormat::CryptoCheckpoint) => {
            let checkpoint: CheckpointBuf = args
                .value
                .parse()
                .map_err(|e| Failure::usage(format!("checkpoint {:?}: {e}", args.value)))?;
            buffers::CryptoCheckpointInput::to_vec(&checkpoint)
                .map_err(|e| Failure::usage(e.to_string()))
        }
        Some(buffers::BufferFormat::RegistryCheckpoint) => {
            let path = RegistryKeyPath::parse(&args.value)
                .map_err(|e| Failure::usage(format!("key path {:?}: {e}", args.value)))?;
            buffers::RegistryCheckpointInput::to_vec(&path)
                .map_err(|e| Failure::usage(e.to_string()))
        }
        _ => Err(Failure::usage(format!(
            "clusctl cannot build the input buffer of {code}"
        ))),
    }
}
