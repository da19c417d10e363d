# SystemExit can be caught like any BaseException; sys.exit(0) ends cleanly.
import sys
try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit", e.code, repr(e))
try:
    sys.exit("message")
except SystemExit as e:
    print("caught with message:", e.code)
try:
    sys.exit()
except SystemExit as e:
    print("no-arg code:", e.code)
try:
    sys.exit(1)
except Exception:
    print("not caught by Exception")
except BaseException as e:
    print("BaseException handler:", type(e).__name__)
print(sys.getswitchinterval())
print("version starts with 3.11:", sys.version.startswith("3.11"))
sys.exit(0)
print("not reached")
