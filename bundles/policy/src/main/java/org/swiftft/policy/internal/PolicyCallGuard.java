package org.swiftft.policy.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.swiftft.policy.PolicyFailedException;
import org.swiftft.policy.PolicyFailedException.Reason;

/**
 * The object registered as a policy service: it forwards each call to the live script instance on a
 * worker thread and waits at most the deadline. A call that throws or is late becomes a
 * {@link PolicyFailedException} for the caller, who then applies its own default. A late call is
 * interrupted (scripts are compiled with interrupt checks); after {@code brokenAfter} late calls in a
 * row the policy is taken out of service, so a script stuck in a loop cannot tie up more than that
 * many threads. Replacing the instance ({@link #swap}) keeps the same service, so consumers see no
 * gap and no duplicate.
 */
final class PolicyCallGuard implements InvocationHandler {

    /** Told when the policy is marked broken, so the engine can log and publish it. */
    interface BrokenListener {
        void broken(PolicyCallGuard guard, String message);
    }

    private final String name;
    private final ExecutorService workers;
    private final BrokenListener brokenListener;
    private volatile Object delegate;
    private volatile String scriptFile;
    private volatile long deadlineMillis;
    private volatile int brokenAfter;
    private volatile boolean broken;
    private int consecutiveTimeouts; // guarded by this
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    PolicyCallGuard(String name, ExecutorService workers, BrokenListener brokenListener) {
        this.name = name;
        this.workers = workers;
        this.brokenListener = brokenListener;
    }

    /** A proxy implementing {@code policyInterface} that calls through this guard. */
    Object proxyFor(Class<?> policyInterface) {
        return Proxy.newProxyInstance(policyInterface.getClassLoader(), new Class<?>[] {policyInterface}, this);
    }

    /** Puts a new script instance in service; clears the broken mark and the timeout count. */
    synchronized void swap(Object instance, String file) {
        delegate = instance;
        scriptFile = file;
        broken = false;
        consecutiveTimeouts = 0;
    }

    void limits(long deadlineMillis, int brokenAfter) {
        this.deadlineMillis = deadlineMillis;
        this.brokenAfter = brokenAfter;
    }

    boolean isBroken() {
        return broken;
    }

    long calls() {
        return calls.get();
    }

    long failures() {
        return failures.get();
    }

    long timeouts() {
        return timeouts.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        if (broken) {
            throw new PolicyFailedException(name, Reason.BROKEN, "policy '" + name + "' is out of service: it missed its "
                    + brokenAfter + " last deadlines; fix " + scriptFile + " and save it to load it again", null);
        }
        Object target = delegate;
        Future<Object> answer;
        try {
            answer = workers.submit(() -> method.invoke(target, args));
        } catch (RejectedExecutionException e) {
            throw new PolicyFailedException(name, Reason.REJECTED, "policy '" + name
                    + "' not called: every policy thread is busy with calls that have not returned", e);
        }
        try {
            Object result = answer.get(deadlineMillis, TimeUnit.MILLISECONDS);
            calls.incrementAndGet();
            synchronized (this) {
                consecutiveTimeouts = 0;
            }
            return result;
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw late(method);
        } catch (ExecutionException e) {
            failures.incrementAndGet();
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            throw new PolicyFailedException(name, Reason.THREW, "policy '" + name + "' threw in " + method.getName()
                    + " at " + scriptLocation(cause) + ": " + cause, cause);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new PolicyFailedException(name, Reason.TIMED_OUT, "interrupted while waiting for policy '" + name + "'", e);
        }
    }

    private PolicyFailedException late(Method method) {
        timeouts.incrementAndGet();
        boolean nowBroken;
        synchronized (this) {
            consecutiveTimeouts++;
            nowBroken = !broken && consecutiveTimeouts >= brokenAfter;
            broken |= nowBroken;
        }
        String message = "policy '" + name + "' did not answer " + method.getName() + " within "
                + deadlineMillis + " ms; the call was interrupted";
        if (nowBroken) {
            brokenListener.broken(this, message + " (" + brokenAfter + " in a row: out of service until "
                    + scriptFile + " changes)");
        }
        return new PolicyFailedException(name, Reason.TIMED_OUT, message, null);
    }

    /** {@code file:line} of the innermost frame in the script, so an operator knows where to look. */
    private String scriptLocation(Throwable cause) {
        String fileName = scriptFile == null ? null : java.nio.file.Path.of(scriptFile).getFileName().toString();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getFileName() != null && frame.getFileName().equals(fileName) && frame.getLineNumber() > 0) {
                    return scriptFile + ":" + frame.getLineNumber();
                }
            }
        }
        return scriptFile;
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "policy '" + name + "' from " + scriptFile;
        }
    }
}
