# Exceptions in named threads and subclasses: stdout unaffected, exit code 0.
import threading

class Crasher(threading.Thread):
    def run(self):
        print("crasher running as", self.name)
        {}["missing"]

c = Crasher(name="crash-1")
c.start()
c.join()
t = threading.Thread(target=lambda: 1 / 0, name="divider")
t.start()
t.join()
print("both failures reported on stderr; main still prints")
