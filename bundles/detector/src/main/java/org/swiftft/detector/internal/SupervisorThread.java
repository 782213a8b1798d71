package org.swiftft.detector.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one thread on which the supervisor changes state and forks children. Work comes as tasks;
 * callers either get a future ({@link #submit}) or wait for the answer ({@link #call}), and a task
 * that fails is reported, not swallowed as an executor would.
 */
final class SupervisorThread {

    static final long CALL_TIMEOUT_SECONDS = 30;

    private final Consumer<String> problems;
    private volatile Thread thread;
    private final ScheduledThreadPoolExecutor executor;

    SupervisorThread(Consumer<String> problems) {
        this.problems = problems;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread supervisor = new Thread(() -> {
                thread = Thread.currentThread();
                runnable.run();
            }, "swift-detector");
            supervisor.setDaemon(true);
            return supervisor;
        }) {
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                report(task, thrown);
            }
        };
        executor.setRemoveOnCancelPolicy(true);
    }

    void execute(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(task);
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs the work on the thread; the answer comes as a future, nobody waits. */
    <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        execute(() -> {
            try {
                answer.complete(work.call());
            } catch (Exception | Error e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** Runs the work on the thread and waits for the answer, unwrapping what it threw. */
    <T> T call(Callable<T> work) {
        if (Thread.currentThread() == thread) {
            try {
                return work.call(); // already on it: waiting for itself would never end
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        // not executor.submit(): what the work throws is the caller's to handle, not a failed task to report
        executor.execute(() -> {
            try {
                answer.complete(work.call());
            } catch (Exception | Error e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the supervisor did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the supervisor", e);
        }
    }

    /** As an executor to compose futures on. */
    java.util.concurrent.Executor asExecutor() {
        return this::execute;
    }

    void shutdown() {
        executor.shutdownNow();
    }

    private void report(Runnable task, Throwable thrown) {
        Throwable failure = thrown;
        if (failure == null && task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
            try {
                future.get();
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            problems.accept("supervisor task failed: " + failure);
        }
    }
}
