#!/usr/bin/env bash
# Create .venv-baselines (Python 3.12) with the Persian NLP libraries bench_zwnj.py compares against:
# hazm, shekar, parsivar, rishe (Rust), persian-text-guard and davat.
# hazm 0.12.1 needs Python >= 3.12; rasad's own numbers come from the project venv, not this one.
set -euo pipefail
cd "$(dirname "$0")/.."
find_python312() {
    # pyenv shims refuse python3.12 unless 3.12 is the selected version: look in pyenv's versions too.
    if [ -n "${PYTHON312:-}" ]; then echo "$PYTHON312"; return; fi
    if python3.12 -c "" 2>/dev/null; then command -v python3.12; return; fi
    local root; root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
    for cand in "$root"/versions/3.12*/bin/python3.12; do
        if [ -x "$cand" ]; then echo "$cand"; return; fi
    done
    echo "python3.12 not found: set PYTHON312=/path/to/python3.12" >&2
    exit 1
}
PY="$(find_python312)"
if [ ! -x .venv-baselines/bin/python ]; then
    "$PY" -m venv .venv-baselines
fi
.venv-baselines/bin/pip install -q --upgrade pip
.venv-baselines/bin/pip install -q "hazm==0.12.1" "shekar==1.7.0" "parsivar==0.2.3.1" \
    "rishe==0.5.1" "persian-text-guard==1.5.0" "davat==2.1.2"
.venv-baselines/bin/python -c "import hazm, shekar, parsivar; print('baselines ready:', hazm.__file__)"
