# title: Crossed transfers
# title.zh: 交叉转账
# story: Alice sends Bob 10 pounds while Bob sends Alice 20. Each transfer
#   locks both accounts before moving money, so no transfer can see an
#   account half-updated.
# story.zh: Alice 给 Bob 转 10 英镑，同时 Bob 给 Alice 转 20 英镑。每笔转账在转钱之前都会锁住两个账户，所以任何一笔转账都不会看到更新到一半的账户。
# goal: deadlock
# hint: Each transfer takes two locks, one after the other.
# hint.zh: 每笔转账都要获取两把锁，一把接着一把。
# hint: In which order does each transfer take the two locks?
# hint.zh: 每笔转账按什么顺序获取这两把锁？
# hint: Let the first transfer lock Alice's account, then let the second lock Bob's.
# hint.zh: 让第一笔转账锁住 Alice 的账户，再让第二笔转账锁住 Bob 的账户。
# promise: prints "alice 60, bob 40"
# promise.zh: 打印 "alice 60, bob 40"
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
