#!/usr/bin/env python3
"""Check that the macro-expanded library has no `unsafe` token of its own.

`#![forbid(unsafe_code)]` does not see `unsafe` that an external macro
expands into the crate (fearless_simd's `kernel!` would; issue 12), so this
looks at the expansion itself:

    cargo +nightly rustc --lib --profile check --features simd -- -Zunpretty=expanded > expanded.rs
    python3 tools/check-expanded-unsafe.py expanded.rs

Comments, doc attributes and string literals are skipped. The compiler's own
built-in derives expand two forms on nightly (`unsafe impl TrivialClone` for
`#[derive(Clone, Copy)]` and `unsafe { ::core::intrinsics::unreachable() }`
in `#[derive(PartialEq)]` on enums); they are counted and allowed. Anything
else fails, with its line.
"""
import re
import sys

ALLOWED = [
    re.compile(r"unsafe\s+impl\b[^{]*::core::clone::TrivialClone\s+for\b"),
    re.compile(r"unsafe\s*\{\s*::core::intrinsics::unreachable\(\)\s*\}"),
]


def strip(text):
    """Blank out comments and string/char literals, keeping line numbers."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            hashes = re.match(r'r(#*)"', text[i:]).group(1)
            end = '"' + hashes
            j = text.find(end, i + 2 + len(hashes))
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 12]):
            m = re.match(r"'(\\.|[^\\'])'", text[i:i + 12])
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def main(path):
    code = strip(open(path, encoding="utf-8").read())
    allowed = 0
    for pattern in ALLOWED:
        code, k = pattern.subn(lambda m: re.sub(r"[^\n]", " ", m.group(0)), code)
        allowed += k
    bad = [
        (code.count("\n", 0, m.start()) + 1)
        for m in re.finditer(r"\bunsafe\b", code)
    ]
    print(f"expanded library: {allowed} `unsafe` from the compiler's built-in derives (allowed), {len(bad)} other")
    lines = open(path, encoding="utf-8").read().split("\n")
    for line in bad[:20]:
        print(f"  line {line}: {lines[line - 1].strip()[:120]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
