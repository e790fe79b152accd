#!/usr/bin/env python3
"""Scores degraded speech against its reference with PESQ (ITU-T P.862, the `pesq` package from PyPI
that `make test` installs): wideband (P.862.2) for 16 kHz files, narrowband for 8 kHz ones.

Usage: pesq-score.py REFERENCE.wav DEGRADED.wav [DEGRADED.wav ...]
Prints one MOS-LQO score per degraded file, one per line, in order. Exits 2 on bad input.
"""
import sys
import wave

import numpy as np
from pesq import pesq


def read(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            sys.exit(f"pesq-score: {path}: 16-bit mono PCM expected")
        return w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    rate, reference = read(argv[1])
    if rate not in (8000, 16000):
        print(f"pesq-score: {argv[1]}: 8000 or 16000 Hz expected, not {rate}", file=sys.stderr)
        return 2
    for path in argv[2:]:
        degraded_rate, degraded = read(path)
        if degraded_rate != rate:
            print(f"pesq-score: {path}: {degraded_rate} Hz, the reference is {rate} Hz", file=sys.stderr)
            return 2
        print(repr(float(pesq(rate, reference, degraded, "wb" if rate == 16000 else "nb"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
