# find, rfind, index, rindex, count, in.
s = "abracadabra"
print(s.find("a"), s.find("bra"), s.find("z"), s.find("a", 1), s.find("a", 1, 3))
print(s.rfind("a"), s.rfind("bra"), s.rfind("z"), s.rfind("a", 0, 5))
print(s.index("c"), s.rindex("a"), s.index("ra", 3))
print(s.count("a"), s.count("bra"), s.count("z"), s.count(""), s.count("a", 5))
print("aaaa".count("aa"), "".count(""), "abc".find(""), "abc".rfind(""))
print("bra" in s, "xyz" in s, "" in s, "A" in s)
try:
    s.index("z")
except ValueError as e:
    print("ValueError:", e)
try:
    s.rindex("q")
except ValueError as e:
    print("ValueError:", e)
print(s.find("a", -3), s.find("a", -100), s.find("a", 100))
pos = s.find("a")
found = []
while pos != -1:
    found.append(pos)
    pos = s.find("a", pos + 1)
print(found)
print("中文字符串中文".find("中文", 1), "中文字符串中文".count("中"))
