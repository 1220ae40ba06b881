#!/usr/bin/env bash
# Rebuild rasad's shipped NER model from ../shared/data in one command:
#   scripts/ner/build_ner_model.sh [crf|bilstm]      (default: the backend that ships, see below)
# Needs the training extra in .venv: .venv/bin/pip install torch==2.13.0 && .venv/bin/pip install -e '.[train]'
# (torch exactly so: any other request makes pip fetch a multi-GB CUDA build).
# Steps: the province/city gazetteer; word2vec vectors and k-means word clusters learned from the
# news in shared/data and the training corpora (never PEYMA dev); the tagger; its files copied into
# rasad/data/ner/; the benchmark. Work files go to build/ner/. One or two threads throughout.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-../../.venv/bin/python}
BACKEND=${1:-bilstm}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
DATA=../../rasad/data/ner
BUILD=../../build/ner

$PY build_gazetteer.py
$PY build_clusters.py
case "$BACKEND" in
  crf)
    $PY train_crf.py --corpora peyma,nsurl --out "$BUILD/crf"
    rm -f "$DATA/bilstm.npz"
    cp "$BUILD/crf/crf.crfsuite" "$BUILD/crf/model.json" "$BUILD/crf/clusters.tsv" "$BUILD/crf/gazetteer_loc.txt" "$DATA/"
    ;;
  bilstm)
    $PY train_bilstm.py --out "$BUILD/bilstm" --minutes 60 --threads 1 --aux-fraction 0.25
    rm -f "$DATA/crf.crfsuite" "$DATA/clusters.tsv" "$DATA/gazetteer_loc.txt"
    cp "$BUILD/bilstm/bilstm.npz" "$BUILD/bilstm/model.json" "$DATA/"
    ;;
  *) echo "usage: $0 [crf|bilstm]" >&2; exit 2 ;;
esac
cd ../..
"${PY#../../}" -m bench.bench_ner
