# sys.exit(3): the process exits with status 3 and later code never runs.
import sys
print("before exit")
def cleanup_demo():
    try:
        sys.exit(3)
    finally:
        print("finally still runs on sys.exit")
cleanup_demo()
print("never printed")
