# Class-level registry and counters shared across instances.
class Task:
    created = 0
    registry = {}
    def __init__(self, title):
        Task.created += 1
        self.id = Task.created
        self.title = title
        self.done = False
        Task.registry[self.id] = self
    def finish(self):
        self.done = True
    def __repr__(self):
        mark = "x" if self.done else " "
        return f"[{mark}] #{self.id} {self.title}"
for title in ["write", "test", "ship"]:
    Task(title)
Task.registry[2].finish()
for tid in Task.registry:
    print(Task.registry[tid])
print(Task.created, len(Task.registry))
print(sorted(t.title for t in Task.registry.values() if not t.done))
class Sub(Task):
    pass
s = Sub("sub-task")
print(s, Task.created, Sub.created, s.id)
