"""Regenerate README.md from the static head and labels.toml."""
import collections
import pathlib
import tomllib

HERE = pathlib.Path(__file__).parent
head = (HERE / "README.head.md").read_text()
cases = tomllib.loads((HERE / "labels.toml").read_text())["case"]
rows = ["| file | cause | line | source |", "|---|---|---|---|"]
for c in cases:
    rows.append(f"| {c['file']} | {c['cause']} | {c['line']} | {c['source']} |")
counts = collections.Counter(c["cause"] for c in cases)
gh = sum("github.com" in c["source"] for c in cases)
tail = [
    "",
    f"{len(cases)} cases: {gh} from GitHub issues/commits, {len(cases) - gh} from Stack Exchange threads.",
    "",
    "| cause | cases |",
    "|---|---|",
]
tail += [f"| {k} | {v} |" for k, v in sorted(counts.items())]
(HERE / "README.md").write_text(head + "\n" + "\n".join(rows + tail) + "\n")
