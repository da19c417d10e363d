# title: Missed the doorbell
# story: A courier leaves two parcels on the porch and rings the doorbell
#   after each one. The resident waits for the bell, takes in every parcel
#   on the porch, and resets the bell for the next ring.
# goal: deadlock
# hint: An Event remembers only one thing: set or not set. It does not count rings.
# hint: What if the bell rings again after the resident has emptied the porch, but before the reset?
# hint: Let the resident wait; let the courier drop the books and ring; let the resident take them in; now let the courier finish before the resident resets the bell.
# promise: prints "taken in ['books', 'shoes']"
# solution: 2.2.1.1.2.2.2.2.2.1.1.2.2.2

import threading

doorbell = threading.Event()
porch = []
taken_in = []


def deliver():
    for parcel in ["books", "shoes"]:
        porch.append(parcel)
        doorbell.set()  # ring


def take_in():
    while len(taken_in) < 2:
        doorbell.wait()
        while porch:
            taken_in.append(porch.pop(0))
        doorbell.clear()  # ready for the next ring


courier = threading.Thread(target=deliver)
resident = threading.Thread(target=take_in)
courier.start()
resident.start()
courier.join()
resident.join()

print(f"taken in {taken_in}")
