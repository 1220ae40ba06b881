#!/usr/bin/env bash
# Rebuild rasad's shipped NER model from ../shared/data in one command:
#   scripts/ner/build_ner_model.sh [bilstm|crf]      (default: bilstm, the backend that ships)
# Needs the training extra in .venv: .venv/bin/pip install torch==2.13.0 && .venv/bin/pip install -e '.[train]'
# (torch exactly so: any other request makes pip fetch a multi-GB CUDA build).
# Work files go to build/ner/; one thread a process, two processes at a time (about 2.5 hours on 2 cores).
#
# bilstm, in four stages (docs/benchmarks.md, "Named entities", has each stage's figures):
#   1. the province/city gazetteer; word2vec vectors learned from the news in shared/data and the
#      training corpora (never PEYMA dev);
#   2. three teacher BiLSTM-CRFs on the gold corpora (PEYMA train + NSURL in the main head; Arman and
#      ParsNER in heads of their own);
#   3. the teachers' ensemble tags 40,000 sentences of unlabeled news (silver); a student (hidden
#      256) learns from gold plus silver;
#   4. the student is fine-tuned on PEYMA train alone, and that network ships.
# Every training run keeps its epoch with the best PEYMA dev F1 (model selection on dev; PEYMA test
# is never read).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-../../.venv/bin/python}
BACKEND=${1:-bilstm}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
DATA=../../rasad/data/ner
BUILD=../../build/ner
TRAIN="$PY train_bilstm.py --threads 1 --minutes 600 --aux-fraction 0.25"

$PY build_gazetteer.py
$PY build_clusters.py
case "$BACKEND" in
  crf)
    $PY train_crf.py --corpora peyma,nsurl --out "$BUILD/crf"
    rm -f "$DATA/bilstm.npz"
    cp "$BUILD/crf/crf.crfsuite" "$BUILD/crf/model.json" "$BUILD/crf/clusters.tsv" "$BUILD/crf/gazetteer_loc.txt" "$DATA/"
    ;;
  bilstm)
    $TRAIN --seed 13 --epochs 6 --out "$BUILD/teacher_13" &
    $TRAIN --seed 7 --epochs 7 --out "$BUILD/teacher_7" &
    wait
    $TRAIN --seed 21 --epochs 4 --hidden 256 --out "$BUILD/teacher_21"
    $PY pseudo_label.py --sentences 40000 --out "$BUILD/silver.txt" \
      --models "$BUILD/teacher_13/bilstm.npz,$BUILD/teacher_7/bilstm.npz,$BUILD/teacher_21/bilstm.npz"
    $TRAIN --seed 5 --epochs 7 --hidden 256 --silver "$BUILD/silver.txt" --silver-fraction 0.5 --out "$BUILD/student"
    $TRAIN --init "$BUILD/student/bilstm.npz" --main peyma --aux "" --lr 5e-4 --seed 3 --epochs 3 --out "$BUILD/final"
    rm -f "$DATA/crf.crfsuite" "$DATA/clusters.tsv" "$DATA/gazetteer_loc.txt"
    cp "$BUILD/final/bilstm.npz" "$DATA/"
    ;;
  *) echo "usage: $0 [bilstm|crf]" >&2; exit 2 ;;
esac
cd ../..
"${PY#../../}" -m bench.bench_ner
