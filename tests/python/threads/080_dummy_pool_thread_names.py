# A multiprocessing.dummy pool of 2 uses five Thread-N numbers (2 workers + 3 handlers).
import threading
from multiprocessing.dummy import Pool

def work():
    pass

t1 = threading.Thread(target=work)
print(t1.name)
pool = Pool(2)
pool.close()
pool.join()
t2 = threading.Thread(target=work)
print(t2.name)
