/** The predict.py that travels inside the .npz: adds two numbers with NumPy exactly as the studio's forward pass does. */

/**
 * The script. It reads the archive it came in: the path given with --model
 * (or as a third argument), else `<baseName>.npz` beside it, else the one
 * archive beside it or in the working folder that holds this very script
 * (the archive renamed after the export).
 */
export function predictScript(baseName: string): string {
  return `"""Adds two numbers with a recurrent network (vanilla RNN, LSTM or GRU) trained in RNN Studio.

Usage: python predict.py [A B] [--model MODEL.npz]    e.g. python predict.py 3 74  ->  3 + 74 = 77
Without A B it checks every input pair (up to 65 536) and prints the accuracy. Without --model it reads
the archive it was extracted from: ${baseName}.npz beside it, or the archive beside it or in the
working folder that holds this same predict.py (the archive renamed).
"""
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

args = sys.argv[1:]
model_path = None
if "--model" in args:
    at = args.index("--model")
    if at + 1 >= len(args):
        sys.exit("--model needs the path of the .npz archive")
    model_path = Path(args[at + 1])
    del args[at : at + 2]
elif len(args) > 2:
    model_path = Path(args[2])


def find_archive():
    """The archive this script came from: its export name beside it, else the one .npz holding this same script."""
    here = Path(__file__).resolve()
    named = here.parent / ${JSON.stringify(`${baseName}.npz`)}
    if named.is_file():
        return named
    mine = here.read_bytes()
    found = []
    for folder in dict.fromkeys([here.parent, Path.cwd().resolve()]):
        for candidate in sorted(folder.glob("*.npz")):
            try:
                with zipfile.ZipFile(candidate) as archive:
                    if archive.read("predict.py") == mine and "config.json" in archive.namelist():
                        found.append(candidate)
            except (KeyError, OSError, zipfile.BadZipFile):
                continue
    if len(found) == 1:
        return found[0]
    if not found:
        sys.exit(f"cannot find the .npz this predict.py came from (no {named.name}, and no archive holding this script beside it); give it: python predict.py A B --model PATH")
    sys.exit("several archives hold this predict.py: " + ", ".join(str(p) for p in found) + "; choose one: python predict.py A B --model PATH")


path = model_path if model_path is not None else find_archive()
npz = np.load(path)
config = json.loads(npz["config.json"])
cell = config.get("cell", "rnn")  # files from before the LSTM and GRU hold the vanilla cell
bits = config["bits"]
W = npz["W"]
H = W.shape[0]
b_o = npz["b_o"][0] if config["bias"] else np.zeros(1)
# Each gate's input->hidden U, hidden->hidden V and bias, in ONNX's gate order.
GATES = {"rnn": [""], "lstm": ["i", "o", "f", "c"], "gru": ["z", "r", "h"]}[cell]
P = {
    g: (npz["U" + ("_" + g if g else "")], npz["V" + ("_" + g if g else "")], npz["b_h" + g][0] if config["bias"] else np.zeros(H))
    for g in GATES
}


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


f = np.tanh if config["activation"] == "tanh" else sigmoid


def pre(g, x, h):
    U, V, b = P[g]
    return x @ U + h @ V + b


def step(x, h, c):
    """One time step of the cell: the new hidden state h (and, for the LSTM, cell state c)."""
    if cell == "rnn":
        return f(pre("", x, h)), c
    if cell == "lstm":
        i, o, fg, cc = sigmoid(pre("i", x, h)), sigmoid(pre("o", x, h)), sigmoid(pre("f", x, h)), np.tanh(pre("c", x, h))
        c = fg * c + i * cc
        return o * np.tanh(c), c
    z, r = sigmoid(pre("z", x, h)), sigmoid(pre("r", x, h))
    U, V, b = P["h"]
    candidate = np.tanh(x @ U + (r * h) @ V + b)  # ONNX's GRU with linear_before_reset = 0
    return (1 - z) * candidate + z * h, c


def add(a, b):
    """Feeds the bit pairs least significant first; output bit t is 1 when o_t > 0.5."""
    h = np.zeros(H)
    c = np.zeros(H)
    total = 0
    for t in range(bits):
        x = np.array([(a >> t) & 1, (b >> t) & 1], dtype=np.float64)
        h, c = step(x, h, c)
        o = sigmoid(h @ W + b_o)[0]
        total |= int(o > 0.5) << t
    return total


limit = 2 ** (bits - 1)
if len(args) >= 2:
    a, b = int(args[0]), int(args[1])
    if not (0 <= a < limit and 0 <= b < limit):
        sys.exit(f"A and B must be integers from 0 to {limit - 1} for a {bits}-bit adder")
    total = add(a, b)
    print(f"{a} + {b} = {total}" + ("" if total == a + b else f"  (wrong: the sum is {a + b})"))
elif limit * limit <= 65536:
    right = sum(add(a, b) == a + b for a in range(limit) for b in range(limit))
    a, b = 3 % limit, 74 % limit
    print(f"{right} of {limit * limit} sums right ({100 * right / (limit * limit):.2f}%); e.g. {a} + {b} = {add(a, b)}")
else:
    sys.exit("give two numbers: python predict.py A B")
`;
}
