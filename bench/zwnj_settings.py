#!/usr/bin/env python3
"""Held-out figures of `restore_document` (or `restore_zwnj`) under other runtime constants.

usage: zwnj_settings.py LEXICON_DIR AGENCY SETTING... [--lines] [--shared DIR]
A SETTING is `base` or NAME=VALUE[,NAME=VALUE...]: constants of rasad.text.zwnj (SPACE_SHARE=0.5),
or of rasad.text.zwnj_damage with a `D.` prefix (D.SMOOTH=1), set in this process only. Each
setting is one row: the outlet's joined and spaced tasks restored by article (or line by line
with --lines) with LEXICON_DIR/AGENCY (bench/zwnj_quick.py --build) and scored with
score_zwnj.py. A constant compiled into the lexicon (`_settings()`: WHOLE_SHARE, ...) needs the
fold lexicons recompiled instead (build_zwnj_lexicon.py --compile, from a tree that has it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import fold_arguments, fold_articles, fold_task, restore_fold, shared_dir  # noqa: E402
from rasad.text import zwnj, zwnj_damage  # noqa: E402


def apply(setting: str, defaults: dict[tuple[ModuleType, str], object]) -> None:
    """Put back every constant changed before, then set SETTING's."""
    for (module, name), value in defaults.items():
        setattr(module, name, value)
    if setting == "base":
        return
    for item in setting.split(","):
        name, value = item.split("=", 1)
        module = zwnj_damage if name.startswith("D.") else zwnj
        name = name.removeprefix("D.")
        old = getattr(module, name)
        defaults.setdefault((module, name), old)
        setattr(module, name, type(old)(float(value)))


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    fold_arguments(parser)
    parser.add_argument("agency")
    parser.add_argument("settings", nargs="+")
    parser.add_argument("--lines", action="store_true", help="line by line (restore_zwnj)")
    args = parser.parse_intermixed_args(argv)
    shared = shared_dir(args.shared)
    sys.path.insert(0, str(shared / "eval"))
    from score_zwnj import score

    gold, tasks = fold_task(shared, args.agency)
    sizes = fold_articles(shared, args.agency)
    defaults: dict[tuple[ModuleType, str], object] = {}
    print("| held out | setting | joined f1_accept / f1_joined | spaced |\n|---|---|---|---|")
    for setting in args.settings:
        apply(setting, defaults)
        zwnj.use_lexicon_dir(None)  # every cache emptied, the lexicon loaded again under the setting
        zwnj.use_lexicon_dir(Path(args.lexicons) / args.agency)
        zwnj_damage._OWNER[0] = None
        cells = []
        for lines in tasks.values():
            figures = score(gold, restore_fold(lines, None if args.lines else sizes))
            cells.append(f"{figures['f1_accept']:.4f} / {figures['f1_joined']:.4f}")
        print(f"| {args.agency} | {setting} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
