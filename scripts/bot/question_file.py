# Writes a question set as JSON Lines ({"text","lang","intent"}) into content/bot/.
import json, pathlib

def write_questions(name, in_scope, out_of_scope):
    out = pathlib.Path(__file__).resolve().parents[2] / "content" / "bot" / name
    with out.open("w", encoding="utf-8") as f:
        for intent, langs in in_scope.items():
            for lang, texts in langs.items():
                for text in texts:
                    f.write(json.dumps({"text": text, "lang": lang, "intent": intent}, ensure_ascii=False) + "\n")
        for lang, texts in out_of_scope.items():
            for text in texts:
                f.write(json.dumps({"text": text, "lang": lang, "intent": "out_of_scope"}, ensure_ascii=False) + "\n")
    print(out, sum(1 for _ in out.open()))
