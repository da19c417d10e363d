# `and`/`or` return one of their operands and short-circuit.
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "default", "" or [] or 0)
print([] and "x", [1] and "x", "a" or "b", "" or "b")
print(not 0, not 1, not "", not "x", not None, not [], not [0])
print(1 and 2 and 3, 1 and 0 and 3, 0 or "" or None, 0 or 1 or 2)
log = []
def t(name, val):
    log.append(name)
    return val
r = t("a", False) and t("b", True)
print(r, log)
log.clear()
r = t("a", True) or t("b", True)
print(r, log)
log.clear()
r = t("a", 0) or t("b", "") or t("c", "found")
print(repr(r), log)
log.clear()
r = t("a", 1) and t("b", 2) or t("c", 3)
print(r, log)
name = ""
print(name or "anonymous", (name and name.upper()) or "none")
print(True + (True and 2), (False or 3) * 2)
x = 5
print(x > 3 and "big" or "small", x > 10 and "big" or "small")
print(not x == 5, not (x == 5), (not x) == 5)
