//! Independent tools that read the formats we write (Samba's `ndrdump`,
//! `tshark`): where to find them, and what to do when one is missing.
//!
//! A test that needs a tool asks [`tool`]. When the tool is absent the test
//! prints one `SKIPPED` line saying so and returns, unless
//! `CLUSCTL_REQUIRE_TOOLS=1` is set (as `.ci/run` does, after installing
//! them): then a missing tool fails the test.

use std::path::PathBuf;

/// The path of the external program `name`, searched on `PATH`, or `None`
/// (after printing why) when it is not installed and not required.
///
/// # Panics
/// When the tool is missing and `CLUSCTL_REQUIRE_TOOLS=1`.
pub(crate) fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        let required = std::env::var("CLUSCTL_REQUIRE_TOOLS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "{name} is not installed but CLUSCTL_REQUIRE_TOOLS=1 (install: apt-get install -y {})",
            package(name)
        );
        eprintln!(
            "SKIPPED: {name} is not installed (apt-get install -y {}); this cross-check did not run",
            package(name)
        );
    }
    found
}

/// The Debian package that carries `name`.
fn package(name: &str) -> &str {
    match name {
        "ndrdump" => "samba-testsuite",
        "script" => "bsdutils",
        "man" => "man-db",
        other => other,
    }
}

#[test]
fn a_missing_tool_is_reported_not_found() {
    // Never on PATH, so this exercises the skip branch unless tools are
    // required (then the absence must fail loudly instead).
    let name = "clusctl-no-such-tool";
    if std::env::var("CLUSCTL_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        assert!(std::panic::catch_unwind(|| tool(name)).is_err());
    } else {
        assert_eq!(tool(name), None);
    }
}

#[test]
fn a_present_tool_is_found() {
    // `sh` is on every machine this runs on.
    let sh = tool("sh").expect("sh is on PATH");
    assert!(sh.ends_with("sh") && sh.is_file());
}
