# IndexError messages across sequence types.
seqs = [[1, 2], "ab", (1, 2), range(2)]
for s in seqs:
    for i in [2, -3]:
        try:
            s[i]
        except IndexError as e:
            print(type(s).__name__, i, "->", e)
lst = [1]
for action in ["assign", "delete", "pop", "pop0", "insert"]:
    try:
        if action == "assign":
            lst[5] = 1
        elif action == "delete":
            del lst[5]
        elif action == "pop":
            [].pop()
        elif action == "pop0":
            lst.pop(9)
        else:
            lst.insert(99, "ok")
            print("insert never raises:", lst)
    except IndexError as e:
        print(action, "->", e)
print(lst[5:], lst[-99:99], "ab"[5:])
try:
    [[1]][0][1]
except IndexError as e:
    print("nested ->", e)
