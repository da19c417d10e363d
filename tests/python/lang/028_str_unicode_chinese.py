# Chinese text: len counts code points, slicing and methods work per character.
s = "你好，世界！Hello"
print(s, len(s))
print(s[0], s[-1], s[2], s[:2], s[3:5], s[::-1])
print(s.find("世界"), s.index("H"), s.count("l"))
print(s.replace("世界", "Python"))
print(s.upper(), s.lower())
print(list("中文"), "".join(reversed("中文字符")))
words = "多进程 多线程 进程锁 线程锁 线程池".split()
print(words, len(words))
print(" | ".join(words))
print([len(w) for w in words])
print("线程" in words[1], words[1].startswith("多"), words[4].endswith("池"))
print(sorted(["线程", "进程", "队列"]))
print(repr("父进程结束"), str("父进程结束"))
emoji = "👍🏽ok"
print(len(emoji), emoji[2:])
print("第三周学习笔记"[1:4])
text = "进程锁和线程锁"
print(text.split("和"), text.partition("和"))
print("，".join(["一", "二", "三"]))
print(ord("中"), chr(25991), "\u7ebf\u7a0b")
