# title: Crossed transfers
# story: Alice sends Bob 10 pounds while Bob sends Alice 20. Each transfer
#   locks both accounts before moving money, so no transfer can see an
#   account half-updated.
# goal: deadlock
# hint: Each transfer takes two locks, one after the other.
# hint: In which order does each transfer take the two locks?
# hint: Let the first transfer lock Alice's account, then let the second lock Bob's.
# promise: prints "alice 60, bob 40"
# solution: 1.2.2.1

import threading

balances = {"alice": 50, "bob": 50}
locks = {"alice": threading.Lock(), "bob": threading.Lock()}


def transfer(source, target, amount):
    with locks[source]:
        with locks[target]:
            balances[source] -= amount
            balances[target] += amount


t1 = threading.Thread(target=transfer, args=("alice", "bob", 10))
t2 = threading.Thread(target=transfer, args=("bob", "alice", 20))
t1.start()
t2.start()
t1.join()
t2.join()

print(f"alice {balances['alice']}, bob {balances['bob']}")
