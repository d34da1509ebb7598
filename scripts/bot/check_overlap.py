# Flags held-out questions that are near-copies of training phrases (word-set Jaccard >= 0.6
# or identical after normalisation), and overlaps between the dev and test sets.
# Run: python3 scripts/bot/check_overlap.py ; exits 1 if anything is flagged.
import json, pathlib, re, sys
root = pathlib.Path(__file__).resolve().parents[2]
def words(t): return set(re.findall(r"\w+", t.lower()))
training = json.load(open(root / "content/bot/training.json"))
phrases = [p for i in training["intents"] for ps in i["phrases"].values() for p in ps]
sets = {name: [json.loads(l) for l in open(root / f"content/bot/{name}-questions.jsonl")] for name in ("dev", "test") if (root / f"content/bot/{name}-questions.jsonl").exists()}
flagged = 0
def near(a, b):
    wa, wb = words(a), words(b)
    return wa == wb or (len(wa | wb) > 0 and len(wa & wb) / len(wa | wb) >= 0.6)
for name, lines in sets.items():
    for line in lines:
        for p in phrases:
            if near(line["text"], p):
                flagged += 1; print(f"{name}: {line['text']!r} ~ training {p!r}")
if "dev" in sets and "test" in sets:
    for a in sets["dev"]:
        for b in sets["test"]:
            if near(a["text"], b["text"]):
                flagged += 1; print(f"dev/test: {a['text']!r} ~ {b['text']!r}")
for name, lines in sets.items():
    print(name, len(lines), "lines")
sys.exit(1 if flagged else 0)
