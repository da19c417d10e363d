# title: The last ten pounds
# title.zh: 最后十英镑
# story: A shared account holds 10 pounds and two cash machines each try to
#   withdraw 10. Each machine checks the balance first, so the account can
#   never go below zero.
# story.zh: 一个共享账户里有 10 英镑，两台取款机各自想取走 10 英镑。每台取款机都会先检查余额，所以账户永远不会低于零。
# goal: exception
# hint: Between the check and the withdrawal, the other machine may run.
# hint.zh: 在检查和取款之间，另一台取款机可能会运行。
# hint: The check reads balance; the withdrawal reads it again and writes it back.
# hint.zh: 检查时读取一次 balance；取款时再读取一次，然后写回。
# hint: Let both machines pass the `if` while balance is still 10, then let both withdraw.
# hint.zh: 趁 balance 还是 10，让两台取款机都通过 `if`，然后再让两台都取款。
# promise: prints "balance is 0"
# promise.zh: 打印 "balance is 0"
# solution: 1.2.1.1.2.2

import threading

balance = 10


def withdraw():
    global balance
    if balance >= 10:
        balance -= 10


atm1 = threading.Thread(target=withdraw)
atm2 = threading.Thread(target=withdraw)
atm1.start()
atm2.start()
atm1.join()
atm2.join()

assert balance >= 0, f"balance is {balance}"
print(f"balance is {balance}")
