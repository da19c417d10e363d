# Nested dicts and counting/grouping patterns.
students = [
    ("ann", "math", 90), ("bob", "math", 72), ("ann", "art", 85),
    ("cid", "art", 60), ("bob", "art", 95), ("cid", "math", 88),
]
by_student = {}
for name, subject, score in students:
    by_student.setdefault(name, {})[subject] = score
print(by_student)
for name in by_student:
    scores = by_student[name]
    avg = sum(scores.values()) / len(scores)
    print(f"{name}: {avg:.1f} best={max(scores, key=scores.get)}")
by_subject = {}
for name, subject, score in students:
    if subject not in by_subject:
        by_subject[subject] = []
    by_subject[subject].append((score, name))
for subject, lst in by_subject.items():
    print(subject, sorted(lst, reverse=True))
config = {"db": {"host": "localhost", "ports": [5432, 5433]}, "debug": False}
print(config["db"]["ports"][1], config.get("cache", {}).get("size", 0))
config["db"]["ports"].append(5434)
print(config)
tree = {}
for path in ["a/b/c", "a/b/d", "a/e", "f"]:
    node = tree
    for part in path.split("/"):
        node = node.setdefault(part, {})
print(tree)
