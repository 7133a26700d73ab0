"""The tokenizer and recursive-descent evaluator of bench/workloads/tokenizer.mjs in Python.
(Not named tokenize.py: that would shadow the standard module.)"""
from harness import measure, profile, scale

NUM = 0
OP = 1


@profile
def tokenize_expr(src):
    tokens = []
    i = 0
    n = len(src)
    while i < n:
        c = ord(src[i])
        if c == 32:
            i += 1
        elif 48 <= c <= 57:
            value = 0
            while i < n and 48 <= ord(src[i]) <= 57:
                value = value * 10 + (ord(src[i]) - 48)
                i += 1
            tokens.append({"kind": NUM, "value": value})
        else:
            tokens.append({"kind": OP, "value": src[i]})
            i += 1
    return tokens


@profile
def parse_expr(st):
    left = parse_term(st)
    while st["pos"] < len(st["tokens"]):
        op = st["tokens"][st["pos"]]["value"]
        if op != "+" and op != "-":
            break
        st["pos"] += 1
        right = parse_term(st)
        left = left + right if op == "+" else left - right
    return left


@profile
def parse_term(st):
    left = parse_factor(st)
    while st["pos"] < len(st["tokens"]):
        op = st["tokens"][st["pos"]]["value"]
        if op != "*" and op != "/":
            break
        st["pos"] += 1
        right = parse_factor(st)
        left = left * right if op == "*" else left / right
    return left


@profile
def parse_factor(st):
    tok = st["tokens"][st["pos"]]
    st["pos"] += 1
    if tok["kind"] == NUM:
        return tok["value"]
    if tok["value"] == "-":
        return -parse_factor(st)
    value = parse_expr(st)
    st["pos"] += 1  # the closing parenthesis
    return value


@profile
def evaluate(src):
    st = {"tokens": tokenize_expr(src), "pos": 0}
    return parse_expr(st)


def make_random(seed):
    state = [seed]

    def rand(k):
        state[0] = (state[0] * 48271) % 2147483647
        return state[0] % k

    return rand


def generate(rand, depth):
    if depth == 0 or rand(3) == 0:
        return str(1 + rand(999))
    op = "+-*/"[rand(4)]
    left = generate(rand, depth - 1)
    right = generate(rand, depth - 1)
    return f"({left} {op} {right})" if rand(2) == 0 else f"{left} {op} {right}"


@profile
def evaluate_all(exprs, rounds):
    total = 0
    for r in range(rounds):
        for src in exprs:
            total += evaluate(src)
    return total


rand = make_random(42)
exprs = [generate(rand, 6) for _ in range(200)]
ROUNDS = max(1, round(30 * scale()))
measure(
    "tokenizer",
    lambda: evaluate_all(exprs, 1),
    lambda: evaluate_all(exprs, ROUNDS),
)
