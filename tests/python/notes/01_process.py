# Notes snippet 1 of 8 (section 创建进程及多进程): multiprocessing.Process.
# Changes: indentation repaired; the notes define run_process but call run_proc,
#   which is a NameError in CPython, so the function is named run_proc here.
# Compare: stdout exact (the parent joins the child before its last print).
from multiprocessing import Process

def run_proc(name):
    print(f'子进程开始 {name}...')

if __name__=='__main__':
    print('父进程开始')
    p = Process(target=run_proc, args=('test',))
    p.start()
    p.join()
    print("父进程结束")
