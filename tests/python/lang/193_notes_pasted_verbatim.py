# The notes' first snippet pasted verbatim (indented with spaces and tabs, as in the
# .md file): CPython refuses it before running anything.
        from multiprocessing import Process

        def run_process(name):
    		print(f'子进程开始 {name}...')

    	if __name__=='__main__':
    		print('父进程开始')
    	    p = Process(target=run_proc, args=('test',))
    	    p.start()
    		p.join()
    		print("父进程结束")

