# Notes snippet 8 of 8 (section 线程池（Pool）): ThreadPool(4).map(requests.get, urls).
# Changes: indentation repaired only.
# Compare: stdout exact: the five final URLs in input order (pool.map keeps order).
#   The five portals are pages of Lockstep's bundled site (www/site/hosts/), which
#   CPython fetches through tests/python/expect.py's proxy (manifest: needs = "site");
#   the real sites would redirect some of them to https.
import requests
from multiprocessing.dummy import Pool as ThreadPool

urls = [
   'http://www.baidu.com',
   'http://www.sina.com.cn',
   'http://www.163.com',
   'http://www.qq.com',
   'http://www.taobao.com',
   ]

# 开启线程池
pool = ThreadPool(4)
# 获取urls的结果
results = pool.map(requests.get, urls)
# 关闭线程池等待任务完成退出
pool.close()
pool.join()

for  i in results:
    print(i.url)
