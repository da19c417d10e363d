# Classes: __init__, methods, instance state, calling methods on instances.
class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []
    def deposit(self, amount):
        self.balance += amount
        self.history.append(("deposit", amount))
        return self.balance
    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError(f"insufficient funds: {self.balance} < {amount}")
        self.balance -= amount
        self.history.append(("withdraw", amount))
        return self.balance
    def summary(self):
        return f"{self.owner}: {self.balance} after {len(self.history)} ops"
a = Account("ann")
b = Account("bob", 100)
print(a.deposit(50), a.withdraw(20), b.withdraw(30))
try:
    a.withdraw(1000)
except ValueError as e:
    print("ValueError:", e)
print(a.summary())
print(b.summary())
print(a.history)
print(Account.deposit(b, 5), b.balance)
m = a.deposit
print(m(1), a.balance)
a.nickname = "A"
print(a.nickname, hasattr(b, "nickname"))
print(type(a).__name__, isinstance(a, Account))
