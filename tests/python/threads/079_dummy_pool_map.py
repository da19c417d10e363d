# multiprocessing.dummy.Pool (threads): map keeps input order even when tasks finish out of order.
from multiprocessing.dummy import Pool as ThreadPool
import time

def fetch(url):
    time.sleep(0.002 * (len(url) % 4))
    return f"{url} -> {len(url)}"

urls = [
    "http://www.baidu.com",
    "http://www.sina.com.cn",
    "http://www.163.com",
    "http://www.qq.com",
    "http://www.taobao.com",
]
pool = ThreadPool(4)
results = pool.map(fetch, urls)
pool.close()
pool.join()
for r in results:
    print(r)
