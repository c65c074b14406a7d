/** The predict.py that travels inside the .npz: adds two numbers with NumPy exactly as the studio's forward pass does. */

/** The script, reading `<baseName>.npz` from its own folder unless given another path. */
export function predictScript(baseName: string): string {
  return `"""Adds two numbers with a recurrent network (vanilla RNN, LSTM or GRU) trained in RNN Studio.

Usage: python predict.py A B [MODEL.npz]    e.g. python predict.py 3 74  ->  3 + 74 = 77
Without A B it checks every input pair (up to 65 536) and prints the accuracy.
"""
import json
import sys
from pathlib import Path

import numpy as np

args = sys.argv[1:]
path = Path(args[2]) if len(args) > 2 else Path(__file__).resolve().parent / ${JSON.stringify(`${baseName}.npz`)}
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
