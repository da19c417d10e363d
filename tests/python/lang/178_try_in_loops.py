# try/except/continue/break inside loops.
raw = ["10", "x", "30", "", "50", "stop", "70"]
total = 0
bad = []
for item in raw:
    try:
        if item == "stop":
            break
        total += int(item)
    except ValueError:
        bad.append(item)
        continue
    finally:
        print("checked", repr(item))
print(total, bad)
attempts = 0
while True:
    attempts += 1
    try:
        if attempts < 3:
            raise TimeoutError(f"attempt {attempts} timed out")
        print("succeeded on attempt", attempts)
        break
    except TimeoutError as e:
        print("retry:", e)
results = []
for d in [2, 0, 5, 0]:
    try:
        results.append(10 // d)
    except ZeroDivisionError:
        results.append(None)
    else:
        results.append("ok")
print(results)
