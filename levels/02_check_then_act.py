# title: The last ten pounds
# story: A shared account holds 10 pounds and two cash machines each try to
#   withdraw 10. Each machine checks the balance first, so the account can
#   never go below zero.
# goal: exception
# hint: Between the check and the withdrawal, the other machine may run.
# hint: The check reads balance; the withdrawal reads it again and writes it back.
# hint: Let both machines pass the `if` while balance is still 10, then let both withdraw.
# promise: prints "balance is 0"
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
