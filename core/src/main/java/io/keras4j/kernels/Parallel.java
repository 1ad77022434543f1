package io.keras4j.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The shared worker pool every kernel uses to spread work over the cores.
 *
 * <p>One pool per JVM of {@code threads() - 1} persistent daemon workers; the calling thread is the
 * last worker and always takes part. Handing out a job costs about a microsecond because a worker
 * that has just finished a job spins ({@link Thread#onSpinWait()}) for ~2 ms waiting for the next
 * one before it parks (yielding its core between checks after the first 20 µs, so a busy machine
 * gets it back); a plain executor costs tens of microseconds, which is more than a whole
 * 128³ GEMM is worth splitting for.
 *
 * <p>Safe to call from anywhere: a call made from inside a running job (nested loops), or while
 * another thread holds the pool, runs inline on the calling thread instead of waiting, so it can
 * never deadlock. The first exception or error thrown by a body is rethrown to the caller once
 * every chunk has stopped.
 *
 * <p>The thread count is {@link Runtime#availableProcessors()} unless the system property
 * {@code keras4j.threads} says otherwise, and can be changed at run time with
 * {@link #setThreads(int)}.
 */
public final class Parallel {
    private Parallel() {}

    /** Body of a parallel loop over the index range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /** Body of one of several independent tasks, numbered from 0. */
    @FunctionalInterface
    public interface TaskBody {
        void run(int task);
    }

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 2_000_000L;
    /**
     * After this long a spinning thread also yields its core between checks: when another
     * process wants the core (or the thread it waits for has been descheduled), pure spinning
     * would hold it for the whole spin time; on an idle machine a yield returns at once.
     */
    private static final long YIELD_NANOS = 20_000L;

    private static volatile int threads = initialThreads();
    private static final AtomicBoolean busy = new AtomicBoolean();
    private static final Object startLock = new Object();
    private static volatile Worker[] workers = new Worker[0];
    /** The job being run, or null between jobs. Workers pick it up by its sequence number. */
    private static volatile Job current;
    private static long nextSeq;

    private static int initialThreads() {
        int n = Runtime.getRuntime().availableProcessors();
        String prop = System.getProperty("keras4j.threads");
        if (prop != null && !prop.isBlank()) {
            try {
                n = Integer.parseInt(prop.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("keras4j.threads must be an integer, got '" + prop + "'", e);
            }
        }
        return Math.max(1, n);
    }

    /** Number of threads kernels may use (the caller included). */
    public static int threads() { return threads; }

    /**
     * Sets the number of threads kernels may use from now on (the caller included); 1 runs every
     * job inline. Returns the previous value. Workers are started lazily and never stopped; ones
     * beyond the new count simply sit idle.
     */
    public static int setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        int old = threads;
        threads = n;
        return old;
    }

    /** True when called from inside a pool worker. */
    static boolean inWorker() { return Thread.currentThread() instanceof Worker; }

    /**
     * Runs body over [0, n) split into at most {@link #threads()} contiguous chunks of at least
     * minChunk indices (fewer chunks when n is small; a single chunk runs inline).
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        int chunks = (int) Math.min(t, n / (long) Math.max(1, minChunk));
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        forEachTask(chunks, task -> body.run((int) ((long) n * task / chunks), (int) ((long) n * (task + 1) / chunks)));
    }

    /**
     * Runs body(0) … body(tasks - 1), each exactly once, spread over the pool; returns when all
     * have finished. Tasks are claimed dynamically, so more tasks than threads balance the load.
     */
    public static void forEachTask(int tasks, TaskBody body) {
        if (tasks <= 0) return;
        int t = Math.min(threads, tasks);
        if (t <= 1 || inWorker() || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < tasks; i++) body.run(i);
            return;
        }
        try {
            Worker[] ws = ensureWorkers(t - 1);
            Job job = new Job(++nextSeq, tasks, t - 1, body, Thread.currentThread());
            current = job;
            for (int i = 0; i < t - 1; i++) {
                Worker w = ws[i];
                if (w.parked) LockSupport.unpark(w);
            }
            job.work();
            job.awaitDone();
            current = null;
            Throwable e = job.error;
            if (e != null) {
                if (e instanceof RuntimeException re) throw re;
                if (e instanceof Error err) throw err;
                throw new RuntimeException(e);
            }
        } finally {
            current = null;
            busy.set(false);
        }
    }

    private static Worker[] ensureWorkers(int count) {
        Worker[] ws = workers;
        if (ws.length >= count) return ws;
        synchronized (startLock) {
            ws = workers;
            if (ws.length >= count) return ws;
            Worker[] grown = java.util.Arrays.copyOf(ws, count);
            for (int i = ws.length; i < count; i++) {
                grown[i] = new Worker(i);
                grown[i].start();
            }
            workers = grown;
            return grown;
        }
    }

    /** One call of forEachTask: tasks are claimed through {@code next}, completion counted down. */
    private static final class Job {
        final long seq;
        final int tasks;
        final int helpers;
        final TaskBody body;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        volatile Throwable error;
        volatile boolean callerParked;

        Job(long seq, int tasks, int helpers, TaskBody body, Thread caller) {
            this.seq = seq;
            this.tasks = tasks;
            this.helpers = helpers;
            this.body = body;
            this.caller = caller;
            this.remaining = new AtomicInteger(tasks);
        }

        /** Claims and runs tasks until none is left. */
        void work() {
            int i;
            while ((i = next.getAndIncrement()) < tasks) {
                try {
                    if (error == null) body.run(i);
                } catch (Throwable e) {
                    synchronized (this) {
                        if (error == null) error = e;
                    }
                } finally {
                    if (remaining.decrementAndGet() == 0 && callerParked) LockSupport.unpark(caller);
                }
            }
        }

        /** Caller side: spins briefly, then parks until the last task has finished. */
        void awaitDone() {
            long start = 0;
            int spins = 0;
            while (remaining.get() != 0) {
                Thread.onSpinWait();
                if ((++spins & 63) != 0) continue;
                long now = System.nanoTime();
                if (start == 0) start = now;
                else if (now - start > YIELD_NANOS && now - start <= SPIN_NANOS) Thread.yield();
                else if (now - start > SPIN_NANOS) {
                    callerParked = true;
                    while (remaining.get() != 0) LockSupport.parkNanos(this, 1_000_000L);
                    return;
                }
            }
        }
    }

    /** A pool thread: waits (spin, then park) for a job it has not seen yet and helps run it. */
    private static final class Worker extends Thread {
        final int index;
        volatile boolean parked;

        Worker(int index) {
            super("keras4j-worker-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) seen = helpWithNext(seen);
        }

        /**
         * Waits for a job newer than seen, helps with it and returns its sequence number. A method
         * of its own so that no frame keeps the finished job (and the arrays its body captured)
         * reachable while the worker waits.
         */
        private long helpWithNext(long seen) {
            Job job = awaitJob(seen);
            if (index < job.helpers) job.work();
            return job.seq;
        }

        private Job awaitJob(long seen) {
            long start = System.nanoTime();
            int spins = 0;
            while (true) {
                Job job = current;
                if (job != null && job.seq != seen) return job;
                Thread.onSpinWait();
                if ((++spins & 255) != 0) continue;
                long waited = System.nanoTime() - start;
                if (waited < SPIN_NANOS) {
                    if (waited > YIELD_NANOS) Thread.yield();
                    continue;
                }
                parked = true;
                job = current;
                if (job == null || job.seq == seen) LockSupport.park(this);
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
