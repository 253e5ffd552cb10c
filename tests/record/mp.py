# A Python workload for `pidsim record`: a multiprocessing pool of two
# workers (fork start method), each using a thread, plus a thread pool in
# the parent.
import multiprocessing as mp
import threading
from concurrent.futures import ThreadPoolExecutor


def work(n):
    out = []
    t = threading.Thread(target=lambda: out.append(n * n))
    t.start()
    t.join()
    return out[0]


if __name__ == "__main__":
    ctx = mp.get_context("fork")
    with ctx.Pool(2) as pool:
        assert sum(pool.map(work, range(20))) == sum(i * i for i in range(20))
    with ThreadPoolExecutor(max_workers=3) as ex:
        assert list(ex.map(lambda x: x + 1, range(6))) == [1, 2, 3, 4, 5, 6]
    p = ctx.Process(target=work, args=(3,))
    p.start()
    p.join()
    assert p.exitcode == 0
