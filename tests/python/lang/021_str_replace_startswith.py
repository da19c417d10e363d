# replace, startswith, endswith.
s = "one two one two one"
print(s.replace("one", "1"))
print(s.replace("one", "1", 2))
print(s.replace("one", "1", 0))
print(s.replace("x", "y"), s.replace("", "-"))
print("aaa".replace("a", "aa"), "aaaa".replace("aa", "b"))
print("hello".replace("l", ""), "abc".replace("", "."), "".replace("", "x"))
print(s.startswith("one"), s.startswith("two"), s.startswith("two", 4))
print(s.endswith("one"), s.endswith("two", 0, 7), s.endswith(""))
print("photo.JPG".lower().endswith((".jpg", ".png")), "x.gif".endswith((".jpg", ".png")))
print("https://x".startswith(("http://", "https://")))
print("中文测试".startswith("中"), "中文测试".endswith("测试"))
try:
    "abc".startswith(["a"])
except TypeError as e:
    print("TypeError:", e)
path = "/usr/local/bin/python3"
print(path.replace("/", "\\"))
print("tab\there".replace("\t", "    "))
